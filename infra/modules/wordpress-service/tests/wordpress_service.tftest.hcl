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
      name = "eu-west-1"
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
  mock_resource "aws_sqs_queue" {
    defaults = {
      arn = "arn:aws:sqs:eu-west-1:123456789012:wpecs-test-cron-dlq"
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

run "container_definition" {
  command = plan

  assert {
    condition     = jsondecode(aws_ecs_task_definition.this["web"].container_definitions)[0].image == "123456789012.dkr.ecr.eu-west-1.amazonaws.com/wordpress-ecs:1.2.3"
    error_message = "image must be repository_url:image_tag"
  }
  assert {
    condition     = aws_ecs_task_definition.this["web"].network_mode == "bridge" && jsondecode(aws_ecs_task_definition.this["web"].container_definitions)[0].portMappings[0].hostPort == 0
    error_message = "default is bridge mode with a dynamic host port"
  }
  assert {
    condition     = aws_ecs_task_definition.this["web"].requires_compatibilities == toset(["EC2"])
    error_message = "tasks run on EC2 container instances"
  }
  assert {
    condition     = jsondecode(aws_ecs_task_definition.this["web"].container_definitions)[0].healthCheck.command == ["CMD", "/usr/local/bin/wp-init", "healthcheck"]
    error_message = "the container health check must be wp-init healthcheck"
  }
  assert {
    condition     = jsondecode(aws_ecs_task_definition.this["web"].container_definitions)[0].stopTimeout == 30
    error_message = "stopTimeout defaults to 30 s"
  }
  assert {
    condition     = jsondecode(aws_ecs_task_definition.this["web"].container_definitions)[0].mountPoints[0].containerPath == "/var/www/shared"
    error_message = "the shared volume is mounted at /var/www/shared"
  }
  assert {
    condition     = jsondecode(aws_ecs_task_definition.this["web"].container_definitions)[0].logConfiguration.logDriver == "awslogs" && jsondecode(aws_ecs_task_definition.this["web"].container_definitions)[0].logConfiguration.options["awslogs-group"] == "/ecs/wpecs-test"
    error_message = "logs go to the module's log group through awslogs"
  }
}

run "no_secret_in_plain_environment" {
  command = plan

  assert {
    condition     = length([for k in keys(output.container_environment) : k if can(regex("PASSWORD|_KEY$|_SALT$|DB_USER", k))]) == 0
    error_message = "no password, user, key or salt may be in the plain environment"
  }
  assert {
    condition     = output.container_secrets["WORDPRESS_DB_PASSWORD"] == "arn:aws:secretsmanager:eu-west-1:123456789012:secret:wpecs-test-wordpress-db-AbCdEf:password::"
    error_message = "the password must come from the secret's password key"
  }
  assert {
    condition     = output.container_secrets["WORDPRESS_DB_USER"] == "arn:aws:secretsmanager:eu-west-1:123456789012:secret:wpecs-test-wordpress-db-AbCdEf:username::"
    error_message = "the user must come from the secret's username key"
  }
  assert {
    condition     = length(output.container_secrets) == 3
    error_message = "without salts_secret_arn only the database user and password and the admin password are injected (wp-init generates the salts on EFS)"
  }
  assert {
    condition     = output.container_environment["WORDPRESS_DB_HOST"] == "wpecs-test.abc.eu-west-1.rds.amazonaws.com:3306"
    error_message = "WORDPRESS_DB_HOST must be address:port"
  }
  assert {
    condition     = output.container_environment["WPECS_DRAIN_TIMEOUT"] == "25"
    error_message = "wp-init must drain for stop_timeout - 5 seconds"
  }
}

# The outputs the other runs (and the wordpress stack's tests) read are what
# the task definition's container carries, with every optional setting on so
# that every variable is compared; and a secret is only ever a reference.
run "container_environment_and_secrets_are_the_task_definitions" {
  command = apply
  variables {
    site_url            = "https://www.example.com"
    trusted_proxy_cidrs = ["10.0.0.0/24", "10.0.1.0/24"]
    cron_external       = true
    salts_secret_arn    = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:wpecs-salts-AbCdEf"
    cache = {
      host       = "master.wpecs-test.abcdef.euw1.cache.amazonaws.com"
      secret_arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:wpecs-test-cache-auth-AbCdEf"
    }
    mail = {
      host       = "email-smtp.eu-west-1.amazonaws.com"
      port       = 587
      tls        = "starttls"
      from       = "wordpress@example.com"
      from_name  = "Example"
      secret_arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:wpecs-test-ses-smtp-AbCdEf"
    }
  }

  assert {
    condition     = output.container_environment == { for e in jsondecode(aws_ecs_task_definition.this["web"].container_definitions)[0].environment : e.name => e.value }
    error_message = "container_environment must be exactly the wordpress container's environment in the task definition"
  }
  assert {
    condition     = output.container_secrets == { for s in jsondecode(aws_ecs_task_definition.this["web"].container_definitions)[0].secrets : s.name => s.valueFrom }
    error_message = "container_secrets must be exactly the wordpress container's secrets in the task definition"
  }
  assert {
    condition     = length(output.container_environment) == 19 && length(output.container_secrets) == 14
    error_message = "with every option on, the container gets 19 settings and 14 secrets (a missing option would compare less)"
  }
  assert {
    condition     = alltrue([for ref in values(output.container_secrets) : can(regex("^arn:aws:secretsmanager:eu-west-1:123456789012:secret:[A-Za-z0-9/_+=.@!-]+:[A-Za-z_]+::$", ref))])
    error_message = "every secret is a reference (<secret ARN>:<JSON key>::) that ECS resolves, never a value"
  }
}

run "salts_from_a_secret_when_given" {
  command = plan

  variables {
    salts_secret_arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:wpecs-salts-AbCdEf"
  }

  assert {
    condition     = length(output.container_secrets) == 11
    error_message = "all eight salts plus user, password and admin password must be injected"
  }
  assert {
    condition     = output.container_secrets["WORDPRESS_NONCE_SALT"] == "arn:aws:secretsmanager:eu-west-1:123456789012:secret:wpecs-salts-AbCdEf:NONCE_SALT::"
    error_message = "each salt comes from its JSON key of the salts secret"
  }
}

run "object_cache_when_given" {
  command = plan

  variables {
    cache = {
      host       = "master.wpecs-test.abcdef.euw1.cache.amazonaws.com"
      secret_arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:wpecs-test-cache-auth-AbCdEf"
    }
  }

  assert {
    condition     = { for k, v in output.container_environment : k => v if startswith(k, "WPECS_REDIS_") } == { WPECS_REDIS_HOST = "master.wpecs-test.abcdef.euw1.cache.amazonaws.com", WPECS_REDIS_PORT = "6379", WPECS_REDIS_TLS = "1" }
    error_message = "the cache's host, port and TLS (on by default) must be in the environment, and nothing else of it"
  }
  assert {
    condition     = output.container_secrets["WPECS_REDIS_PASSWORD"] == "arn:aws:secretsmanager:eu-west-1:123456789012:secret:wpecs-test-cache-auth-AbCdEf:auth_token::"
    error_message = "the AUTH token must come from the secret's auth_token key, like the database password"
  }
  assert {
    condition     = contains(one([for s in jsondecode(aws_iam_role_policy.execution.policy).Statement : s if s.Sid == "ReadOwnSecrets"]).Resource, "arn:aws:secretsmanager:eu-west-1:123456789012:secret:wpecs-test-cache-auth-AbCdEf")
    error_message = "the execution role must be able to read the cache's secret"
  }
}

run "no_object_cache_by_default" {
  command = plan

  assert {
    condition     = length([for k in keys(output.container_environment) : k if startswith(k, "WPECS_REDIS_")]) == 0
    error_message = "without cache no WPECS_REDIS_* setting (WordPress's per-request cache)"
  }
}

run "rejects_cache_without_secret_arn" {
  command = plan

  variables {
    cache = {
      host       = "master.example"
      secret_arn = "not-an-arn"
    }
  }

  expect_failures = [var.cache]
}

run "efs_volume_encrypted_through_access_point" {
  command = plan

  assert {
    condition     = one(one(aws_ecs_task_definition.this["web"].volume).efs_volume_configuration).transit_encryption == "ENABLED"
    error_message = "EFS transit encryption must be enabled"
  }
  assert {
    condition     = one(one(one(aws_ecs_task_definition.this["web"].volume).efs_volume_configuration).authorization_config).iam == "ENABLED"
    error_message = "EFS must be mounted with IAM authorization"
  }
  assert {
    condition     = one(one(one(aws_ecs_task_definition.this["web"].volume).efs_volume_configuration).authorization_config).access_point_id == "fsap-0123456789abcdef0"
    error_message = "EFS must be mounted through the access point"
  }
}

run "service_deploys_safely" {
  command = plan

  assert {
    condition     = aws_ecs_service.this.deployment_minimum_healthy_percent == 100 && aws_ecs_service.this.deployment_maximum_percent == 200
    error_message = "rolling deploys start new tasks before stopping old ones"
  }
  assert {
    condition     = aws_ecs_service.this.deployment_circuit_breaker[0].enable && aws_ecs_service.this.deployment_circuit_breaker[0].rollback
    error_message = "the circuit breaker must roll back failed deployments"
  }
  assert {
    condition     = one(aws_ecs_service.this.capacity_provider_strategy).capacity_provider == "wpecs-test-asg"
    error_message = "the service runs on the capacity provider"
  }
  assert {
    condition     = [for s in aws_ecs_service.this.ordered_placement_strategy : s.field] == ["attribute:ecs.availability-zone", "instanceId"]
    error_message = "tasks spread over AZs first, then instances"
  }
  assert {
    condition     = !aws_ecs_service.this.enable_execute_command && !strcontains(aws_iam_role_policy.task.policy, "ssmmessages") && aws_ecs_service.this.health_check_grace_period_seconds == 120
    error_message = "ECS Exec off unless exec is given (no session permissions then), and a grace period sized to a first start"
  }
  assert {
    condition     = length(aws_ecs_service.this.network_configuration) == 0
    error_message = "bridge mode has no network_configuration"
  }
}

run "deployment_alarms_roll_back" {
  command = plan

  variables {
    deployment_alarm_names = ["wpecs-test-alb-5xx-rate", "wpecs-test-unhealthy-targets"]
  }

  assert {
    condition     = length(aws_ecs_service.this.alarms) == 1 && aws_ecs_service.this.alarms[0].enable && aws_ecs_service.this.alarms[0].rollback && aws_ecs_service.this.alarms[0].alarm_names == toset(["wpecs-test-alb-5xx-rate", "wpecs-test-unhealthy-targets"])
    error_message = "the deployment alarms must roll a deployment back when they fire"
  }
}

run "no_deployment_alarms_by_default" {
  command = plan

  assert {
    condition     = length(aws_ecs_service.this.alarms) == 0
    error_message = "without deployment alarms the service has no alarms block (the circuit breaker alone)"
  }
}

run "least_privilege_roles" {
  command = plan

  assert {
    condition     = aws_iam_role.execution.name_prefix != aws_iam_role.task.name_prefix
    error_message = "execution and task roles must be separate"
  }
  assert {
    condition     = jsondecode(aws_iam_role.task.assume_role_policy).Statement[0].Condition.StringEquals["aws:SourceAccount"] == "123456789012"
    error_message = "only ECS acting for this account may assume the roles"
  }
  assert {
    condition     = one([for s in jsondecode(aws_iam_role_policy.execution.policy).Statement : s if s.Sid == "EcrPullThisRepository"]).Resource == "arn:aws:ecr:eu-west-1:123456789012:repository/wordpress-ecs"
    error_message = "the execution role may pull from its repository only"
  }
  assert {
    condition     = one([for s in jsondecode(aws_iam_role_policy.execution.policy).Statement : s if s.Sid == "ReadOwnSecrets"]).Resource == ["arn:aws:secretsmanager:eu-west-1:123456789012:secret:wpecs-test-wordpress-db-AbCdEf", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:wpecs-test-wp-admin-AbCdEf"]
    error_message = "the execution role may read the database secret and the admin secret only"
  }
  assert {
    condition     = length([for s in jsondecode(aws_iam_role_policy.execution.policy).Statement : s if s.Sid == "DecryptOwnSecrets"]) == 0
    error_message = "no kms:Decrypt without a customer-managed key"
  }
  assert {
    condition     = one([for s in jsondecode(aws_iam_role_policy.task.policy).Statement : s if s.Sid == "MountSharedFilesThroughAccessPoint"]).Condition.StringEquals["elasticfilesystem:AccessPointArn"] == "arn:aws:elasticfilesystem:eu-west-1:123456789012:access-point/fsap-0123456789abcdef0"
    error_message = "EFS access is limited to the access point"
  }
}

run "autoscaling_defaults" {
  command = plan

  assert {
    condition     = aws_appautoscaling_target.this[0].min_capacity == 2 && aws_appautoscaling_target.this[0].max_capacity == 4
    error_message = "min capacity defaults to desired_count, max to 4"
  }
  assert {
    condition     = aws_appautoscaling_target.this[0].resource_id == "service/wpecs-test/wpecs-test"
    error_message = "the scalable target is the service"
  }
  assert {
    condition     = !contains(keys(aws_appautoscaling_policy.target_tracking), "requests") && aws_appautoscaling_policy.target_tracking["cpu"].name == "wpecs-test-cpu"
    error_message = "request-count scaling is off unless asked for"
  }
}

run "request_scaling_without_the_load_balancer_is_refused" {
  command = plan

  variables {
    autoscaling = {
      requests_per_target = 500
    }
  }

  expect_failures = [aws_appautoscaling_policy.target_tracking["requests"]]
}

run "awsvpc_mode" {
  command = plan

  variables {
    network_mode       = "awsvpc"
    subnet_ids         = ["subnet-aaaa1111", "subnet-bbbb2222"]
    security_group_ids = ["sg-0123456789abcdef0"]
    autoscaling = {
      requests_per_target = 500
    }
    load_balancer_arn_suffix = "app/wpecs-test/0123456789abcdef"
    target_group_arn_suffix  = "targetgroup/wpecs-test/0123456789abcdef"
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.this["web"].container_definitions)[0].portMappings[0].hostPort == 80
    error_message = "awsvpc tasks use port 80 on their own ENI"
  }
  assert {
    condition     = one(aws_ecs_service.this.network_configuration).assign_public_ip == false
    error_message = "tasks never get a public IP"
  }
  assert {
    condition     = aws_appautoscaling_policy.target_tracking["requests"].name == "wpecs-test-requests" && one(aws_appautoscaling_policy.target_tracking["requests"].target_tracking_scaling_policy_configuration[0].predefined_metric_specification).resource_label == "app/wpecs-test/0123456789abcdef/targetgroup/wpecs-test/0123456789abcdef"
    error_message = "request-count scaling uses the ALB/target group label"
  }
}

run "awsvpc_without_subnets_fails" {
  command = plan
  variables {
    network_mode = "awsvpc"
  }
  expect_failures = [aws_ecs_task_definition.this]
}

run "rejects_tag_with_space" {
  command = plan
  variables {
    image_tag = "1.2 3"
  }
  expect_failures = [var.image_tag]
}

run "rejects_tag_with_colon" {
  command = plan
  variables {
    image_tag = "latest:1"
  }
  expect_failures = [var.image_tag]
}

run "rejects_zero_tasks" {
  command = plan
  variables {
    desired_count = 0
  }
  expect_failures = [var.desired_count]
}

run "rejects_long_stop_timeout" {
  command = plan
  variables {
    stop_timeout = 300
  }
  expect_failures = [var.stop_timeout]
}

run "rejects_password_in_environment" {
  command = plan
  variables {
    environment = { WORDPRESS_DB_PASSWORD = "hunter2" }
  }
  expect_failures = [var.environment]
}

run "rejects_reservation_above_memory" {
  command = plan
  variables {
    memory             = 1152
    memory_reservation = 2304
  }
  expect_failures = [var.memory_reservation]
}

run "rejects_max_below_min" {
  command = plan
  variables {
    desired_count = 3
    autoscaling   = { max_capacity = 2 }
  }
  expect_failures = [aws_appautoscaling_target.this]
}

run "outputs" {
  command = apply

  assert {
    condition     = output.task_family == "wpecs-test" && output.log_group_name == "/ecs/wpecs-test"
    error_message = "family and log group are named after the service"
  }
  assert {
    condition     = output.image == "123456789012.dkr.ecr.eu-west-1.amazonaws.com/wordpress-ecs:1.2.3"
    error_message = "image output must be the deployed reference"
  }
}

run "ecs_exec_when_the_cluster_logs_it" {
  command = apply

  variables {
    exec = {
      kms_key_arn   = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555"
      log_group_arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/wpecs-test/exec"
    }
  }

  assert {
    condition     = aws_ecs_service.this.enable_execute_command
    error_message = "exec must turn on enable_execute_command"
  }
  assert {
    condition     = one([for s in jsondecode(aws_iam_role_policy.task.policy).Statement : s.Action if s.Sid == "EcsExecSessionKey"]) == "kms:Decrypt" && one([for s in jsondecode(aws_iam_role_policy.task.policy).Statement : s.Resource if s.Sid == "EcsExecSessionKey"]) == var.exec.kms_key_arn
    error_message = "the task role may decrypt with the cluster's exec key only"
  }
  assert {
    condition     = one([for s in jsondecode(aws_iam_role_policy.task.policy).Statement : s.Resource if s.Sid == "EcsExecSessionLog"]) == [var.exec.log_group_arn, "${var.exec.log_group_arn}:log-stream:*"]
    error_message = "the task role writes the session log of its cluster only"
  }
  assert {
    condition     = length(one([for s in jsondecode(aws_iam_role_policy.task.policy).Statement : s.Action if s.Sid == "EcsExecChannels"])) == 4
    error_message = "the task role needs the four ssmmessages channel actions"
  }
}

run "exec_needs_arns" {
  command = plan

  variables {
    exec = { kms_key_arn = "alias/x", log_group_arn = "/ecs/x" }
  }

  expect_failures = [var.exec]
}

run "x86_64_runtime_platform_by_default" {
  command = plan

  assert {
    condition     = one(aws_ecs_task_definition.this["web"].runtime_platform).cpu_architecture == "X86_64" && one(aws_ecs_task_definition.this["web"].runtime_platform).operating_system_family == "LINUX"
    error_message = "By default the task definition asks for x86_64 Linux instances."
  }
}

run "arm64_runtime_platform" {
  command = plan

  variables {
    architecture = "arm64"
    image_tag    = "1.2.3-arm64"
  }

  assert {
    condition     = one(aws_ecs_task_definition.this["web"].runtime_platform).cpu_architecture == "ARM64" && one(aws_ecs_task_definition.this["web"].runtime_platform).operating_system_family == "LINUX"
    error_message = "architecture arm64 must become the task definition's ARM64 runtime platform."
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.this["web"].container_definitions)[0].image == "123456789012.dkr.ecr.eu-west-1.amazonaws.com/wordpress-ecs:1.2.3-arm64"
    error_message = "The arm64 image's tag must be the one run."
  }
}

run "rejects_an_x86_64_image_on_arm64_instances" {
  command = plan

  variables {
    architecture = "arm64"
    image_tag    = "1.2.3"
  }

  expect_failures = [var.image_tag]
}

run "rejects_an_arm64_image_on_x86_64_instances" {
  command = plan

  variables {
    image_tag = "1.2.3-arm64"
  }

  expect_failures = [var.image_tag]
}

run "rejects_an_unknown_architecture" {
  command = plan

  variables {
    architecture = "ARM64"
  }

  expect_failures = [var.architecture]
}

# Contracts C1-C6: what the task runs with, checked on the planned task definition and roles.

# --- C3: credentials ------------------------------------------------------

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
      for ref in values(output.container_secrets) :
      startswith(ref, "arn:aws:secretsmanager:eu-west-1:123456789012:secret:wpecs-test-wordpress-db-AbCdEf:") || startswith(ref, "${aws_secretsmanager_secret.admin.arn}:")
    ])
    error_message = "the task definition's secrets come from the WordPress secret and the admin secret only"
  }
  assert {
    condition     = !strcontains(aws_ecs_task_definition.this["web"].container_definitions, "rds!") && !strcontains(aws_iam_role_policy.execution.policy, "rds!")
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
    condition     = output.container_secrets["WORDPRESS_ADMIN_PASSWORD"] == "${aws_secretsmanager_secret.admin.arn}:password::"
    error_message = "the first install's admin password comes from the generated admin secret (C3)"
  }
  assert {
    condition     = output.container_environment["WORDPRESS_SITE_URL"] == "https://www.example.com"
    error_message = "WORDPRESS_SITE_URL must be the given site URL, so home/siteurl never come from the Host header (C3)"
  }
  assert {
    condition     = output.container_environment["WORDPRESS_ADMIN_USER"] != "admin"
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
    condition     = !contains(keys(output.container_environment), "WPECS_TRUSTED_PROXIES")
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

# --- C1: liveness in the container, the rest at the load balancer ----------

run "container_check_is_liveness_only" {
  command = plan

  assert {
    condition     = jsondecode(aws_ecs_task_definition.this["web"].container_definitions)[0].healthCheck.command == ["CMD", "/usr/local/bin/wp-init", "healthcheck"]
    error_message = "the container health check is wp-init healthcheck (/healthz/live: never the database)"
  }
  assert {
    # ECS replaces a task whose container check fails; a database failover
    # must not do that. The grace period covers a task's first start (database
    # wait, seeding) before the ALB's /healthz/app counts.
    condition     = aws_ecs_service.this.health_check_grace_period_seconds >= jsondecode(aws_ecs_task_definition.this["web"].container_definitions)[0].healthCheck.startPeriod
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

# --- C4: keep-alive outlives the load balancer's idle timeout -------------

run "keepalive_exceeds_idle_timeout" {
  command = plan
  variables {
    lb_idle_timeout = 120
  }

  assert {
    condition     = tonumber(output.container_environment["WPECS_KEEPALIVE_TIMEOUT"]) == 125
    error_message = "WPECS_KEEPALIVE_TIMEOUT must be the ALB idle timeout + 5"
  }
  assert {
    condition     = tonumber(output.container_environment["WPECS_KEEPALIVE_TIMEOUT"]) > var.lb_idle_timeout
    error_message = "Apache's keep-alive must exceed the ALB's idle timeout, or the ALB reuses connections Apache closed (502)"
  }
}

run "keepalive_default_follows_the_alb_default" {
  command = plan

  assert {
    condition     = output.container_environment["WPECS_KEEPALIVE_TIMEOUT"] == "65"
    error_message = "with the ALB default idle timeout (60 s) keep-alive is 65 s"
  }
}

# --- C5: deregistration, stop timeout and drain fit together ---------------

run "requests_in_flight_finish" {
  command = plan
  variables {
    lb_deregistration_delay = 130
    request_timeout         = 120
    stop_timeout            = 40
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.this["web"].container_definitions)[0].stopTimeout == tonumber(output.container_environment["WPECS_DRAIN_TIMEOUT"]) + 5
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

# --- C2: the task fits the image ------------------------------------

run "memory_passed_to_wp_init" {
  command = plan
  variables {
    memory = 1536
  }

  assert {
    condition     = output.container_environment["WPECS_MEMORY_MB"] == "1536"
    error_message = "WPECS_MEMORY_MB must be the task's memory (C2)"
  }
  assert {
    condition     = jsondecode(aws_ecs_task_definition.this["web"].container_definitions)[0].memory == 1536
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

# --- C6: least privilege at run time -------------------------------

run "least_privilege_at_run_time" {
  command = plan

  assert {
    condition     = jsondecode(aws_ecs_task_definition.this["web"].container_definitions)[0].readonlyRootFilesystem == true
    error_message = "the root file system must be read-only (C6)"
  }
  assert {
    condition     = toset([for t in jsondecode(aws_ecs_task_definition.this["web"].container_definitions)[0].linuxParameters.tmpfs : t.containerPath]) == toset(["/run", "/tmp"])
    error_message = "writable are only tmpfs /run and /tmp (and the shared volume)"
  }
  assert {
    condition     = alltrue([for t in jsondecode(aws_ecs_task_definition.this["web"].container_definitions)[0].linuxParameters.tmpfs : contains(t.mountOptions, "nosuid") && contains(t.mountOptions, "nodev") && t.size > 0])
    error_message = "the tmpfs mounts are nosuid, nodev and bounded in size"
  }
  assert {
    condition     = [for m in jsondecode(aws_ecs_task_definition.this["web"].container_definitions)[0].mountPoints : m.containerPath] == ["/var/www/shared"]
    error_message = "the only writable volume is /var/www/shared"
  }
  assert {
    condition     = jsondecode(aws_ecs_task_definition.this["web"].container_definitions)[0].linuxParameters.capabilities.drop == ["ALL"]
    error_message = "all capabilities are dropped first"
  }
  assert {
    condition     = length(setsubtract(jsondecode(aws_ecs_task_definition.this["web"].container_definitions)[0].linuxParameters.capabilities.add, ["CHOWN", "DAC_OVERRIDE", "FOWNER", "SETGID", "SETUID", "NET_BIND_SERVICE", "KILL"])) == 0
    error_message = "only the C6 capabilities may be added back"
  }
  assert {
    condition     = contains(jsondecode(aws_ecs_task_definition.this["web"].container_definitions)[0].dockerSecurityOptions, "no-new-privileges")
    error_message = "no-new-privileges must be set"
  }
  assert {
    condition     = jsondecode(aws_ecs_task_definition.this["web"].container_definitions)[0].privileged == false
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
    condition     = length([for k in keys(output.container_environment) : k if startswith(k, "WPECS_SMTP_") || startswith(k, "WPECS_MAIL_")]) == 0
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
    condition = { for k, v in output.container_environment : k => v if startswith(k, "WPECS_SMTP_") || startswith(k, "WPECS_MAIL_") } == {
      WPECS_SMTP_HOST = "email-smtp.eu-west-1.amazonaws.com"
      WPECS_SMTP_PORT = "587"
      WPECS_SMTP_TLS  = "starttls"
      WPECS_MAIL_FROM = "wordpress@example.com"
    }
    error_message = "the plain mail settings are host, port, TLS mode and From; never a credential"
  }
  assert {
    condition = { for k, v in output.container_secrets : k => v if startswith(k, "WPECS_SMTP_") } == {
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

# --- external cron: EventBridge Scheduler, a one-off task, its role and alarms ----

run "cron_is_wordpress_own_by_default" {
  command = plan

  assert {
    condition     = length(aws_scheduler_schedule.cron) == 0 && !contains(keys(aws_ecs_task_definition.this), "cron") && length(aws_iam_role.cron_scheduler) == 0 && length(aws_sqs_queue.cron_dlq) == 0
    error_message = "cron_external defaults to off: no schedule, task definition, role or queue"
  }
  assert {
    condition     = !strcontains(aws_ecs_task_definition.this["web"].container_definitions, "WPECS_CRON")
    error_message = "without external cron the replicas keep WordPress's own cron (no WPECS_CRON)"
  }
  assert {
    condition     = output.cron_schedule_arn == null
    error_message = "no schedule ARN when cron is WordPress's own"
  }
}

run "external_cron_runs_a_small_one_off_task_every_minute" {
  command = apply
  variables {
    cron_external = true
  }

  assert {
    condition     = output.container_environment["WPECS_CRON"] == "external"
    error_message = "the replicas get WPECS_CRON=external (DISABLE_WP_CRON)"
  }
  assert {
    condition     = aws_scheduler_schedule.cron[0].schedule_expression == "rate(1 minute)" && aws_scheduler_schedule.cron[0].flexible_time_window[0].mode == "OFF"
    error_message = "the schedule fires every minute, on time (no flexible window)"
  }
  assert {
    condition     = aws_scheduler_schedule.cron[0].target[0].arn == var.cluster_arn && aws_scheduler_schedule.cron[0].target[0].ecs_parameters[0].task_count == 1 && aws_scheduler_schedule.cron[0].target[0].ecs_parameters[0].task_definition_arn == aws_ecs_task_definition.this["cron"].arn
    error_message = "each tick runs one task of the cron task definition on the cluster"
  }
  assert {
    condition     = [for c in aws_scheduler_schedule.cron[0].target[0].ecs_parameters[0].capacity_provider_strategy : c.capacity_provider] == [var.capacity_provider_name]
    error_message = "the cron task is placed by the service's capacity provider"
  }
  assert {
    condition     = aws_scheduler_schedule.cron[0].target[0].retry_policy[0].maximum_event_age_in_seconds == 60 && aws_scheduler_schedule.cron[0].target[0].retry_policy[0].maximum_retry_attempts == 2 && aws_scheduler_schedule.cron[0].target[0].dead_letter_config[0].arn == aws_sqs_queue.cron_dlq[0].arn
    error_message = "a tick is retried within its minute, then dead-lettered"
  }
  assert {
    condition     = aws_sqs_queue.cron_dlq[0].sqs_managed_sse_enabled
    error_message = "the dead-letter queue is encrypted"
  }
  assert {
    condition     = aws_ecs_task_definition.this["cron"].family == "wpecs-test-cron" && aws_ecs_task_definition.this["cron"].family != aws_ecs_task_definition.this["web"].family
    error_message = "the cron task is a family of its own"
  }
  assert {
    condition = alltrue([
      jsondecode(aws_ecs_task_definition.this["cron"].container_definitions)[0].command == ["cron"],
      jsondecode(aws_ecs_task_definition.this["cron"].container_definitions)[0].cpu == 256,
      jsondecode(aws_ecs_task_definition.this["cron"].container_definitions)[0].memory == 512,
      jsondecode(aws_ecs_task_definition.this["cron"].container_definitions)[0].image == jsondecode(aws_ecs_task_definition.this["web"].container_definitions)[0].image,
      try(jsondecode(aws_ecs_task_definition.this["cron"].container_definitions)[0].portMappings, null) == null,
    ])
    error_message = "the cron task runs `wp-init cron` from the service's image, in 256 CPU units and 512 MiB, with no port"
  }
  assert {
    condition = alltrue([
      contains(jsondecode(aws_ecs_task_definition.this["cron"].container_definitions)[0].environment, { name = "WPECS_CRON", value = "external" }),
      contains(jsondecode(aws_ecs_task_definition.this["cron"].container_definitions)[0].environment, { name = "WPECS_CRON_TIMEOUT", value = "600" }),
      contains(jsondecode(aws_ecs_task_definition.this["cron"].container_definitions)[0].environment, { name = "WORDPRESS_DB_HOST", value = "wpecs-test.abc.eu-west-1.rds.amazonaws.com:3306" }),
    ])
    error_message = "the cron task has the service's settings, WPECS_CRON=external and its timeout"
  }
  assert {
    condition     = !contains([for s in jsondecode(aws_ecs_task_definition.this["cron"].container_definitions)[0].secrets : s.name], "WORDPRESS_ADMIN_PASSWORD") && contains([for s in jsondecode(aws_ecs_task_definition.this["cron"].container_definitions)[0].secrets : s.name], "WORDPRESS_DB_PASSWORD")
    error_message = "the cron task gets the database secret but not the installer's password"
  }
  assert {
    condition     = jsondecode(aws_ecs_task_definition.this["cron"].container_definitions)[0].mountPoints[0].containerPath == "/var/www/shared" && one(aws_ecs_task_definition.this["cron"].volume[*].efs_volume_configuration[0].authorization_config[0].access_point_id) == var.efs_access_point_id
    error_message = "the cron task mounts the shared volume (where the cron lock is) through the access point"
  }
  assert {
    condition = alltrue([
      jsondecode(aws_ecs_task_definition.this["cron"].container_definitions)[0].readonlyRootFilesystem,
      jsondecode(aws_ecs_task_definition.this["cron"].container_definitions)[0].linuxParameters.capabilities.drop == ["ALL"],
      jsondecode(aws_ecs_task_definition.this["cron"].container_definitions)[0].dockerSecurityOptions == ["no-new-privileges"],
    ])
    error_message = "the cron task runs with C6's restrictions"
  }
  assert {
    condition     = jsondecode(aws_ecs_task_definition.this["cron"].container_definitions)[0].logConfiguration.options["awslogs-group"] == aws_cloudwatch_log_group.this.name && jsondecode(aws_ecs_task_definition.this["cron"].container_definitions)[0].logConfiguration.options["awslogs-stream-prefix"] == "cron"
    error_message = "the cron task logs to the service's log group under the stream prefix cron"
  }
  assert {
    condition     = length(aws_cloudwatch_metric_alarm.cron) == 0
    error_message = "no alarm without an alarm topic"
  }
}

run "cron_scheduler_role_has_least_privilege" {
  command = apply
  variables {
    cron_external = true
  }

  assert {
    condition     = jsondecode(aws_iam_role.cron_scheduler[0].assume_role_policy).Statement[0].Principal.Service == "scheduler.amazonaws.com" && jsondecode(aws_iam_role.cron_scheduler[0].assume_role_policy).Statement[0].Condition.StringEquals["aws:SourceAccount"] == "123456789012"
    error_message = "only EventBridge Scheduler acting for this account assumes the role"
  }
  assert {
    condition     = jsonencode(sort(flatten([for s in jsondecode(aws_iam_role_policy.cron_scheduler[0].policy).Statement : s.Action]))) == jsonencode(["ecs:RunTask", "iam:PassRole", "sqs:SendMessage"])
    error_message = "the schedule's role may run a task, pass its roles and dead-letter a tick, nothing else"
  }
  assert {
    condition = alltrue([
      for s in jsondecode(aws_iam_role_policy.cron_scheduler[0].policy).Statement :
      s.Resource == "arn:aws:ecs:eu-west-1:123456789012:task-definition/wpecs-test-cron:*" && s.Condition.ArnEquals["ecs:cluster"] == var.cluster_arn if s.Action == "ecs:RunTask"
    ])
    error_message = "RunTask only for the cron family, only on this cluster"
  }
  assert {
    condition = alltrue([
      for s in jsondecode(aws_iam_role_policy.cron_scheduler[0].policy).Statement :
      sort(s.Resource) == sort([aws_iam_role.execution.arn, aws_iam_role.task.arn]) && s.Condition.StringEquals["iam:PassedToService"] == "ecs-tasks.amazonaws.com" if s.Action == "iam:PassRole"
    ])
    error_message = "PassRole only for the task's two roles, only to ECS tasks"
  }
  assert {
    condition = alltrue([
      for s in jsondecode(aws_iam_role_policy.cron_scheduler[0].policy).Statement :
      s.Resource == aws_sqs_queue.cron_dlq[0].arn if s.Action == "sqs:SendMessage"
    ])
    error_message = "SendMessage only to the cron dead-letter queue"
  }
  assert {
    condition     = !strcontains(aws_iam_role_policy.cron_scheduler[0].policy, "\"*\"")
    error_message = "no wildcard resource in the schedule's role"
  }
}

run "cron_alarms_go_to_the_alarm_topic" {
  command = apply
  variables {
    cron_external   = true
    alarm_topic_arn = "arn:aws:sns:eu-west-1:123456789012:wpecs-test-alarms"
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.cron["ticks-failed"].namespace == "AWS/Scheduler" && aws_cloudwatch_metric_alarm.cron["ticks-failed"].metric_name == "InvocationsSentToDeadLetterCount" && aws_cloudwatch_metric_alarm.cron["ticks-failed"].dimensions.ScheduleGroup == aws_scheduler_schedule_group.cron[0].name
    error_message = "a tick that could not start the task (dead-lettered after retries) alarms, for this schedule group only"
  }
  assert {
    condition     = aws_cloudwatch_metric_alarm.cron["ticks-failed"].alarm_actions == toset([var.alarm_topic_arn]) && aws_cloudwatch_metric_alarm.cron["runs-failed"].alarm_actions == toset([var.alarm_topic_arn])
    error_message = "both cron alarms notify the alarm topic"
  }
  assert {
    condition     = strcontains(aws_cloudwatch_log_metric_filter.cron_failed[0].pattern, "wp-init: cron command failed") && strcontains(aws_cloudwatch_log_metric_filter.cron_failed[0].pattern, "wp-init: cron command timed out") && aws_cloudwatch_log_metric_filter.cron_failed[0].log_group_name == aws_cloudwatch_log_group.this.name
    error_message = "failed runs are counted from wp-init's failure lines in the service's log group"
  }
  assert {
    condition     = aws_cloudwatch_metric_alarm.cron["runs-failed"].metric_name == "CronRunsFailed" && aws_cloudwatch_metric_alarm.cron["runs-failed"].evaluation_periods == 2 && aws_cloudwatch_metric_alarm.cron["runs-failed"].treat_missing_data == "notBreaching"
    error_message = "failed runs in two 5-minute windows in a row alarm"
  }
  assert {
    condition     = aws_cloudwatch_metric_alarm.cron["ticks-failed"].alarm_name == "${var.name}-cron-ticks-failed" && aws_cloudwatch_metric_alarm.cron["runs-failed"].alarm_name == "${var.name}-cron-runs-failed" && aws_cloudwatch_metric_alarm.cron["ticks-failed"].datapoints_to_alarm == null && aws_cloudwatch_metric_alarm.cron["runs-failed"].datapoints_to_alarm == 2
    error_message = "the cron alarms keep their names (a new name replaces an alarm); only the failed-runs alarm needs two datapoints"
  }
}

run "no_cron_alarm_without_external_cron" {
  command = plan
  variables {
    alarm_topic_arn = "arn:aws:sns:eu-west-1:123456789012:wpecs-test-alarms"
  }

  assert {
    condition     = length(aws_cloudwatch_metric_alarm.cron) == 0 && length(aws_cloudwatch_log_metric_filter.cron_failed) == 0
    error_message = "no cron alarm when there is no scheduled cron"
  }
}

run "rejects_a_bad_alarm_topic" {
  command = plan
  variables {
    alarm_topic_arn = "wpecs-test-alarms"
  }
  expect_failures = [var.alarm_topic_arn]
}

run "rejects_a_cron_task_too_small_for_wordpress" {
  command = plan
  variables {
    cron_external = true
    cron_memory   = 256
  }
  expect_failures = [var.cron_memory]
}

run "rejects_a_fractional_cron_timeout" {
  command = plan
  variables {
    cron_timeout = 90.5
  }
  expect_failures = [var.cron_timeout]
}
