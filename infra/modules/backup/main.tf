# AWS Backup of the environment's data: the database and the shared files,
# daily, into a vault encrypted with a key of its own, optionally copied to a
# vault in a second region (this module again, vault_only, with that
# region's provider). Restore: README.md (make restore-aws).
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  tags = merge({ Name = var.name }, var.tags)
  on   = var.enabled ? 1 : 0
  # vault_only: the copy destination in a second region (the same module
  # called with that region's provider) holds only a vault and its key.
  plan = var.enabled && !var.vault_only ? 1 : 0
  copy = local.plan == 1 && var.copy_vault_arn != null
}

# AWS Backup uses the vault key through grants of the account's principals:
# the key needs no statement beyond the account's own.
module "vault_key" {
  source = "../kms-key"
  count  = local.on

  alias       = "${var.name}-backup"
  description = "AWS Backup vault ${var.name}"
  tags        = local.tags
}

resource "aws_backup_vault" "this" {
  count = local.on

  name        = var.name
  kms_key_arn = module.vault_key[0].arn
  tags        = local.tags
}

# --- plan and selection -----------------------------------------------------------------

resource "aws_iam_role" "backup" {
  count = local.plan

  name_prefix = "${substr(var.name, 0, 24)}-backup-"
  description = "AWS Backup of ${var.name}: take and restore recovery points"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "backup.amazonaws.com" }
    }]
  })
  tags = local.tags
}

resource "aws_iam_role_policy_attachment" "backup" {
  for_each = toset(local.plan == 1 ? ["AWSBackupServiceRolePolicyForBackup", "AWSBackupServiceRolePolicyForRestores"] : [])

  role       = aws_iam_role.backup[0].name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/${each.key}"
}

resource "aws_backup_plan" "this" {
  count = local.plan

  name = var.name

  rule {
    rule_name         = "daily"
    target_vault_name = aws_backup_vault.this[0].name
    schedule          = var.schedule
    start_window      = 60
    completion_window = 360

    lifecycle {
      delete_after = var.retention_days
    }

    dynamic "copy_action" {
      for_each = local.copy ? [1] : []
      content {
        destination_vault_arn = var.copy_vault_arn
        lifecycle {
          delete_after = coalesce(var.copy_retention_days, var.retention_days)
        }
      }
    }
  }

  tags = local.tags

  lifecycle {
    precondition {
      condition     = var.copy_vault_arn == null || split(":", coalesce(var.copy_vault_arn, "a:b:c:d"))[3] != data.aws_region.current.name
      error_message = "copy_vault_arn must be a vault in a second region: a copy in the region it protects against losing is no copy."
    }
  }
}

resource "aws_backup_selection" "this" {
  count = local.plan

  name         = "${var.name}-data"
  plan_id      = aws_backup_plan.this[0].id
  iam_role_arn = aws_iam_role.backup[0].arn
  resources    = sort(values(var.resource_arns))

  depends_on = [aws_iam_role_policy_attachment.backup]

  lifecycle {
    precondition {
      condition     = length(var.resource_arns) > 0
      error_message = "resource_arns is empty: a backup plan needs the database and file system ARNs to select."
    }
  }
}
