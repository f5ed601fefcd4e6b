# ECS Exec (exec_enabled): sessions encrypted with the cluster's own KMS key
# and logged to a log group encrypted with it. AWS mocked.

mock_provider "aws" {
  # What the mocked SSM parameter returns: a made-up AMI ID. The module itself
  # reads the ECS-optimized AMI from its public SSM parameter, never an ID.
  mock_data "aws_ssm_parameter" {
    defaults = { value = "ami-0123456789abcdef0", insecure_value = "ami-0123456789abcdef0" }
  }
  mock_data "aws_partition" {
    defaults = { partition = "aws" }
  }
  # The provider checks ARN and ID syntax even with mocked values.
  mock_resource "aws_iam_role" {
    defaults = { arn = "arn:aws:iam::123456789012:role/wpecs-test-instance-1" }
  }
  mock_resource "aws_iam_instance_profile" {
    defaults = { arn = "arn:aws:iam::123456789012:instance-profile/wpecs-test-instance-1" }
  }
  mock_resource "aws_autoscaling_group" {
    defaults = { arn = "arn:aws:autoscaling:eu-west-1:123456789012:autoScalingGroup:11111111-2222-3333-4444-555555555555:autoScalingGroupName/wpecs-test-1" }
  }
  mock_resource "aws_security_group" {
    defaults = { id = "sg-0aaaaaaaaaaaaaaaa" }
  }
  mock_resource "aws_launch_template" {
    defaults = { id = "lt-0123456789abcdef0", latest_version = 1 }
  }
  mock_data "aws_caller_identity" {
    defaults = { account_id = "123456789012" }
  }
  mock_data "aws_region" {
    defaults = { name = "eu-west-1" }
  }
  mock_resource "aws_kms_key" {
    defaults = { arn = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555", key_id = "11111111-2222-3333-4444-555555555555" }
  }
  mock_resource "aws_cloudwatch_log_group" {
    defaults = { arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/wpecs-test/exec" }
  }
}

variables {
  name       = "wpecs-test"
  vpc_id     = "vpc-0123456789abcdef0"
  subnet_ids = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2", "subnet-0aaaaaaaaaaaaaaa3"]
}

run "exec_sessions_are_encrypted_and_logged" {
  command = apply

  variables {
    exec_enabled = true
  }

  assert {
    condition     = one(one(aws_ecs_cluster.this.configuration).execute_command_configuration).kms_key_id == aws_kms_key.exec[0].arn && one(one(aws_ecs_cluster.this.configuration).execute_command_configuration).logging == "OVERRIDE"
    error_message = "ECS Exec sessions must be encrypted with the cluster's key and logged to the cluster's own log group (logging OVERRIDE)."
  }

  assert {
    condition     = one(one(one(aws_ecs_cluster.this.configuration).execute_command_configuration).log_configuration).cloud_watch_encryption_enabled && one(one(one(aws_ecs_cluster.this.configuration).execute_command_configuration).log_configuration).cloud_watch_log_group_name == "/ecs/wpecs-test/exec"
    error_message = "The session log must go to /ecs/<name>/exec with encryption enforced."
  }

  assert {
    condition     = aws_cloudwatch_log_group.exec[0].kms_key_id == aws_kms_key.exec[0].arn && aws_cloudwatch_log_group.exec[0].retention_in_days == 365
    error_message = "The session log group must be encrypted with the exec key and kept a year by default."
  }

  assert {
    condition     = aws_kms_key.exec[0].enable_key_rotation && strcontains(aws_kms_key.exec[0].policy, "logs.eu-west-1.amazonaws.com") && strcontains(aws_kms_key.exec[0].policy, "log-group:/ecs/wpecs-test/exec")
    error_message = "The exec key must rotate and let CloudWatch Logs use it for this log group only."
  }

  assert {
    condition     = output.exec_kms_key_arn == aws_kms_key.exec[0].arn && output.exec_log_group_arn == aws_cloudwatch_log_group.exec[0].arn
    error_message = "The key and the log group must be outputs (the task role needs both)."
  }
}

run "exec_off_by_default" {
  command = plan

  assert {
    condition     = length(aws_ecs_cluster.this.configuration) == 0 && length(aws_kms_key.exec) == 0 && length(aws_cloudwatch_log_group.exec) == 0 && output.exec_kms_key_arn == null
    error_message = "Without exec_enabled there is no exec configuration, key or log group."
  }
}

run "exec_log_retention_must_be_a_cloudwatch_value" {
  command = plan

  variables {
    exec_enabled            = true
    exec_log_retention_days = 10
  }

  expect_failures = [var.exec_log_retention_days]
}
