# Issue 9 item 9: the RDS log groups belong to the stack (retention, removed
# on destroy) and exist before the instance, whose exports would otherwise
# create them without retention; the slow query log really reaches its export.
mock_provider "aws" {
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
  mock_resource "aws_iam_role" {
    defaults = {
      arn = "arn:aws:iam::123456789012:role/wpecs-test-mock"
    }
  }
  mock_resource "aws_cloudwatch_log_group" {
    defaults = {
      arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/mock"
    }
  }
  mock_data "aws_partition" {
    defaults = {
      partition = "aws"
    }
  }
}

variables {
  identifier = "wpecs-test"
  vpc_id     = "vpc-12345678"
  subnet_ids = ["subnet-aaaa1111", "subnet-bbbb2222", "subnet-cccc3333"]
}

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
