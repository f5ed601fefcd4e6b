# Inputs of both stages. `make build` sets them; running Packer by hand works
# too (see README.md).

variable "base_image" {
  type        = string
  description = "Debian image the base stage starts from, of release debian_release. BASE_IMAGE of settings.env, which build.sh passes."
}

variable "debian_release" {
  type        = string
  description = "Debian release (codename) of base_image: DEBIAN_RELEASE of settings.env, which build.sh passes. Labels only; the packages come from base_image's apt sources."
}

variable "php_version" {
  type        = string
  description = "PHP version of debian_release's packages (webserver_php_version): PHP_VERSION of settings.env, which build.sh passes."
}

variable "pull" {
  type        = bool
  default     = true
  description = "Pull base_image before building (false for a locally built base_image)."
}

variable "base_repository" {
  type        = string
  description = "Repository of the base stage's image: BASE_REPOSITORY of settings.env, which build.sh passes."
}

variable "base_tag" {
  type        = string
  default     = "latest"
  description = "Tag of the base stage's image; the Makefile uses a hash of the base stage's inputs so that an app-only change reuses it."
}

variable "image" {
  type        = string
  description = "Repository of the app image (tagged image:version): IMAGE of settings.env, which build.sh passes."
}

variable "version" {
  type        = string
  default     = "dev"
  description = "Tag of the app image; also IMAGE_VERSION in /etc/wordpress-ecs/release and the OCI version label."
}

variable "git_revision" {
  type        = string
  default     = "unknown"
  description = "Git commit the image is built from (OCI revision label, release file)."
}

variable "source_url" {
  type        = string
  default     = "https://github.com/wordpress-ecs/wordpress-ecs"
  description = "Where the source lives (OCI source label)."
}

variable "timezone" {
  type        = string
  description = "IANA time zone of the image (timezone role): TIMEZONE of settings.env, which build.sh passes."
}

variable "wordpress_source" {
  type        = string
  default     = "archive"
  description = "archive: the upstream release tarball with its checksum; local: the tree in <app_context>/wordpress."
}

variable "wordpress_version" {
  type        = string
  description = "WordPress release to download (archive source): WORDPRESS_VERSION of settings.env, which build.sh passes."
}

variable "wordpress_url" {
  type        = string
  default     = ""
  description = "URL of the release archive (a mirror, or file:// for a test); empty: the upstream URL of wordpress_version."
}

variable "wordpress_checksum" {
  type        = string
  default     = ""
  description = "Pinned digest of the archive, e.g. sha256:<digest>, from a source other than the download; required with the archive source."
}

variable "memory_min_mb" {
  type        = string
  default     = "0"
  description = "Label org.wpecs.memory.min-mb of the app image: MIN_MB of the base image's /etc/wordpress-ecs/memory.env (build.sh reads it)."
}

variable "app_context" {
  type        = string
  default     = ""
  description = "Folder uploaded into the app build: files/ (wp-config.php, healthz.php, db-upgrade.php) and, for the local source, wordpress/. Empty: build/app-context in the repository."
}

variable "wp_init" {
  type        = string
  default     = ""
  description = "Path of the static wp-init binary. Empty: build/init/wp-init in the repository."
}

variable "ecr_repository_url" {
  type        = string
  default     = ""
  description = "ECR repository URL (<account>.dkr.ecr.<region>.amazonaws.com/<name>) to push to; used by the push post-processors only."
}

variable "arch" {
  type        = string
  description = "CPU architecture of the image: amd64, or arm64 (Graviton; emulated with qemu on an amd64 machine, see tools/binfmt.sh). An arm64 image is tagged <version>-arm64. ARCH of settings.env, which build.sh passes."

  validation {
    condition     = contains(["amd64", "arm64"], var.arch)
    error_message = "The arch must be amd64 or arm64."
  }
}

locals {
  repo_root = "${path.root}/../.."
  # One tag per architecture: <version> (amd64, as before) and <version>-arm64.
  tag = var.arch == "amd64" ? var.version : "${var.version}-${var.arch}"
  # This Packer's docker builder has no `platform` setting: the container is
  # started with the default run command plus --platform.
  run_command = ["-d", "-i", "-t", "--platform=linux/${var.arch}", "--entrypoint=/bin/sh", "--", "{{.Image}}"]
  app_context = var.app_context != "" ? var.app_context : "${local.repo_root}/build/app-context"
  wp_init     = var.wp_init != "" ? var.wp_init : "${local.repo_root}/build/init/wp-init"
  created     = timestamp()
  # The registry host of the ECR repository URL, for `docker login`.
  ecr_login_server = var.ecr_repository_url != "" ? split("/", var.ecr_repository_url)[0] : ""
}
