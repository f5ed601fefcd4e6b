locals {
  port = 3306
  # "10.11.8" -> "10.11"; parameter group families are engine + major.minor
  # ("mariadb10.11", "mysql8.0").
  family = "${var.engine}${regex("^\\d+\\.\\d+", var.engine_version)}"

  # WordPress stores emoji and most scripts only with utf8mb4.
  charset_parameters = {
    character_set_server = "utf8mb4"
    collation_server     = "utf8mb4_unicode_ci"
  }

  # What makes the exported logs real: RDS exports the log *files*, so
  # log_output must be FILE, and each log must be switched on.
  log_parameters = merge(
    contains(var.cloudwatch_logs_exports, "slowquery") ? {
      slow_query_log  = "1"
      long_query_time = tostring(var.long_query_time)
    } : {},
    contains(var.cloudwatch_logs_exports, "general") ? { general_log = "1" } : {},
    length(setintersection(var.cloudwatch_logs_exports, ["slowquery", "general"])) > 0 ? { log_output = "FILE" } : {},
  )

  tags = merge({ Name = var.identifier }, var.tags)
}

# The log groups RDS exports to, created here with a retention. Left to RDS,
# they would appear on first export without retention and outlive a destroy.
resource "aws_cloudwatch_log_group" "rds" {
  #checkov:skip=CKV_AWS_158:Customer-managed KMS is optional (var.log_kms_key_arn); without it CloudWatch Logs encrypts with its own keys.
  for_each = toset(var.cloudwatch_logs_exports)

  name              = "/aws/rds/instance/${var.identifier}/${each.key}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.log_kms_key_arn
  tags              = local.tags
}

resource "aws_db_subnet_group" "this" {
  name_prefix = "${var.identifier}-"
  description = "Private subnets of ${var.identifier}"
  subnet_ids  = var.subnet_ids
  tags        = local.tags

  lifecycle {
    create_before_destroy = true
  }
}

# The engine's port from the allowed groups only; no egress rule at all (a
# database opens no connections of its own).
module "security_group" {
  source = "../security-group"

  name                       = "${var.identifier}-db"
  description                = "Database ${var.identifier}: ${var.engine} port from the given security groups only"
  vpc_id                     = var.vpc_id
  port                       = local.port
  service                    = var.engine
  allowed_security_group_ids = var.allowed_security_group_ids
  tags                       = local.tags
}

resource "aws_db_parameter_group" "this" {
  name_prefix = "${var.identifier}-"
  family      = local.family
  description = "utf8mb4 settings for ${var.identifier}"
  tags        = local.tags

  dynamic "parameter" {
    for_each = local.charset_parameters
    content {
      name         = parameter.key
      value        = parameter.value
      apply_method = "immediate"
    }
  }

  dynamic "parameter" {
    # var.parameters wins over these (e.g. a shorter long_query_time).
    for_each = { for k, v in local.log_parameters : k => v if !contains(keys(var.parameters), k) }
    content {
      name         = parameter.key
      value        = parameter.value
      apply_method = "immediate"
    }
  }

  dynamic "parameter" {
    for_each = var.parameters
    content {
      name         = parameter.key
      value        = parameter.value
      apply_method = "pending-reboot"
    }
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_db_instance" "this" {
  #checkov:skip=CKV_AWS_353:Performance Insights is optional (var.performance_insights); the small classes used outside prod do not support it for MySQL/MariaDB.
  #checkov:skip=CKV_AWS_118:Enhanced monitoring is optional (var.monitoring_interval) and costs CloudWatch ingestion; the basic RDS metrics stay on.
  #checkov:skip=CKV2_AWS_69:The WordPress image connects inside the VPC without TLS by default; requiring TLS would need MYSQL_CLIENT_FLAGS in WORDPRESS_CONFIG_EXTRA. Add require_secure_transport through var.parameters once clients use TLS.

  identifier     = var.identifier
  engine         = var.engine
  engine_version = var.engine_version
  instance_class = var.instance_class

  allocated_storage     = var.allocated_storage
  max_allocated_storage = var.max_allocated_storage
  storage_type          = "gp3"
  storage_encrypted     = true
  kms_key_id            = var.kms_key_id

  # A restore (make restore-aws) starts the instance from a snapshot: its data,
  # users and database come from there; db_name applies only to a new one.
  snapshot_identifier                 = var.snapshot_identifier
  db_name                             = var.snapshot_identifier == null ? var.db_name : null
  username                            = var.master_username
  manage_master_user_password         = true
  master_user_secret_kms_key_id       = var.master_user_secret_kms_key_id
  iam_database_authentication_enabled = true

  port                   = local.port
  db_subnet_group_name   = aws_db_subnet_group.this.name
  vpc_security_group_ids = [module.security_group.id]
  parameter_group_name   = aws_db_parameter_group.this.name
  publicly_accessible    = false
  multi_az               = var.multi_az
  ca_cert_identifier     = var.ca_cert_identifier

  backup_retention_period   = var.backup_retention_period
  backup_window             = var.backup_window
  maintenance_window        = var.maintenance_window
  copy_tags_to_snapshot     = true
  deletion_protection       = var.deletion_protection
  skip_final_snapshot       = var.skip_final_snapshot
  final_snapshot_identifier = var.skip_final_snapshot ? null : "${var.identifier}-${var.final_snapshot_suffix}"

  auto_minor_version_upgrade = true
  apply_immediately          = var.apply_immediately

  # Named through the log groups: the instance exports only to groups the
  # stack created (and, with depends_on, created first).
  enabled_cloudwatch_logs_exports = sort(keys(aws_cloudwatch_log_group.rds))

  performance_insights_enabled          = var.performance_insights.enabled
  performance_insights_retention_period = var.performance_insights.enabled ? var.performance_insights.retention_period : null
  performance_insights_kms_key_id       = var.performance_insights.enabled ? var.performance_insights.kms_key_id : null

  monitoring_interval = var.monitoring_interval
  monitoring_role_arn = var.monitoring_interval > 0 ? aws_iam_role.monitoring[0].arn : null

  tags = local.tags

  depends_on = [aws_cloudwatch_log_group.rds]

  lifecycle {
    precondition {
      condition     = !contains([var.app_username, "${var.app_username}_clone"], var.master_username)
      error_message = "master_username must differ from the WordPress users (app_username and app_username_clone): WordPress never connects as the master user."
    }
    precondition {
      condition     = var.engine != "mysql" || tonumber(split(".", var.engine_version)[0]) >= 8
      error_message = "engine_version must be 8.0 or later for mysql (5.7 is out of standard support)."
    }
  }
}
