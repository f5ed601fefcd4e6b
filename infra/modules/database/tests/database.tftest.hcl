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
  mock_resource "aws_db_instance" {
    defaults = {
      address = "wpecs-test.abc123.eu-west-1.rds.amazonaws.com"
      master_user_secret = [{
        secret_arn    = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-123-AbCdEf"
        kms_key_id    = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555"
        secret_status = "active"
      }]
    }
  }
  mock_resource "aws_secretsmanager_secret" {
    defaults = {
      arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:wpecs-test-wordpress-db-AbCdEf"
    }
  }
  mock_resource "aws_lambda_function" {
    defaults = {
      arn = "arn:aws:lambda:eu-west-1:123456789012:function:wpecs-test-db-rotation"
    }
  }
  mock_resource "aws_cloudwatch_log_group" {
    defaults = {
      arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/mock"
    }
  }
  mock_resource "aws_security_group" {
    defaults = {
      id = "sg-0aaaaaaaaaaaaaaa1"
    }
  }
}

variables {
  identifier = "wpecs-test"
  vpc_id     = "vpc-12345678"
  subnet_ids = ["subnet-aaaa1111", "subnet-bbbb2222", "subnet-cccc3333"]
  allowed_security_group_ids = {
    ecs_instances = "sg-0123456789abcdef0"
  }
  # The rotation rolls this service; no_roll_without_a_service turns it off.
  roll_ecs_service = {
    cluster_arn  = "arn:aws:ecs:eu-west-1:123456789012:cluster/wpecs-test"
    service_name = "wpecs-test"
  }
}

run "safe_defaults" {
  command = plan

  assert {
    condition     = aws_db_instance.this.storage_encrypted && !aws_db_instance.this.publicly_accessible
    error_message = "storage must be encrypted and the instance must not be public"
  }
  assert {
    condition     = aws_db_instance.this.manage_master_user_password == true
    error_message = "the master password must be managed by RDS in Secrets Manager"
  }
  assert {
    condition     = aws_db_instance.this.multi_az && aws_db_instance.this.deletion_protection && !aws_db_instance.this.skip_final_snapshot
    error_message = "multi_az, deletion protection and a final snapshot must be on by default"
  }
  assert {
    condition     = aws_db_instance.this.final_snapshot_identifier == "wpecs-test-final"
    error_message = "the final snapshot must be named after the instance"
  }
  assert {
    condition     = aws_db_instance.this.backup_retention_period == 7 && aws_db_instance.this.auto_minor_version_upgrade
    error_message = "backups (7 days) and automatic minor upgrades must be on by default"
  }
  assert {
    condition     = aws_db_instance.this.engine == "mariadb" && aws_db_parameter_group.this.family == "mariadb10.11"
    error_message = "the default engine is MariaDB 10.11 with the matching parameter group family"
  }
  assert {
    condition     = length(aws_iam_role.monitoring) == 0 && aws_db_instance.this.monitoring_interval == 0
    error_message = "enhanced monitoring is off by default and then needs no role"
  }
}

run "utf8mb4_parameters" {
  command = plan

  assert {
    condition     = contains([for p in aws_db_parameter_group.this.parameter : "${p.name}=${p.value}"], "character_set_server=utf8mb4")
    error_message = "character_set_server must be utf8mb4"
  }
  assert {
    condition     = contains([for p in aws_db_parameter_group.this.parameter : "${p.name}=${p.value}"], "collation_server=utf8mb4_unicode_ci")
    error_message = "collation_server must be a utf8mb4 collation"
  }
}

run "port_open_only_to_given_groups" {
  command = plan

  assert {
    condition     = length(module.security_group.ingress_rules) == 1
    error_message = "one ingress rule per allowed security group"
  }
  assert {
    condition     = module.security_group.ingress_rules["ecs_instances"].from_port == 3306 && module.security_group.ingress_rules["ecs_instances"].to_port == 3306 && module.security_group.ingress_rules["ecs_instances"].ip_protocol == "tcp"
    error_message = "only port 3306 may be opened"
  }
  assert {
    condition     = module.security_group.ingress_rules["ecs_instances"].referenced_security_group_id == "sg-0123456789abcdef0" && module.security_group.ingress_rules["ecs_instances"].cidr_ipv4 == null
    error_message = "the rule must reference the source security group, never a CIDR"
  }
}

