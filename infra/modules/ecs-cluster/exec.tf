################################################################################
# ECS Exec (exec_enabled): sessions encrypted with a key of the cluster's own
# and every session's input and output logged to a log group encrypted with
# the same key. Who may open a session is IAM's ecs:ExecuteCommand.
################################################################################

data "aws_caller_identity" "current" {
  count = var.exec_enabled ? 1 : 0
}

data "aws_region" "current" {
  count = var.exec_enabled ? 1 : 0
}

locals {
  exec_log_group_name = "/ecs/${var.name}/exec"
}

module "exec_key" {
  source = "../kms-key"
  count  = var.exec_enabled ? 1 : 0

  alias       = "${var.name}-ecs-exec"
  description = "ECS Exec sessions and their logs, cluster ${var.name}"
  # CloudWatch Logs encrypts the session log of this cluster's log group only.
  policy_statements = [{
    Sid       = "CloudWatchLogsEncryptsTheSessionLog"
    Effect    = "Allow"
    Principal = { Service = "logs.${data.aws_region.current[0].name}.amazonaws.com" }
    Action    = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
    Resource  = "*"
    Condition = {
      ArnEquals = {
        "kms:EncryptionContext:aws:logs:arn" = "arn:${data.aws_partition.current.partition}:logs:${data.aws_region.current[0].name}:${data.aws_caller_identity.current[0].account_id}:log-group:${local.exec_log_group_name}"
      }
    }
  }]
  tags = local.tags
}

resource "aws_cloudwatch_log_group" "exec" {
  count = var.exec_enabled ? 1 : 0

  name              = local.exec_log_group_name
  retention_in_days = var.exec_log_retention_days
  kms_key_id        = module.exec_key[0].arn

  tags = local.tags
}
