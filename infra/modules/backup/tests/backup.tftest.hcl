# Vault, key, plan, selection and role, with the AWS API mocked.

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
    defaults = { name = "eu-west-1" }
  }
  mock_resource "aws_kms_key" {
    defaults = { arn = "arn:aws:kms:eu-west-1:123456789012:key/00000000-0000-0000-0000-000000000002" }
  }
  mock_resource "aws_backup_vault" {
    defaults = { arn = "arn:aws:backup:eu-west-1:123456789012:backup-vault:wpecs-test" }
  }
}

variables {
  name = "wpecs-test"
  resource_arns = {
    database = "arn:aws:rds:eu-west-1:123456789012:db:wpecs-test"
    files    = "arn:aws:elasticfilesystem:eu-west-1:123456789012:file-system/fs-0123456789abcdef0"
  }
}

run "defaults" {
  command = apply

  assert {
    condition     = aws_backup_vault.this[0].kms_key_arn == module.vault_key[0].arn && module.vault_key[0].alias_name == "alias/${var.name}-backup"
    error_message = "The vault must be encrypted with its own key, which rotates."
  }

  assert {
    condition     = aws_backup_selection.this[0].resources == toset(["arn:aws:rds:eu-west-1:123456789012:db:wpecs-test", "arn:aws:elasticfilesystem:eu-west-1:123456789012:file-system/fs-0123456789abcdef0"])
    error_message = "The plan must select both the database and the file system."
  }

  assert {
    condition     = aws_backup_selection.this[0].plan_id == aws_backup_plan.this[0].id && aws_backup_selection.this[0].iam_role_arn == aws_iam_role.backup[0].arn
    error_message = "The selection belongs to the plan and uses the backup role."
  }

  assert {
    condition = (
      one(aws_backup_plan.this[0].rule).schedule == "cron(0 3 * * ? *)" &&
      one(aws_backup_plan.this[0].rule).target_vault_name == aws_backup_vault.this[0].name &&
      one(one(aws_backup_plan.this[0].rule).lifecycle).delete_after == 35 &&
      length(one(aws_backup_plan.this[0].rule).copy_action) == 0
    )
    error_message = "Daily at 03:00 UTC into the vault, kept 35 days, no copy by default."
  }

  assert {
    condition     = toset([for a in aws_iam_role_policy_attachment.backup : a.policy_arn]) == toset(["arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup", "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores"])
    error_message = "The backup role must have AWS Backup's managed policies for backup and restore."
  }

  assert {
    condition     = jsondecode(aws_iam_role.backup[0].assume_role_policy).Statement[0].Principal.Service == "backup.amazonaws.com"
    error_message = "Only AWS Backup may assume the role."
  }

  assert {
    condition     = output.role_arn == aws_iam_role.backup[0].arn && output.vault_name == "wpecs-test"
    error_message = "The restore path needs the role and the vault as outputs."
  }
}

run "copy_to_a_second_region" {
  command = apply

  variables {
    retention_days      = 7
    copy_vault_arn      = "arn:aws:backup:eu-central-1:123456789012:backup-vault:wpecs-test"
    copy_retention_days = 30
  }

  assert {
    condition     = one(one(aws_backup_plan.this[0].rule).copy_action).destination_vault_arn == var.copy_vault_arn && one(one(one(aws_backup_plan.this[0].rule).copy_action).lifecycle).delete_after == 30
    error_message = "Each recovery point must be copied to the second region's vault, kept copy_retention_days."
  }

  assert {
    condition     = one(one(aws_backup_plan.this[0].rule).lifecycle).delete_after == 7
    error_message = "retention_days must be the vault's retention."
  }
}

run "copy_in_the_same_region_fails" {
  command = plan

  variables {
    copy_vault_arn = "arn:aws:backup:eu-west-1:123456789012:backup-vault:wpecs-test-copy"
  }

  expect_failures = [aws_backup_plan.this]
}

run "vault_only" {
  command = apply

  variables {
    vault_only    = true
    resource_arns = {}
  }

  assert {
    condition     = length(aws_backup_vault.this) == 1 && length(module.vault_key) == 1 && length(aws_backup_plan.this) == 0 && length(aws_backup_selection.this) == 0 && length(aws_iam_role.backup) == 0
    error_message = "vault_only (the copy destination) must hold a vault and its key and nothing else."
  }
}

run "off" {
  command = apply

  variables {
    enabled = false
  }

  assert {
    condition     = length(aws_backup_vault.this) == 0 && length(aws_backup_plan.this) == 0 && length(module.vault_key) == 0 && output.vault_arn == null && output.role_arn == null
    error_message = "backups off must create nothing."
  }
}

run "nothing_selected_fails" {
  command = plan

  variables {
    resource_arns = {}
  }

  expect_failures = [aws_backup_selection.this]
}