run "mysql_with_monitoring_and_dev_settings" {
  command = plan

  variables {
    engine              = "mysql"
    engine_version      = "8.0.39"
    multi_az            = false
    deletion_protection = false
    skip_final_snapshot = true
    monitoring_interval = 60
  }

  assert {
    condition     = aws_db_parameter_group.this.family == "mysql8.0"
    error_message = "mysql 8.0.39 needs the mysql8.0 family"
  }
  assert {
    condition     = aws_db_instance.this.final_snapshot_identifier == null
    error_message = "no final snapshot name when skipping it"
  }
  assert {
    condition     = length(aws_iam_role.monitoring) == 1
    error_message = "enhanced monitoring needs its role"
  }
}

run "outputs" {
  command = apply

  assert {
    condition     = output.endpoint == "wpecs-test.abc123.eu-west-1.rds.amazonaws.com:3306"
    error_message = "endpoint must be address:port"
  }
  assert {
    condition     = output.master_user_secret_arn == "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-123-AbCdEf"
    error_message = "master_user_secret_arn must come from the RDS-managed secret"
  }
}

run "rejects_postgres" {
  command = plan
  variables {
    engine = "postgres"
  }
  expect_failures = [var.engine]
}

run "rejects_single_subnet" {
  command = plan
  variables {
    subnet_ids = ["subnet-aaaa1111"]
  }
  expect_failures = [var.subnet_ids]
}

run "rejects_zero_backup_retention" {
  command = plan
  variables {
    backup_retention_period = 0
  }
  expect_failures = [var.backup_retention_period]
}

run "rejects_mysql_5_7" {
  command = plan
  variables {
    engine         = "mysql"
    engine_version = "5.7"
  }
  expect_failures = [aws_db_instance.this]
}

# The restore path: the instance starts from a snapshot (make restore-aws).
run "restored_from_a_snapshot" {
  command = plan

  variables {
    snapshot_identifier = "awsbackup:job-0123abcd"
  }

  assert {
    condition     = aws_db_instance.this.snapshot_identifier == "awsbackup:job-0123abcd" && aws_db_instance.this.storage_encrypted
    error_message = "A restore must start the instance from the snapshot, encrypted."
  }
}

run "new_database_by_default" {
  command = plan

  assert {
    condition     = aws_db_instance.this.db_name == "wordpress"
    error_message = "Without a snapshot the instance creates the WordPress database."
  }
}

# The RDS log groups belong to the stack (retention, removed
# on destroy) and exist before the instance, whose exports would otherwise
# create them without retention; the slow query log really reaches its export.

run "log_groups_before_the_instance_with_retention" {
  command = plan

  assert {
    condition     = toset(keys(aws_cloudwatch_log_group.rds)) == toset(["error", "slowquery"])
    error_message = "one log group per exported log (error, slowquery by default)"
  }
  assert {
    condition     = aws_cloudwatch_log_group.rds["error"].name == "/aws/rds/instance/wpecs-test/error" && aws_cloudwatch_log_group.rds["slowquery"].name == "/aws/rds/instance/wpecs-test/slowquery"
    error_message = "the log groups must have the names RDS exports to (/aws/rds/instance/<id>/<log>)"
  }
  assert {
    condition     = alltrue([for g in aws_cloudwatch_log_group.rds : g.retention_in_days == 365])
    error_message = "the RDS log groups must have a retention (365 days by default)"
  }
  assert {
    # The instance's exports name the groups the stack created, so the
    # instance cannot be created (and export) before them.
    condition     = toset(aws_db_instance.this.enabled_cloudwatch_logs_exports) == toset(keys(aws_cloudwatch_log_group.rds))
    error_message = "every exported log must have its log group"
  }
}

