# Inputs of both stages. `make build` sets them (through build.sh, which
# passes every variable without a default to both stages); running Packer by
# hand works too (see README.md). A variable without a default is required:
# its one home is settings.env, make or build.sh, and Packer names a missing
# one ("Unset variable").

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
  description = "Tag of the base stage's image: build.sh passes a hash of the base stage's inputs, so that an app-only change reuses it."
}

variable "image" {
  type        = string
  description = "Repository of the app image (tagged image:version): IMAGE of settings.env, which build.sh passes."
}

variable "version" {
  type        = string
  description = "Tag of the app image; also IMAGE_VERSION in /etc/wordpress-ecs/release and the OCI version label: VERSION of make, which build.sh passes."
}

variable "git_revision" {
  type        = string
  description = "Git commit the image is built from (OCI revision label, release file): build.sh passes the checkout's commit, or GIT_REVISION."
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
  description = "local: the tree in <app_context>/wordpress; archive: the upstream release tarball with its checksum. WORDPRESS_SOURCE of settings.env, which build.sh passes."

  validation {
    condition     = contains(["local", "archive"], var.wordpress_source)
    error_message = "The wordpress_source must be local or archive."
  }
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
  description = "Folder uploaded into the app build: files/ (wp-config.php, healthz.php, db-upgrade.php) and, for the local source, wordpress/. build.sh assembles it for each run."
}

variable "wp_init" {
  type        = string
  description = "Path of the static wp-init binary: build.sh's stripped copy of WP_INIT (make passes build/init/wp-init)."
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
  # The image's layout (wpecs_wordpress_dir, wpecs_shared_dir, wpecs_lib_dir):
  # one home, which the Ansible playbooks load too.
  layout = yamldecode(file("${abspath(path.root)}/../ansible/layout.yml"))
  # One tag per architecture: <version> (amd64, as before) and <version>-arm64.
  tag = var.arch == "amd64" ? var.version : "${var.version}-${var.arch}"
  # This Packer's docker builder has no `platform` setting: the container is
  # started with the default run command plus --platform.
  run_command = ["-d", "-i", "-t", "--platform=linux/${var.arch}", "--entrypoint=/bin/sh", "--", "{{.Image}}"]
  created     = timestamp()
  # The registry host of the ECR repository URL, for `docker login`.
  ecr_login_server = var.ecr_repository_url != "" ? split("/", var.ecr_repository_url)[0] : ""
}
