# Base stage: Debian + Apache (event MPM) + PHP-FPM and extensions, time
# zone. The slow package work happens here; the Makefile tags the result with
# a hash of this stage's inputs and skips the stage when that tag exists.
# Build only this stage: packer build -only=docker.base image/packer

source "docker" "base" {
  image       = var.base_image
  pull        = var.pull
  commit      = true
  run_command = local.run_command
  changes = [
    # Debian's apache2ctl does not exec apache2, so wp-init starts it through
    # the webserver role's wrapper, which reads /etc/apache2/envvars (the
    # defaults of the WPECS_* settings too) and execs apache2. These repeat
    # envvars for tools run by hand; pid and lock files live in /run itself
    # (a tmpfs at run time: read-only root file system).
    "ENV APACHE_RUN_USER=www-data APACHE_RUN_GROUP=www-data APACHE_RUN_DIR=/run APACHE_PID_FILE=/run/apache2.pid APACHE_LOCK_DIR=/run APACHE_LOG_DIR=/var/log/apache2 LANG=C.UTF-8",
    "ENV WPECS_SHARED_DIR=${local.layout.wpecs_shared_dir}",
    # The builder's run command would otherwise leave /bin/sh as entrypoint.
    "ENTRYPOINT [\"/usr/bin/env\"]",
    "CMD [\"bash\"]",
    "LABEL org.opencontainers.image.title=wordpress-ecs-base",
    "LABEL org.opencontainers.image.description=\"Debian ${var.debian_release}, Apache event MPM, PHP-FPM ${var.php_version} (base of wordpress-ecs)\"",
    "LABEL org.opencontainers.image.source=${var.source_url}",
  ]
}

build {
  sources = ["source.docker.base"]

  provisioner "shell" {
    script = "${path.root}/scripts/install-ansible.sh"
  }

  provisioner "ansible-local" {
    playbook_dir    = "${path.root}/../ansible"
    playbook_file   = "${path.root}/../ansible/base.yml"
    extra_arguments = ["--extra-vars", "timezone_name=${var.timezone}", "--extra-vars", "webserver_php_version=${var.php_version}"]
  }

  provisioner "shell" {
    script = "${path.root}/scripts/cleanup.sh"
  }

  post-processors {
    post-processor "docker-tag" {
      repository = var.base_repository
      tags       = [var.base_tag]
    }
    post-processor "manifest" {
      output     = "${local.repo_root}/build/manifest-base.json"
      strip_path = true
      custom_data = {
        image = "${var.base_repository}:${var.base_tag}"
      }
    }
  }
}
