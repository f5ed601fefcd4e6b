# A rotated KMS key with an alias, its policy the account's statement and the
# caller's, with the AWS API mocked.

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
  # The provider checks ARN syntax even with mocked values.
  mock_resource "aws_kms_key" {
    defaults = {
      arn    = "arn:aws:kms:eu-west-1:123456789012:key/0b0b0b0b-0b0b-0b0b-0b0b-0b0b0b0b0b0b"
      key_id = "0b0b0b0b-0b0b-0b0b-0b0b-0b0b0b0b0b0b"
    }
  }
}

variables {
  alias       = "wpecs-test-alarms"
  description = "SNS topic wpecs-test-alarms"
  policy_statements = [{
    Sid       = "AlarmSourcesPublish"
    Effect    = "Allow"
    Principal = { Service = ["cloudwatch.amazonaws.com"] }
    Action    = ["kms:Decrypt", "kms:GenerateDataKey*"]
    Resource  = "*"
  }]
  tags = { Env = "test" }
}

run "rotated_key_with_alias_and_policy" {
  command = apply

  assert {
    condition     = aws_kms_key.this.enable_key_rotation && aws_kms_key.this.deletion_window_in_days == 30 && aws_kms_key.this.description == var.description && aws_kms_key.this.tags == tomap({ Env = "test" })
    error_message = "The key must rotate, wait 30 days before deletion by default, and take its description and tags from the inputs."
  }

  assert {
    condition     = aws_kms_alias.this.name == "alias/wpecs-test-alarms" && aws_kms_alias.this.target_key_id == aws_kms_key.this.key_id
    error_message = "The alias must be alias/<alias> and point at the key."
  }

  assert {
    condition     = [for s in jsondecode(aws_kms_key.this.policy).Statement : s.Sid] == ["AccountAdministers", "AlarmSourcesPublish"]
    error_message = "The policy must hold the account's statement first, then the caller's."
  }

  assert {
    condition = one([for s in jsondecode(aws_kms_key.this.policy).Statement : s if s.Sid == "AccountAdministers"]) == {
      Sid = "AccountAdministers", Effect = "Allow", Principal = { AWS = "arn:aws:iam::123456789012:root" }, Action = "kms:*", Resource = "*"
    }
    error_message = "The account (its root principal, that is IAM) must administer the key."
  }

  assert {
    condition     = output.arn == aws_kms_key.this.arn && output.key_id == aws_kms_key.this.key_id && output.alias_name == "alias/wpecs-test-alarms" && output.policy == aws_kms_key.this.policy
    error_message = "The outputs must be the key's ARN, ID, alias and policy."
  }
}

run "only_the_account_statement_by_default" {
  command = plan

  variables {
    policy_statements = []
  }

  assert {
    condition     = length(jsondecode(aws_kms_key.this.policy).Statement) == 1
    error_message = "Without policy_statements the policy must hold the account's statement alone."
  }
}

run "short_deletion_window" {
  command = plan

  variables {
    deletion_window_in_days = 7
  }

  assert {
    condition     = aws_kms_key.this.deletion_window_in_days == 7
    error_message = "deletion_window_in_days must be passed through."
  }
}

run "refuses_a_deletion_window_kms_rejects" {
  command = plan

  variables {
    deletion_window_in_days = 6
  }

  expect_failures = [var.deletion_window_in_days]
}

run "refuses_the_alias_prefix" {
  command = plan

  variables {
    alias = "alias/wpecs-test"
  }

  expect_failures = [var.alias]
}

run "refuses_a_second_account_statement" {
  command = plan

  variables {
    policy_statements = [{ Sid = "AccountAdministers", Effect = "Allow", Principal = { AWS = "*" }, Action = "kms:*", Resource = "*" }]
  }

  expect_failures = [var.policy_statements]
}

run "refuses_a_statement_without_effect" {
  command = plan

  variables {
    policy_statements = [{ Sid = "NoEffect", Action = "kms:*", Resource = "*" }]
  }

  expect_failures = [var.policy_statements]
}
