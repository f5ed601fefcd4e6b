# Contracts C1-C5: what the wordpress stack takes from the base stack.
# Plans the wordpress stack with a mocked AWS provider and the base stack's
# outputs given here. `infra/stacks/unit.sh envs` also runs
# tests/envs/env.tftest.hcl with these mock_provider blocks and each env's tfvars.
mock_provider "aws" {
  # >>> infra/tests/mocks/aws.tfmock.hcl
  mock_data "aws_caller_identity" {
    defaults = { account_id = "123456789012" }
  }
  mock_data "aws_partition" {
    defaults = { partition = "aws" }
  }
  mock_resource "aws_iam_role" {
    defaults = { arn = "arn:aws:iam::123456789012:role/mock" }
  }
  # <<< infra/tests/mocks/aws.tfmock.hcl
  mock_data "aws_region" {
    defaults = {
      name = "xx-test-1"
    }
  }
  mock_resource "aws_cloudwatch_log_group" {
    defaults = {
      arn = "arn:aws:logs:xx-test-1:123456789012:log-group:/ecs/mock"
    }
  }
  mock_resource "aws_secretsmanager_secret" {
    defaults = {
      arn = "arn:aws:secretsmanager:xx-test-1:123456789012:secret:wpecs-dev-wp-admin-AbCdEf"
    }
  }
  mock_resource "aws_sqs_queue" {
    defaults = {
      arn = "arn:aws:sqs:xx-test-1:123456789012:mock-cron-dlq"
    }
  }
  mock_resource "aws_ecs_task_definition" {
    defaults = {
      arn = "arn:aws:ecs:xx-test-1:123456789012:task-definition/mock:1"
    }
  }
}

# The base stack's outputs, the newest state there is: every run plans
# against it (OpenTofu 1.10 takes only literal values in override_data, so a
# run with other outputs would repeat them all). A base state from before the
# newer outputs: tests/envs/env.tftest.hcl, which gets the first part below.
override_data {
  target = data.terraform_remote_state.base
  values = {
    outputs = {
      # `infra/stacks/unit.sh envs` gives tests/envs/env.tftest.hcl the lines
      # from BEGIN to END alone, as an older base state.
      # BEGIN outputs every base state has had
      project                 = "wpecs"
      name                    = "wpecs-dev"
      cluster_arn             = "arn:aws:ecs:xx-test-1:123456789012:cluster/wpecs-dev"
      cluster_name            = "wpecs-dev"
      capacity_provider_name  = "wpecs-dev"
      network_mode            = "bridge"
      private_subnet_ids      = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
      task_security_group_ids = []
      target_group_arn        = "arn:aws:elasticloadbalancing:xx-test-1:123456789012:targetgroup/wpecs-dev/0123456789abcdef"
      target_group_arn_suffix = "targetgroup/wpecs-dev/0123456789abcdef"
      alb_arn_suffix          = "app/wpecs-dev/0123456789abcdef"
      url                     = "http://wpecs-dev-1.xx-test-1.elb.amazonaws.com"
      repository_url          = "123456789012.dkr.ecr.xx-test-1.amazonaws.com/wpecs/dev/wordpress"
      repository_arn          = "arn:aws:ecr:xx-test-1:123456789012:repository/wpecs/dev/wordpress"
      db_address              = "wpecs-dev.abc.xx-test-1.rds.amazonaws.com"
      db_port                 = 3306
      db_name                 = "wordpress"
      db_secret_arn           = "arn:aws:secretsmanager:xx-test-1:123456789012:secret:wpecs-dev-wordpress-db-AbCdEf"
      efs_file_system_id      = "fs-0123456789abcdef0"
      efs_file_system_arn     = "arn:aws:elasticfilesystem:xx-test-1:123456789012:file-system/fs-0123456789abcdef0"
      efs_access_point_id     = "fsap-0123456789abcdef0"
      efs_access_point_arn    = "arn:aws:elasticfilesystem:xx-test-1:123456789012:access-point/fsap-0123456789abcdef0"
      # END outputs every base state has had
      environment = "dev"
      region      = "xx-test-1"
      # Outputs of the base stack the service follows (C1, C3, C4, C5).
      # arm64 instances: the architecture output reaches the service (a base
      # state without it, tests/envs/env.tftest.hcl: x86_64).
      architecture = "arm64"
      # The object cache (cache_enabled).
      cache_host              = "master.wpecs-dev.abcdef.xxt1.cache.amazonaws.com"
      cache_port              = 6379
      cache_secret_arn        = "arn:aws:secretsmanager:xx-test-1:123456789012:secret:wpecs-dev-cache-auth-AbCdEf"
      site_url                = "https://www.example.test"
      lb_idle_timeout         = 300
      lb_deregistration_delay = 130
      lb_health_check_path    = "/healthz/app"
      lb_subnet_cidrs         = ["10.0.0.0/24", "10.0.1.0/24"]
      # mail_enabled: SES's SMTP settings (mail module's container_settings).
      mail = {
        host       = "email-smtp.xx-test-1.amazonaws.com"
        port       = 587
        tls        = "starttls"
        from       = "wordpress@example.test"
        secret_arn = "arn:aws:secretsmanager:xx-test-1:123456789012:secret:wpecs-dev-ses-smtp-AbCdEf"
      }
      # The cluster's ECS Exec set-up.
      exec_enabled       = true
      exec_kms_key_arn   = "arn:aws:kms:xx-test-1:123456789012:key/11111111-2222-3333-4444-555555555555"
      exec_log_group_arn = "arn:aws:logs:xx-test-1:123456789012:log-group:/ecs/wpecs-dev/exec"
    }
  }
}