run "slow_query_log_reaches_its_export" {
  command = plan

  assert {
    condition     = contains([for p in aws_db_parameter_group.this.parameter : "${p.name}=${p.value}"], "slow_query_log=1")
    error_message = "slow_query_log must be on when slowquery is exported"
  }
  assert {
    condition     = contains([for p in aws_db_parameter_group.this.parameter : "${p.name}=${p.value}"], "log_output=FILE")
    error_message = "log_output must be FILE: RDS exports only the log files, not TABLE output"
  }
  assert {
    condition     = contains([for p in aws_db_parameter_group.this.parameter : "${p.name}=${p.value}"], "long_query_time=2")
    error_message = "long_query_time must be set (2 s by default)"
  }
}

run "general_log_only_when_exported" {
  command = plan
  variables {
    cloudwatch_logs_exports = ["error", "general"]
  }

  assert {
    condition     = contains(keys(aws_cloudwatch_log_group.rds), "general") && !contains(keys(aws_cloudwatch_log_group.rds), "slowquery")
    error_message = "log groups follow cloudwatch_logs_exports"
  }
  assert {
    condition     = contains([for p in aws_db_parameter_group.this.parameter : "${p.name}=${p.value}"], "general_log=1") && !contains([for p in aws_db_parameter_group.this.parameter : p.name], "slow_query_log")
    error_message = "general_log is on only when general is exported, and slow_query_log only with slowquery"
  }
}

run "custom_retention_and_long_query_time" {
  command = plan
  variables {
    log_retention_days = 30
    long_query_time    = 0.5
  }

  assert {
    condition     = alltrue([for g in aws_cloudwatch_log_group.rds : g.retention_in_days == 30])
    error_message = "log_retention_days must reach the log groups"
  }
  assert {
    condition     = contains([for p in aws_db_parameter_group.this.parameter : "${p.name}=${p.value}"], "long_query_time=0.5")
    error_message = "long_query_time must reach the parameter group"
  }
}

run "rejects_a_retention_cloudwatch_does_not_offer" {
  command = plan
  variables {
    log_retention_days = 10
  }
  expect_failures = [var.log_retention_days]
}

run "rejects_a_negative_long_query_time" {
  command = plan
  variables {
    long_query_time = -1
  }
  expect_failures = [var.long_query_time]
}

# WordPress has its own database users and secret, rotated
# by this module's function (alternating users), never the master user; the
# rotation rolls the ECS service when it succeeds.

run "wordpress_has_its_own_secret_never_the_master" {
  command = apply

  assert {
    condition     = output.app_secret_arn == "arn:aws:secretsmanager:eu-west-1:123456789012:secret:wpecs-test-wordpress-db-AbCdEf" && output.app_secret_arn != output.master_user_secret_arn
    error_message = "the module must output a WordPress secret of its own, not the master secret"
  }
  assert {
    condition     = jsondecode(aws_secretsmanager_secret_version.initial.secret_string).username == "wordpress" && aws_db_instance.this.username != "wordpress"
    error_message = "WordPress connects as its own user (wordpress, then wordpress_clone), not the master user"
  }
  assert {
    condition     = jsondecode(aws_secretsmanager_secret_version.initial.secret_string).password == ""
    error_message = "the first version holds no password: the first rotation creates the user with a generated one"
  }
}

