locals {
  tags = merge({ Name = var.name }, var.tags)
}

resource "aws_elasticache_subnet_group" "this" {
  name        = "${var.name}-cache"
  description = "Private subnets of the ${var.name} object cache"
  subnet_ids  = var.subnet_ids
  tags        = local.tags
}

# The cache port from the allowed groups only; no egress rule (the cache opens
# no connections of its own; security groups are stateful).
module "security_group" {
  source = "../security-group"

  name                       = "${var.name}-cache"
  description                = "Object cache ${var.name}: the cache port from the given security groups only"
  vpc_id                     = var.vpc_id
  port                       = var.port
  service                    = var.engine
  allowed_security_group_ids = var.allowed_security_group_ids
  tags                       = local.tags
}

# The AUTH token: drawn by Secrets Manager (letters and digits: ElastiCache
# refuses some punctuation), kept there for the tasks (ECS secrets), and given
# to the replication group once. The data source draws a new one on every
# plan, so both the secret's value and the group's token ignore later changes.
data "aws_secretsmanager_random_password" "auth" {
  password_length     = 64
  exclude_punctuation = true
}

resource "aws_secretsmanager_secret" "auth" {
  #checkov:skip=CKV2_AWS_57:ElastiCache rotates a token with a two-step ROTATE/SET on the replication group while the tasks keep the old one; not automated here (see the README).
  #checkov:skip=CKV_AWS_149:A customer-managed key is optional (var.secret_kms_key_arn); without it Secrets Manager uses aws/secretsmanager.
  name_prefix             = "${var.name}-cache-auth-"
  description             = "AUTH token of the ${var.name} object cache (ElastiCache ${var.engine})"
  kms_key_id              = var.secret_kms_key_arn
  recovery_window_in_days = var.secret_recovery_window_days
  tags                    = local.tags
}

resource "aws_secretsmanager_secret_version" "auth" {
  secret_id     = aws_secretsmanager_secret.auth.id
  secret_string = jsonencode({ auth_token = data.aws_secretsmanager_random_password.auth.random_password })

  lifecycle {
    ignore_changes = [secret_string]
  }
}

resource "aws_elasticache_replication_group" "this" {
  #checkov:skip=CKV2_AWS_50:Multi-AZ with automatic failover is an input (var.multi_az, which needs a second node); prod turns it on, dev saves the replica.
  #checkov:skip=CKV_AWS_191:A customer-managed key is optional (var.kms_key_arn); encryption at rest is always on, with ElastiCache's AWS-managed key by default.
  replication_group_id = var.name
  description          = "WordPress object cache of ${var.name}"
  engine               = var.engine
  engine_version       = var.engine_version
  node_type            = var.node_type
  port                 = var.port

  num_cache_clusters         = var.num_cache_clusters
  multi_az_enabled           = var.multi_az
  automatic_failover_enabled = var.multi_az

  subnet_group_name  = aws_elasticache_subnet_group.this.name
  security_group_ids = [module.security_group.id]

  # Encrypted in transit (TLS only: the image connects with WPECS_REDIS_TLS=1
  # and checks the certificate) and at rest; AUTH with the token above.
  transit_encryption_enabled = true
  transit_encryption_mode    = "required"
  at_rest_encryption_enabled = true
  kms_key_id                 = var.kms_key_arn
  auth_token                 = data.aws_secretsmanager_random_password.auth.random_password

  snapshot_retention_limit   = var.snapshot_retention_limit
  maintenance_window         = var.maintenance_window
  auto_minor_version_upgrade = true
  apply_immediately          = var.apply_immediately
  tags                       = local.tags

  lifecycle {
    # The token comes from a data source that changes on every plan: keep the first.
    ignore_changes = [auth_token]
  }
}
