# Issue 9 items 1, 3, 6, 7 and issue 13 items 9, 10 (contracts C1-C6): what the
# task runs with, checked on the planned task definition and roles.
mock_provider "aws" {
  mock_data "aws_region" {
    defaults = {
      name = "eu-west-1"
    }
  }
  mock_data "aws_partition" {
    defaults = {
      partition = "aws"
    }
  }
  mock_data "aws_caller_identity" {
    defaults = {
      account_id = "123456789012"
    }
  }
  mock_resource "aws_iam_role" {
    defaults = {
      arn = "arn:aws:iam::123456789012:role/wpecs-test-role"
    }
  }
  mock_resource "aws_cloudwatch_log_group" {
    defaults = {
      arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/wpecs-test"
    }
  }
  mock_resource "aws_secretsmanager_secret" {
    defaults = {
      arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:wpecs-test-wp-admin-AbCdEf"
    }
  }
  mock_resource "aws_ecs_task_definition" {
    defaults = {
      arn = "arn:aws:ecs:eu-west-1:123456789012:task-definition/wpecs-test:1"
    }
  }
}

variables {
  name                   = "wpecs-test"
  cluster_arn            = "arn:aws:ecs:eu-west-1:123456789012:cluster/wpecs-test"
  capacity_provider_name = "wpecs-test-asg"
  target_group_arn       = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/wpecs-test/0123456789abcdef"
  repository_url         = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/wordpress-ecs"
  repository_arn         = "arn:aws:ecr:eu-west-1:123456789012:repository/wordpress-ecs"
  image_tag              = "1.2.3"
  db_address             = "wpecs-test.abc.eu-west-1.rds.amazonaws.com"
  db_secret_arn          = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:wpecs-test-wordpress-db-AbCdEf"
  efs_file_system_id     = "fs-0123456789abcdef0"
  efs_file_system_arn    = "arn:aws:elasticfilesystem:eu-west-1:123456789012:file-system/fs-0123456789abcdef0"
  efs_access_point_id    = "fsap-0123456789abcdef0"
  efs_access_point_arn   = "arn:aws:elasticfilesystem:eu-west-1:123456789012:access-point/fsap-0123456789abcdef0"
}

# --- C3 / item 1: credentials ------------------------------------------------------

run "refuses_the_rds_master_secret" {
  command = plan
  variables {
    db_secret_arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-1-AbCdEf"
  }
  expect_failures = [var.db_secret_arn]
}

run "tasks_get_the_app_secret_only" {
  command = apply

  assert {
    condition = alltrue([
      for s in jsondecode(aws_ecs_task_definition.this.container_definitions)[0].secrets :
      startswith(s.valueFrom, "arn:aws:secretsmanager:eu-west-1:123456789012:secret:wpecs-test-wordpress-db-AbCdEf:") || startswith(s.valueFrom, "${aws_secretsmanager_secret.admin.arn}:")
    ])
    error_message = "the task definition's secrets come from the WordPress secret and the admin secret only"
  }
  assert {
    condition     = !strcontains(aws_ecs_task_definition.this.container_definitions, "rds!") && !strcontains(aws_iam_role_policy.execution.policy, "rds!")
    error_message = "no task definition secret and no execution-role permission may name an RDS-managed (master) secret"
  }
  assert {
    condition     = !strcontains(aws_iam_role_policy.task.policy, "secretsmanager")
    error_message = "the task role (what the application itself can call) reads no secret"
  }
}

run "first_install_cannot_be_taken_over" {
  command = apply
  variables {
    site_url = "https://www.example.com"
  }

  assert {
    condition     = { for s in jsondecode(aws_ecs_task_definition.this.container_definitions)[0].secrets : s.name => s.valueFrom }["WORDPRESS_ADMIN_PASSWORD"] == "${aws_secretsmanager_secret.admin.arn}:password::"
    error_message = "the first install's admin password comes from the generated admin secret (C3)"
  }
  assert {
    condition     = { for e in jsondecode(aws_ecs_task_definition.this.container_definitions)[0].environment : e.name => e.value }["WORDPRESS_SITE_URL"] == "https://www.example.com"
    error_message = "WORDPRESS_SITE_URL must be the given site URL, so home/siteurl never come from the Host header (C3)"
  }
  assert {
    condition     = { for e in jsondecode(aws_ecs_task_definition.this.container_definitions)[0].environment : e.name => e.value }["WORDPRESS_ADMIN_USER"] != "admin"
    error_message = "the admin user must not be the guessable 'admin'"
  }
  assert {
    condition     = data.aws_secretsmanager_random_password.admin.password_length >= 32
    error_message = "the admin password is generated, at least 32 characters"
  }
}