# ECS Exec follows the cluster: on, with the cluster's key and session log.
run "exec_follows_the_cluster" {
  command = plan

  assert {
    condition     = output.exec_enabled && output.container_name == "wordpress"
    error_message = "with the cluster's exec set up, the service must accept ECS Exec into the wordpress container"
  }
  assert {
    condition     = strcontains(module.wordpress.task_role_policy, "log-group:/ecs/wpecs-dev/exec") && strcontains(module.wordpress.task_role_policy, "key/11111111-2222-3333-4444-555555555555")
    error_message = "the task role must get the cluster's exec key and session log"
  }
}

run "mail_settings_from_the_base_stack" {
  command = plan

  assert {
    condition = { for k, v in module.wordpress.container_environment : k => v if startswith(k, "WPECS_SMTP_") || startswith(k, "WPECS_MAIL_") } == {
      WPECS_SMTP_HOST = "email-smtp.xx-test-1.amazonaws.com"
      WPECS_SMTP_PORT = "587"
      WPECS_SMTP_TLS  = "starttls"
      WPECS_MAIL_FROM = "wordpress@example.test"
    }
    error_message = "the service sends through the base stack's SES endpoint, port 587 with STARTTLS, from its address"
  }
  assert {
    condition     = module.wordpress.container_secrets["WPECS_SMTP_PASSWORD"] == "arn:aws:secretsmanager:xx-test-1:123456789012:secret:wpecs-dev-ses-smtp-AbCdEf:password::"
    error_message = "the SMTP password comes from the base stack's secret as an ECS secret, like the database password"
  }
}

# The service follows the base stack: one setting each for the idle timeout
# (C4), the deregistration delay (C5), the health check path (C1) and the
# site URL (C3); WordPress's own database secret, never the master secret.
variables {
  region         = "xx-test-1"
  environment    = "dev"
  state_bucket   = "wpecs-tfstate-test"
  base_state_key = "wordpress-ecs/dev/base.tfstate"
  image_tag      = "1.2.3-arm64"
}

