data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

locals {
  account = data.aws_caller_identity.current.account_id
  # The account administers the key through IAM (without this statement no
  # one could change or delete it); each service that uses the key gets its
  # own statement from the caller.
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat([{
      Sid       = "AccountAdministers"
      Effect    = "Allow"
      Principal = { AWS = "arn:${data.aws_partition.current.partition}:iam::${local.account}:root" }
      Action    = "kms:*"
      Resource  = "*"
    }], var.policy_statements)
  })
}

resource "aws_kms_key" "this" {
  description             = var.description
  enable_key_rotation     = true
  deletion_window_in_days = var.deletion_window_in_days
  policy                  = local.policy
  tags                    = var.tags
}

resource "aws_kms_alias" "this" {
  name          = "alias/${var.alias}"
  target_key_id = aws_kms_key.this.key_id
}