run "no_trusted_proxy_by_default" {
  command = plan

  assert {
    condition     = !contains([for e in jsondecode(aws_ecs_task_definition.this.container_definitions)[0].environment : e.name], "WPECS_TRUSTED_PROXIES")
    error_message = "without trusted_proxy_cidrs the image's loopback-only default stays"
  }
}

run "rejects_a_trusted_proxy_that_is_not_a_cidr" {
  command = plan
  variables {
    trusted_proxy_cidrs = ["10.0.0.0/24", "alb"]
  }
  expect_failures = [var.trusted_proxy_cidrs]
}

run "rejects_a_site_url_without_scheme" {
  command = plan
  variables {
    site_url = "www.example.com"
  }
  expect_failures = [var.site_url]
}

# --- C1 / item 3: liveness in the container, the rest at the load balancer ----------

run "container_check_is_liveness_only" {
  command = plan

  assert {
    condition     = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].healthCheck.command == ["CMD", "/usr/local/bin/wp-init", "healthcheck"]
    error_message = "the container health check is wp-init healthcheck (/healthz/live: never the database)"
  }
  assert {
    # ECS replaces a task whose container check fails; a database failover
    # must not do that. The grace period covers a task's first start (database
    # wait, seeding) before the ALB's /healthz/app counts.
    condition     = aws_ecs_service.this.health_check_grace_period_seconds >= jsondecode(aws_ecs_task_definition.this.container_definitions)[0].healthCheck.startPeriod
    error_message = "the service's grace period must cover the container's start period"
  }
}

run "rejects_grace_shorter_than_start_period" {
  command = plan
  variables {
    health_check_grace_period_seconds = 30
    health_check_start_period         = 90
  }
  expect_failures = [var.health_check_grace_period_seconds]
}

run "rejects_a_load_balancer_check_on_the_database" {
  command = plan
  variables {
    lb_health_check_path = "/healthz"
  }
  expect_failures = [var.lb_health_check_path]
}

# --- C4 / item 6: keep-alive outlives the load balancer's idle timeout -------------

run "keepalive_exceeds_idle_timeout" {
  command = plan
  variables {
    lb_idle_timeout = 120
  }

  assert {
    condition     = tonumber({ for e in jsondecode(aws_ecs_task_definition.this.container_definitions)[0].environment : e.name => e.value }["WPECS_KEEPALIVE_TIMEOUT"]) == 125
    error_message = "WPECS_KEEPALIVE_TIMEOUT must be the ALB idle timeout + 5"
  }
  assert {
    condition     = tonumber({ for e in jsondecode(aws_ecs_task_definition.this.container_definitions)[0].environment : e.name => e.value }["WPECS_KEEPALIVE_TIMEOUT"]) > var.lb_idle_timeout
    error_message = "Apache's keep-alive must exceed the ALB's idle timeout, or the ALB reuses connections Apache closed (502)"
  }
}

run "keepalive_default_follows_the_alb_default" {
  command = plan

  assert {
    condition     = { for e in jsondecode(aws_ecs_task_definition.this.container_definitions)[0].environment : e.name => e.value }["WPECS_KEEPALIVE_TIMEOUT"] == "65"
    error_message = "with the ALB default idle timeout (60 s) keep-alive is 65 s"
  }
}

# --- C5 / item 7: deregistration, stop timeout and drain fit together ---------------

run "requests_in_flight_finish" {
  command = plan
  variables {
    lb_deregistration_delay = 130
    request_timeout         = 120
    stop_timeout            = 40
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].stopTimeout == tonumber({ for e in jsondecode(aws_ecs_task_definition.this.container_definitions)[0].environment : e.name => e.value }["WPECS_DRAIN_TIMEOUT"]) + 5
    error_message = "stopTimeout = WPECS_DRAIN_TIMEOUT + 5 (C5)"
  }
  assert {
    condition     = var.lb_deregistration_delay >= var.request_timeout
    error_message = "ECS waits the deregistration delay before SIGTERM: it must cover the longest request"
  }
}

