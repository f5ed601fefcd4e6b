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

run "container_definition" {
  command = plan

  assert {
    condition     = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].image == "123456789012.dkr.ecr.eu-west-1.amazonaws.com/wordpress-ecs:1.2.3"
    error_message = "image must be repository_url:image_tag"
  }
  assert {
    condition     = aws_ecs_task_definition.this.network_mode == "bridge" && jsondecode(aws_ecs_task_definition.this.container_definitions)[0].portMappings[0].hostPort == 0
    error_message = "default is bridge mode with a dynamic host port"
  }
  assert {
    condition     = aws_ecs_task_definition.this.requires_compatibilities == toset(["EC2"])
    error_message = "tasks run on EC2 container instances"
  }
  assert {
    condition     = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].healthCheck.command == ["CMD", "/usr/local/bin/wp-init", "healthcheck"]
    error_message = "the container health check must be wp-init healthcheck"
  }
  assert {
    condition     = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].stopTimeout == 30
    error_message = "stopTimeout defaults to 30 s"
  }
  assert {
    condition     = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].mountPoints[0].containerPath == "/var/www/shared"
    error_message = "the shared volume is mounted at /var/www/shared"
  }
  assert {
    condition     = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].logConfiguration.logDriver == "awslogs" && jsondecode(aws_ecs_task_definition.this.container_definitions)[0].logConfiguration.options["awslogs-group"] == "/ecs/wpecs-test"
    error_message = "logs go to the module's log group through awslogs"
  }
}

run "no_secret_in_plain_environment" {
  command = plan

  assert {
    condition     = length([for e in jsondecode(aws_ecs_task_definition.this.container_definitions)[0].environment : e if can(regex("PASSWORD|_KEY$|_SALT$|DB_USER", e.name))]) == 0
    error_message = "no password, user, key or salt may be in the plain environment"
  }
  assert {
    condition     = { for s in jsondecode(aws_ecs_task_definition.this.container_definitions)[0].secrets : s.name => s.valueFrom }["WORDPRESS_DB_PASSWORD"] == "arn:aws:secretsmanager:eu-west-1:123456789012:secret:wpecs-test-wordpress-db-AbCdEf:password::"
    error_message = "the password must come from the secret's password key"
  }
  assert {
    condition     = { for s in jsondecode(aws_ecs_task_definition.this.container_definitions)[0].secrets : s.name => s.valueFrom }["WORDPRESS_DB_USER"] == "arn:aws:secretsmanager:eu-west-1:123456789012:secret:wpecs-test-wordpress-db-AbCdEf:username::"
    error_message = "the user must come from the secret's username key"
  }
  assert {
    condition     = length(jsondecode(aws_ecs_task_definition.this.container_definitions)[0].secrets) == 3
    error_message = "without salts_secret_arn only the database user and password and the admin password are injected (wp-init generates the salts on EFS)"
  }
  assert {
    condition     = { for e in jsondecode(aws_ecs_task_definition.this.container_definitions)[0].environment : e.name => e.value }["WORDPRESS_DB_HOST"] == "wpecs-test.abc.eu-west-1.rds.amazonaws.com:3306"
    error_message = "WORDPRESS_DB_HOST must be address:port"
  }
  assert {
    condition     = { for e in jsondecode(aws_ecs_task_definition.this.container_definitions)[0].environment : e.name => e.value }["WPECS_DRAIN_TIMEOUT"] == "25"
    error_message = "wp-init must drain for stop_timeout - 5 seconds"
  }
}

run "salts_from_a_secret_when_given" {
  command = plan

  variables {
    salts_secret_arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:wpecs-salts-AbCdEf"
  }

  assert {
    condition     = length(jsondecode(aws_ecs_task_definition.this.container_definitions)[0].secrets) == 11
    error_message = "all eight salts plus user, password and admin password must be injected"
  }
  assert {
    condition     = { for s in jsondecode(aws_ecs_task_definition.this.container_definitions)[0].secrets : s.name => s.valueFrom }["WORDPRESS_NONCE_SALT"] == "arn:aws:secretsmanager:eu-west-1:123456789012:secret:wpecs-salts-AbCdEf:NONCE_SALT::"
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
    condition     = { for e in jsondecode(aws_ecs_task_definition.this.container_definitions)[0].environment : e.name => e.value if startswith(e.name, "WPECS_REDIS_") } == { WPECS_REDIS_HOST = "master.wpecs-test.abcdef.euw1.cache.amazonaws.com", WPECS_REDIS_PORT = "6379", WPECS_REDIS_TLS = "1" }
    error_message = "the cache's host, port and TLS (on by default) must be in the environment, and nothing else of it"
  }
  assert {
    condition     = { for s in jsondecode(aws_ecs_task_definition.this.container_definitions)[0].secrets : s.name => s.valueFrom }["WPECS_REDIS_PASSWORD"] == "arn:aws:secretsmanager:eu-west-1:123456789012:secret:wpecs-test-cache-auth-AbCdEf:auth_token::"
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
    condition     = length([for e in jsondecode(aws_ecs_task_definition.this.container_definitions)[0].environment : e if startswith(e.name, "WPECS_REDIS_")]) == 0
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
    condition     = one(one(aws_ecs_task_definition.this.volume).efs_volume_configuration).transit_encryption == "ENABLED"
    error_message = "EFS transit encryption must be enabled"
  }
  assert {
    condition     = one(one(one(aws_ecs_task_definition.this.volume).efs_volume_configuration).authorization_config).iam == "ENABLED"
    error_message = "EFS must be mounted with IAM authorization"
  }
  assert {
    condition     = one(one(one(aws_ecs_task_definition.this.volume).efs_volume_configuration).authorization_config).access_point_id == "fsap-0123456789abcdef0"
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
    condition     = length(aws_appautoscaling_policy.requests) == 0
    error_message = "request-count scaling is off unless asked for"
  }
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
    condition     = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].portMappings[0].hostPort == 80
    error_message = "awsvpc tasks use port 80 on their own ENI"
  }
  assert {
    condition     = one(aws_ecs_service.this.network_configuration).assign_public_ip == false
    error_message = "tasks never get a public IP"
  }
  assert {
    condition     = one(one(aws_appautoscaling_policy.requests).target_tracking_scaling_policy_configuration[0].predefined_metric_specification).resource_label == "app/wpecs-test/0123456789abcdef/targetgroup/wpecs-test/0123456789abcdef"
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
    condition     = one(aws_ecs_task_definition.this.runtime_platform).cpu_architecture == "X86_64" && one(aws_ecs_task_definition.this.runtime_platform).operating_system_family == "LINUX"
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
    condition     = one(aws_ecs_task_definition.this.runtime_platform).cpu_architecture == "ARM64" && one(aws_ecs_task_definition.this.runtime_platform).operating_system_family == "LINUX"
    error_message = "architecture arm64 must become the task definition's ARM64 runtime platform."
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].image == "123456789012.dkr.ecr.eu-west-1.amazonaws.com/wordpress-ecs:1.2.3-arm64"
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
