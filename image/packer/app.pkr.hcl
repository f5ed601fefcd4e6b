# App stage: WordPress on top of the base image, wp-init as entrypoint.
# Build only this stage: packer build -only=docker.app image/packer
# Pushing to ECR: add -var ecr_repository_url=... and keep the ecr-tag and
# ecr-push post-processors (`make build PUSH=1`); without a push they are
# skipped with -except=ecr-tag,ecr-push. A repository URL outside ECR (the
# emulator test's local registry) is pushed to without the ECR login.

source "docker" "app" {
  image       = "${var.base_repository}:${var.base_tag}"
  pull        = false
  commit      = true
  run_command = local.run_command
  changes = [
    "ENTRYPOINT [\"/usr/local/bin/wp-init\"]",
    "CMD [\"run\"]",
    "EXPOSE 80",
    "WORKDIR ${local.layout.wpecs_wordpress_dir}",
    # Apache and PHP-FPM: wp-init's built-in WPECS_HTTPD_CMD and WPECS_FPM_CMD are
    # the webserver role's wrappers, so nothing is set here.
    # First start on an empty volume waits for the database and seeds it.
    "HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 CMD [\"/usr/local/bin/wp-init\", \"healthcheck\"]",
    "LABEL org.opencontainers.image.title=wordpress-ecs",
    "LABEL org.opencontainers.image.description=\"WordPress on Apache and PHP-FPM with wp-init, for AWS ECS\"",
    "LABEL org.opencontainers.image.version=${var.version}",
    "LABEL org.opencontainers.image.revision=${var.git_revision}",
    "LABEL org.opencontainers.image.source=${var.source_url}",
    "LABEL org.opencontainers.image.created=${local.created}",
    # The smallest memory (MiB) the image works in: the base stage's budget
    # (/etc/wordpress-ecs/memory.env, MIN_MB), read by build.sh.
    "LABEL org.wpecs.memory.min-mb=${var.memory_min_mb}",
  ]
}

build {
  sources = ["source.docker.app"]

  # The wordpress role installs no packages: Ansible without its apt module.
  provisioner "shell" {
    script           = "${path.root}/scripts/install-ansible.sh"
    environment_vars = ["WPECS_ANSIBLE_APT=0"]
  }

  # files/ (wp-config.php, healthz.php, db-upgrade.php) and, for the local
  # source, wordpress/ (the tree).
  provisioner "file" {
    source      = "${var.app_context}/"
    destination = "/tmp/wordpress-ecs-context"
  }

  provisioner "file" {
    source      = var.wp_init
    destination = "/usr/local/bin/wp-init"
  }

  provisioner "ansible-local" {
    playbook_dir  = "${path.root}/../ansible"
    playbook_file = "${path.root}/../ansible/app.yml"
    extra_arguments = [
      "--extra-vars", "wordpress_source=${var.wordpress_source}",
      "--extra-vars", "wordpress_version=${var.wordpress_version}",
      "--extra-vars", "wordpress_local_path=/tmp/wordpress-ecs-context/wordpress",
      "--extra-vars", "wordpress_files_dir=/tmp/wordpress-ecs-context/files",
      "--extra-vars", "wordpress_image_version=${var.version}",
      "--extra-vars", "wordpress_git_revision=${var.git_revision}",
      "--extra-vars", var.wordpress_checksum != "" ? "wordpress_archive_checksum=${var.wordpress_checksum}" : "{}",
      "--extra-vars", var.wordpress_url != "" ? "wordpress_archive_url=${var.wordpress_url}" : "{}",
    ]
  }

  provisioner "shell" {
    inline = [
      "chown root:root /usr/local/bin/wp-init && chmod 0755 /usr/local/bin/wp-init",
      "rm -rf /tmp/wordpress-ecs-context",
      "/usr/local/bin/wp-init version",
    ]
  }

  provisioner "shell" {
    script = "${path.root}/scripts/cleanup.sh"
  }

  post-processors {
    post-processor "docker-tag" {
      repository = var.image
      tags       = [local.tag]
    }
    post-processor "manifest" {
      output     = "${local.repo_root}/build/manifest-app.json"
      strip_path = true
      custom_data = {
        image = "${var.image}:${local.tag}"
      }
    }
  }

  # Push: a second chain from the same artifact, tagged with the ECR name.
  post-processors {
    post-processor "docker-tag" {
      name       = "ecr-tag"
      repository = var.ecr_repository_url
      tags       = [local.tag]
    }
    post-processor "docker-push" {
      name         = "ecr-push"
      ecr_login    = local.push_ecr_login
      login_server = local.ecr_login_server
    }
  }
}

locals {
  # An ECR registry (<account>.dkr.ecr.<region>.amazonaws.com, the form
  # Packer's ECR login parses the account and region from) is logged in to
  # with an ECR token from the AWS credentials. Any other registry is pushed
  # to with what `docker login` stored, or none: the emulator test's local
  # registry on 127.0.0.1. (This Packer's regex functions do not work, hence
  # split.)
  push_ecr_login = (length(split(".dkr.ecr.", local.ecr_login_server)) == 2 &&
  length(split(".amazonaws.com", local.ecr_login_server)) == 2)
}