run "rejects_deregistration_shorter_than_a_request" {
  command = plan
  variables {
    lb_deregistration_delay = 15
    request_timeout         = 120
  }
  expect_failures = [var.lb_deregistration_delay]
}

# --- C2 / issue 13 item 9: the task fits the image ------------------------------------

run "memory_passed_to_wp_init" {
  command = plan
  variables {
    memory = 1536
  }

  assert {
    condition     = { for e in jsondecode(aws_ecs_task_definition.this.container_definitions)[0].environment : e.name => e.value }["WPECS_MEMORY_MB"] == "1536"
    error_message = "WPECS_MEMORY_MB must be the task's memory (C2)"
  }
  assert {
    condition     = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].memory == 1536
    error_message = "the container's hard limit is the task memory"
  }
  assert {
    condition     = output.image_min_memory_mb == var.image_memory.php_memory_limit_mb * var.image_memory.min_workers + var.image_memory.opcache_mb + var.image_memory.health_pool_mb + var.image_memory.apache_mb + var.image_memory.headroom_mb
    error_message = "the minimum is PHP memory limit x minimum workers + OPcache + Apache + headroom"
  }
}

run "rejects_memory_below_the_image_minimum" {
  command = plan
  variables {
    memory = 512
  }
  expect_failures = [var.memory]
}

run "rejects_memory_below_a_bigger_image_minimum" {
  command = plan
  variables {
    memory       = 1024
    image_memory = { php_memory_limit_mb = 512, min_workers = 2 }
  }
  expect_failures = [var.memory]
}

run "image_numbers_match_the_image_build" {
  command = plan

  # The same numbers the image is built with (image/ansible webserver role).
  assert {
    condition     = var.image_memory.php_memory_limit_mb == tonumber(trimsuffix(yamldecode(file("${path.module}/../../../image/ansible/roles/webserver/defaults/main.yml")).webserver_php_memory_limit, "M"))
    error_message = "image_memory.php_memory_limit_mb must equal the image's webserver_php_memory_limit"
  }
  assert {
    condition     = var.image_memory.opcache_mb == yamldecode(file("${path.module}/../../../image/ansible/roles/webserver/defaults/main.yml")).webserver_php_opcache_memory_consumption + tonumber(trimsuffix(yamldecode(file("${path.module}/../../../image/ansible/roles/webserver/defaults/main.yml")).webserver_php_opcache_jit_buffer_size, "M"))
    error_message = "image_memory.opcache_mb must equal the image's OPcache memory + JIT buffer"
  }
  assert {
    condition     = var.image_memory.health_pool_mb == yamldecode(file("${path.module}/../../../image/ansible/roles/webserver/defaults/main.yml")).webserver_fpm_healthz_workers * tonumber(trimsuffix(yamldecode(file("${path.module}/../../../image/ansible/roles/webserver/defaults/main.yml")).webserver_fpm_healthz_memory_limit, "M"))
    error_message = "image_memory.health_pool_mb must equal the image's health pool workers x their memory limit"
  }
  assert {
    condition     = var.image_memory.apache_mb == yamldecode(file("${path.module}/../../../image/ansible/roles/webserver/defaults/main.yml")).webserver_memory_apache_mb && var.image_memory.headroom_mb == yamldecode(file("${path.module}/../../../image/ansible/roles/webserver/defaults/main.yml")).webserver_memory_headroom_mb
    error_message = "image_memory.apache_mb and headroom_mb must equal the image's webserver_memory_apache_mb and webserver_memory_headroom_mb"
  }
  assert {
    # wp-init (image/init/src/memory.cpp, kMinFpmChildren) refuses fewer than 2 page workers.
    condition     = var.image_memory.min_workers == 2
    error_message = "image_memory.min_workers must be wp-init's minimum, 2"
  }
}

# --- C6 / issue 13 item 10: least privilege at run time -------------------------------