run "follows_the_base_stack" {
  command = plan

  assert {
    condition     = module.wordpress.container_environment["WPECS_KEEPALIVE_TIMEOUT"] == "305"
    error_message = "keep-alive must be the base stack's lb_idle_timeout + 5"
  }
  assert {
    condition     = module.wordpress.container_environment["WORDPRESS_SITE_URL"] == "https://www.example.test"
    error_message = "WORDPRESS_SITE_URL must be the base stack's site_url"
  }
  assert {
    condition     = module.wordpress.container_environment["WPECS_MEMORY_MB"] == tostring(var.memory)
    error_message = "WPECS_MEMORY_MB must be the task memory"
  }
  assert {
    condition     = module.wordpress.container_environment["WPECS_TRUSTED_PROXIES"] == "10.0.0.0/24 10.0.1.0/24"
    error_message = "only the load balancer's subnets may set the client address (WPECS_TRUSTED_PROXIES = base lb_subnet_cidrs)"
  }
  assert {
    condition     = !strcontains(module.wordpress.container_definitions, "rds!") && !strcontains(module.wordpress.execution_role_policy, "rds!")
    error_message = "the tasks and their execution role never see an RDS master secret"
  }
  assert {
    condition     = module.wordpress.container_secrets["WORDPRESS_DB_PASSWORD"] == "arn:aws:secretsmanager:xx-test-1:123456789012:secret:wpecs-dev-wordpress-db-AbCdEf:password::"
    error_message = "the password comes from the base stack's WordPress secret"
  }
  assert {
    condition     = { for k, v in module.wordpress.container_environment : k => v if startswith(k, "WPECS_REDIS_") } == { WPECS_REDIS_HOST = "master.wpecs-dev.abcdef.xxt1.cache.amazonaws.com", WPECS_REDIS_PORT = "6379", WPECS_REDIS_TLS = "1" }
    error_message = "the object cache's endpoint and port come from the base stack, over TLS"
  }
  assert {
    condition     = module.wordpress.container_secrets["WPECS_REDIS_PASSWORD"] == "arn:aws:secretsmanager:xx-test-1:123456789012:secret:wpecs-dev-cache-auth-AbCdEf:auth_token::"
    error_message = "the object cache's token comes from the base stack's secret"
  }
}

# External cron turns page-view cron off in the service's tasks,
# and its alarms follow the base stack's alarm topic.
run "external_cron_follows_the_setting" {
  command = plan
  variables {
    cron_external = true
  }

  assert {
    condition     = module.wordpress.container_environment["WPECS_CRON"] == "external"
    error_message = "with cron_external the replicas get WPECS_CRON=external"
  }
}

run "cron_is_wordpress_own_by_default" {
  command = plan

  assert {
    condition     = !contains(keys(module.wordpress.container_environment), "WPECS_CRON")
    error_message = "cron_external defaults to off: no WPECS_CRON in the replicas"
  }
}

# The instances' architecture is one setting of the base stack (arm64 in the
# outputs above), passed to the service, which refuses an image_tag of the
# other architecture (the module's tests: rejects_an_x86_64_image_on_arm64_instances
# and the reverse).
run "arm64_instances_run_the_arm64_image" {
  command = plan

  assert {
    condition     = jsondecode(module.wordpress.container_definitions)[0].image == "123456789012.dkr.ecr.xx-test-1.amazonaws.com/wpecs/dev/wordpress:1.2.3-arm64"
    error_message = "the arm64 image runs on the base stack's arm64 instances"
  }
  assert {
    condition     = module.wordpress.architecture == "arm64"
    error_message = "the service must be given the base stack's architecture (its runtime platform, and the check of image_tag against it)"
  }
}

# The stack warns when the base state it reads belongs to another environment
# or region (a wrong base_state_key): the base above is dev in xx-test-1.
run "warns_about_another_environments_base" {
  command = plan

  variables {
    environment    = "stage"
    base_state_key = "wordpress-ecs/dev/base.tfstate"
  }

  expect_failures = [check.same_environment_as_base]
}

run "warns_about_another_regions_base" {
  command = plan

  variables {
    region = "xx-test-2"
  }

  expect_failures = [check.same_environment_as_base]
}