run "rotation_schedule_and_function" {
  command = plan

  assert {
    condition     = aws_secretsmanager_secret_rotation.app.rotation_rules[0].automatically_after_days == 30
    error_message = "the WordPress secret must rotate (every 30 days by default)"
  }
  assert {
    condition     = aws_lambda_function.rotation.handler == "rotation.lambda_handler" && startswith(aws_lambda_function.rotation.runtime, "python3.")
    error_message = "the rotation function is this module's Python handler"
  }
  assert {
    condition     = aws_lambda_function.rotation.source_code_hash == filebase64sha256("${path.module}/rotation/package.zip")
    error_message = "the function's code is the committed package (rotation/build.py)"
  }
  assert {
    condition     = aws_lambda_function.rotation.environment[0].variables.MASTER_SECRET_ARN == "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-123-AbCdEf"
    error_message = "the function uses the master secret to manage the users"
  }
  assert {
    condition     = aws_lambda_function.rotation.environment[0].variables.ECS_CLUSTER == "arn:aws:ecs:eu-west-1:123456789012:cluster/wpecs-test" && aws_lambda_function.rotation.environment[0].variables.ECS_SERVICE == "wpecs-test"
    error_message = "finishSecret must know the service to roll"
  }
  assert {
    condition     = toset(aws_lambda_function.rotation.vpc_config[0].subnet_ids) == toset(["subnet-aaaa1111", "subnet-bbbb2222", "subnet-cccc3333"])
    error_message = "the function runs in the database's private subnets"
  }
  assert {
    condition     = aws_lambda_permission.secretsmanager.principal == "secretsmanager.amazonaws.com"
    error_message = "only Secrets Manager may invoke the function"
  }
  assert {
    condition     = aws_vpc_security_group_ingress_rule.from_rotation.from_port == 3306 && aws_vpc_security_group_ingress_rule.from_rotation.referenced_security_group_id == aws_security_group.rotation.id
    error_message = "the database admits the rotation function on 3306"
  }
}

run "rotation_permissions_are_scoped" {
  command = apply

  # Every Secrets Manager action that names a resource names the two secrets
  # only; the master secret is read-only; the service roll names one service.
  assert {
    condition = alltrue([
      for s in jsondecode(aws_iam_role_policy.rotation.policy).Statement :
      alltrue([for r in flatten([s.Resource]) : contains([output.app_secret_arn, output.master_user_secret_arn], r)])
      if anytrue([for a in flatten([s.Action]) : startswith(a, "secretsmanager:") && a != "secretsmanager:GetRandomPassword"])
    ])
    error_message = "the function's Secrets Manager permissions must name only the WordPress and master secrets"
  }
  assert {
    condition = alltrue([
      for s in jsondecode(aws_iam_role_policy.rotation.policy).Statement :
      alltrue([for a in flatten([s.Action]) : contains(["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"], a)])
      if contains(flatten([s.Resource]), output.master_user_secret_arn)
    ])
    error_message = "the master secret may only be read"
  }
  assert {
    condition = anytrue([
      for s in jsondecode(aws_iam_role_policy.rotation.policy).Statement :
      contains(flatten([s.Action]), "secretsmanager:PutSecretValue") && flatten([s.Resource]) == [output.app_secret_arn]
    ])
    error_message = "the function writes new versions of the WordPress secret only"
  }
  assert {
    condition = alltrue([
      for s in jsondecode(aws_iam_role_policy.rotation.policy).Statement :
      flatten([s.Resource]) == ["arn:aws:ecs:eu-west-1:123456789012:service/wpecs-test/wpecs-test"]
      if contains(flatten([s.Action]), "ecs:UpdateService")
    ])
    error_message = "the roll may update the WordPress service only"
  }
  assert {
    condition     = aws_lambda_permission.secretsmanager.source_arn == output.app_secret_arn
    error_message = "Secrets Manager may invoke the function for the WordPress secret only"
  }
}

run "no_roll_without_a_service" {
  command = plan
  variables {
    roll_ecs_service = null
  }

  assert {
    condition     = !contains(keys(aws_lambda_function.rotation.environment[0].variables), "ECS_SERVICE")
    error_message = "without a service there is nothing to roll"
  }
}

run "rejects_a_master_user_named_like_the_wordpress_users" {
  command = plan
  variables {
    master_username = "wordpress_clone"
  }
  expect_failures = [aws_db_instance.this]
}

run "rejects_rotation_every_zero_days" {
  command = plan
  variables {
    rotation_days = 0
  }
  expect_failures = [var.rotation_days]
}