run "least_privilege_at_run_time" {
  command = plan

  assert {
    condition     = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].readonlyRootFilesystem == true
    error_message = "the root file system must be read-only (C6)"
  }
  assert {
    condition     = toset([for t in jsondecode(aws_ecs_task_definition.this.container_definitions)[0].linuxParameters.tmpfs : t.containerPath]) == toset(["/run", "/tmp"])
    error_message = "writable are only tmpfs /run and /tmp (and the shared volume)"
  }
  assert {
    condition     = alltrue([for t in jsondecode(aws_ecs_task_definition.this.container_definitions)[0].linuxParameters.tmpfs : contains(t.mountOptions, "nosuid") && contains(t.mountOptions, "nodev") && t.size > 0])
    error_message = "the tmpfs mounts are nosuid, nodev and bounded in size"
  }
  assert {
    condition     = [for m in jsondecode(aws_ecs_task_definition.this.container_definitions)[0].mountPoints : m.containerPath] == ["/var/www/shared"]
    error_message = "the only writable volume is /var/www/shared"
  }
  assert {
    condition     = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].linuxParameters.capabilities.drop == ["ALL"]
    error_message = "all capabilities are dropped first"
  }
  assert {
    condition     = length(setsubtract(jsondecode(aws_ecs_task_definition.this.container_definitions)[0].linuxParameters.capabilities.add, ["CHOWN", "DAC_OVERRIDE", "FOWNER", "SETGID", "SETUID", "NET_BIND_SERVICE", "KILL"])) == 0
    error_message = "only the C6 capabilities may be added back"
  }
  assert {
    condition     = contains(jsondecode(aws_ecs_task_definition.this.container_definitions)[0].dockerSecurityOptions, "no-new-privileges")
    error_message = "no-new-privileges must be set"
  }
  assert {
    condition     = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].privileged == false
    error_message = "never privileged"
  }
}

run "rejects_a_capability_outside_c6" {
  command = plan
  variables {
    capabilities = ["CHOWN", "SYS_ADMIN"]
  }
  expect_failures = [var.capabilities]
}

run "no_smtp_by_default" {
  command = plan

  assert {
    condition     = length([for e in jsondecode(aws_ecs_task_definition.this.container_definitions)[0].environment : e.name if startswith(e.name, "WPECS_SMTP_") || startswith(e.name, "WPECS_MAIL_")]) == 0
    error_message = "without mail the image keeps PHP's mail(): no WPECS_SMTP_* or WPECS_MAIL_* setting"
  }
}

run "mail_through_smtp_with_credentials_from_their_secret" {
  command = apply
  variables {
    mail = {
      host       = "email-smtp.eu-west-1.amazonaws.com"
      port       = 587
      tls        = "starttls"
      from       = "wordpress@example.com"
      secret_arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:wpecs-test-ses-smtp-AbCdEf"
    }
  }

  assert {
    condition = { for k, v in { for e in jsondecode(aws_ecs_task_definition.this.container_definitions)[0].environment : e.name => e.value } : k => v if startswith(k, "WPECS_SMTP_") || startswith(k, "WPECS_MAIL_") } == {
      WPECS_SMTP_HOST = "email-smtp.eu-west-1.amazonaws.com"
      WPECS_SMTP_PORT = "587"
      WPECS_SMTP_TLS  = "starttls"
      WPECS_MAIL_FROM = "wordpress@example.com"
    }
    error_message = "the plain mail settings are host, port, TLS mode and From; never a credential"
  }
  assert {
    condition = { for k, v in { for s in jsondecode(aws_ecs_task_definition.this.container_definitions)[0].secrets : s.name => s.valueFrom } : k => v if startswith(k, "WPECS_SMTP_") } == {
      WPECS_SMTP_USER     = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:wpecs-test-ses-smtp-AbCdEf:username::"
      WPECS_SMTP_PASSWORD = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:wpecs-test-ses-smtp-AbCdEf:password::"
    }
    error_message = "the SMTP user and password reach the container as ECS secrets, like the database password"
  }
  assert {
    condition     = strcontains(aws_iam_role_policy.execution.policy, "wpecs-test-ses-smtp-AbCdEf") && !strcontains(aws_iam_role_policy.task.policy, "ses-smtp")
    error_message = "the execution role (ECS) reads the SMTP secret; the task role (the application) does not"
  }
}

run "rejects_an_unknown_smtp_tls_mode" {
  command = plan
  variables {
    mail = {
      host       = "email-smtp.eu-west-1.amazonaws.com"
      port       = 587
      tls        = "ssl"
      from       = "wordpress@example.com"
      secret_arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:wpecs-test-ses-smtp-AbCdEf"
    }
  }
  expect_failures = [var.mail]
}
