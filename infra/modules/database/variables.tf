variable "identifier" {
  description = "RDS instance identifier; also prefixes the subnet group, parameter group and security group names (e.g. \"wpecs-dev\")."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,47}$", var.identifier)) && !can(regex("--|-$", var.identifier))
    error_message = "identifier must be 1-48 lowercase letters, digits and hyphens, start with a letter, and have no double or trailing hyphen (RDS identifier rules)."
  }
}

variable "vpc_id" {
  description = "VPC that holds the database and its security group."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets for the DB subnet group, at least two in different AZs (RDS requires it, even for single-AZ)."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 2
    error_message = "subnet_ids must list at least two private subnets in different availability zones."
  }
}

variable "allowed_security_group_ids" {
  description = "Security groups allowed to reach the database on its port, by a stable name (e.g. { ecs_instances = \"sg-...\" }). Nothing else can connect."
  type        = map(string)
  default     = {}
  nullable    = false
}

variable "engine" {
  description = "Database engine: \"mariadb\" or \"mysql\"."
  type        = string
  default     = "mariadb"

  validation {
    condition     = contains(["mariadb", "mysql"], var.engine)
    error_message = "engine must be \"mariadb\" or \"mysql\" (the engines WordPress supports on RDS)."
  }
}

variable "engine_version" {
  description = "Engine version, major.minor or full (e.g. \"10.11\" for MariaDB, \"8.0\" for MySQL). Minor upgrades are applied automatically in the maintenance window."
  type        = string
  default     = "10.11"

  validation {
    condition     = can(regex("^\\d+\\.\\d+(\\.\\d+)?$", var.engine_version))
    error_message = "engine_version must look like \"10.11\", \"8.0\" or \"8.0.39\"."
  }
}

variable "instance_class" {
  description = "Instance class, e.g. \"db.t4g.micro\" (dev) or \"db.m7g.large\" (prod)."
  type        = string
  default     = "db.t4g.micro"

  validation {
    condition     = can(regex("^db\\.[a-z0-9]+\\.[a-z0-9]+$", var.instance_class))
    error_message = "instance_class must be an RDS instance class such as \"db.t4g.micro\"."
  }
}

variable "allocated_storage" {
  description = "Initial storage in GiB (gp3: 20 or more)."
  type        = number
  default     = 20

  validation {
    condition     = var.allocated_storage >= 20 && var.allocated_storage <= 65536
    error_message = "allocated_storage must be between 20 and 65536 GiB."
  }
}

variable "max_allocated_storage" {
  description = "Upper bound for storage autoscaling in GiB; 0 turns autoscaling off."
  type        = number
  default     = 100

  validation {
    condition     = var.max_allocated_storage == 0 || var.max_allocated_storage >= var.allocated_storage
    error_message = "max_allocated_storage must be 0 (no storage autoscaling) or at least allocated_storage."
  }
}

variable "db_name" {
  description = "Name of the WordPress database created at launch."
  type        = string
  default     = "wordpress"

  validation {
    condition     = can(regex("^[A-Za-z][A-Za-z0-9_]{0,63}$", var.db_name))
    error_message = "db_name must start with a letter and hold at most 64 letters, digits or underscores."
  }
}

variable "snapshot_identifier" {
  description = "Create the instance from this DB snapshot (identifier or ARN; an AWS Backup recovery point of RDS is one) instead of empty: the restore path (make restore-aws). The WordPress users in it get new passwords at the first rotation. null: a new, empty database."
  type        = string
  default     = null
}

variable "master_username" {
  description = "Master user name. Its password is generated and kept by RDS in Secrets Manager (manage_master_user_password); no password is ever an input. Only the rotation function uses it; WordPress connects as app_username. Changing it replaces the instance."
  type        = string
  default     = "dbadmin"

  validation {
    condition     = can(regex("^[A-Za-z][A-Za-z0-9_]{0,15}$", var.master_username)) && !contains(["admin", "root", "rdsadmin"], lower(var.master_username))
    error_message = "master_username must start with a letter, hold at most 16 letters, digits or underscores, and not be a reserved name (admin, root, rdsadmin)."
  }
}

variable "app_username" {
  description = "WordPress's database user; rotation alternates between it and <app_username>_clone, each with its password in the WordPress secret (app_secret_arn) and grants on db_name only."
  type        = string
  default     = "wordpress"

  validation {
    condition     = can(regex("^[A-Za-z][A-Za-z0-9_]{0,25}$", var.app_username)) && !endswith(var.app_username, "_clone")
    error_message = "app_username must start with a letter, hold at most 26 letters, digits or underscores (the _clone user must fit in 32), and not end in _clone."
  }
}

variable "rotation_days" {
  description = "Days between rotations of the WordPress secret. Each rotation rolls the service (roll_ecs_service); the user the old tasks hold stays valid until the rotation after this one."
  type        = number
  default     = 30

  validation {
    condition     = var.rotation_days >= 1 && var.rotation_days <= 365 && floor(var.rotation_days) == var.rotation_days
    error_message = "rotation_days must be a whole number of days from 1 to 365."
  }
}

variable "roll_ecs_service" {
  description = "ECS service that runs with the WordPress secret; the rotation function forces a new deployment of it when a rotation succeeds (it may not exist yet). null: nothing is rolled."
  type = object({
    cluster_arn  = string
    service_name = string
  })
  default = null

  validation {
    condition     = var.roll_ecs_service == null || can(regex("^arn:aws[a-zA-Z-]*:ecs:[a-z0-9-]+:\\d{12}:cluster/[A-Za-z0-9_-]+$", try(var.roll_ecs_service.cluster_arn, "")))
    error_message = "roll_ecs_service.cluster_arn must be an ECS cluster ARN (arn:aws:ecs:<region>:<account>:cluster/<name>)."
  }
}

variable "secret_recovery_window_days" {
  description = "Days a deleted WordPress secret can still be restored (0 deletes at once, for throwaway environments; 7-30 otherwise)."
  type        = number
  default     = 30

  validation {
    condition     = var.secret_recovery_window_days == 0 || (var.secret_recovery_window_days >= 7 && var.secret_recovery_window_days <= 30)
    error_message = "secret_recovery_window_days must be 0 or from 7 to 30."
  }
}

variable "master_user_secret_kms_key_id" {
  description = "KMS key (ARN or ID) for the RDS-managed master user secret. null uses aws/secretsmanager. Give the same key to the service's secrets_kms_key_arns."
  type        = string
  default     = null
}

variable "kms_key_id" {
  description = "KMS key ARN for storage encryption. null uses the AWS-managed key aws/rds. Storage is encrypted either way."
  type        = string
  default     = null
}

variable "multi_az" {
  description = "Standby replica in a second AZ with automatic failover. Safe default on; dev environments may turn it off."
  type        = bool
  default     = true
}

variable "backup_retention_period" {
  description = "Days of automated backups (point-in-time recovery window), 1-35."
  type        = number
  default     = 7

  validation {
    condition     = var.backup_retention_period >= 1 && var.backup_retention_period <= 35 && floor(var.backup_retention_period) == var.backup_retention_period
    error_message = "backup_retention_period must be a whole number of days from 1 to 35 (0 would turn backups off)."
  }
}

variable "backup_window" {
  description = "Daily backup window in UTC (hh24:mi-hh24:mi), must not overlap the maintenance window."
  type        = string
  default     = "02:00-03:00"

  validation {
    condition     = can(regex("^([01]\\d|2[0-3]):[0-5]\\d-([01]\\d|2[0-3]):[0-5]\\d$", var.backup_window))
    error_message = "backup_window must be \"hh:mm-hh:mm\" in UTC, e.g. \"02:00-03:00\"."
  }
}

variable "maintenance_window" {
  description = "Weekly maintenance window in UTC (ddd:hh24:mi-ddd:hh24:mi)."
  type        = string
  default     = "sun:03:30-sun:04:30"

  validation {
    condition     = can(regex("^(mon|tue|wed|thu|fri|sat|sun):([01]\\d|2[0-3]):[0-5]\\d-(mon|tue|wed|thu|fri|sat|sun):([01]\\d|2[0-3]):[0-5]\\d$", var.maintenance_window))
    error_message = "maintenance_window must be \"ddd:hh:mm-ddd:hh:mm\" in UTC, e.g. \"sun:03:30-sun:04:30\"."
  }
}

variable "deletion_protection" {
  description = "Refuse to delete the instance until this is turned off. Safe default on; turn it off only where losing the database is acceptable."
  type        = bool
  default     = true
}

variable "skip_final_snapshot" {
  description = "Delete without a final snapshot. Keep false wherever the data matters."
  type        = bool
  default     = false
}

variable "final_snapshot_suffix" {
  description = "Suffix of the final snapshot's name (<identifier>-<suffix>). Snapshot names are unique per account: change it before destroying a second time."
  type        = string
  default     = "final"

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{0,14}$", var.final_snapshot_suffix)) && !can(regex("--|-$", var.final_snapshot_suffix))
    error_message = "final_snapshot_suffix must be 1-15 lowercase letters, digits and single hyphens, not ending with a hyphen."
  }
}

variable "performance_insights" {
  description = "Performance Insights (not available on the smallest MySQL/MariaDB classes). retention_period: 7 (free) or a multiple of 31 up to 731."
  type = object({
    enabled          = optional(bool, false)
    retention_period = optional(number, 7)
    kms_key_id       = optional(string)
  })
  default  = {}
  nullable = false

  validation {
    condition     = var.performance_insights.retention_period == 7 || (var.performance_insights.retention_period <= 731 && var.performance_insights.retention_period % 31 == 0)
    error_message = "performance_insights.retention_period must be 7 or a multiple of 31 up to 731 days."
  }
}

variable "monitoring_interval" {
  description = "Enhanced monitoring interval in seconds (0 turns it off; then no monitoring role is created)."
  type        = number
  default     = 0

  validation {
    condition     = contains([0, 1, 5, 10, 15, 30, 60], var.monitoring_interval)
    error_message = "monitoring_interval must be one of 0, 1, 5, 10, 15, 30, 60 seconds."
  }
}

variable "cloudwatch_logs_exports" {
  description = "Database logs exported to CloudWatch Logs (any of audit, error, general, slowquery)."
  type        = list(string)
  default     = ["error", "slowquery"]
  nullable    = false

  validation {
    condition     = alltrue([for l in var.cloudwatch_logs_exports : contains(["audit", "error", "general", "slowquery"], l)])
    error_message = "cloudwatch_logs_exports may only contain audit, error, general and slowquery."
  }
}

variable "log_retention_days" {
  description = "Retention of the exported RDS logs and of the rotation function's logs, in days."
  type        = number
  default     = 365

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653."
  }
}

variable "log_kms_key_arn" {
  description = "KMS key ARN to encrypt the log groups; null uses CloudWatch Logs' own encryption."
  type        = string
  default     = null
}

variable "long_query_time" {
  description = "Seconds after which a query goes to the slow query log (exported when cloudwatch_logs_exports has slowquery)."
  type        = number
  default     = 2

  validation {
    condition     = var.long_query_time >= 0 && var.long_query_time <= 3600
    error_message = "long_query_time must be from 0 to 3600 seconds."
  }
}

variable "ca_cert_identifier" {
  description = "Certificate authority of the server certificate."
  type        = string
  default     = "rds-ca-rsa2048-g1"
}

variable "apply_immediately" {
  description = "Apply modifications now instead of in the next maintenance window (may restart the instance)."
  type        = bool
  default     = false
}

variable "parameters" {
  description = "Extra database parameters, name => value (apply_method pending-reboot is used for static ones by RDS). The defaults already set utf8mb4."
  type        = map(string)
  default     = {}
  nullable    = false
}

variable "tags" {
  description = "Tags added to every resource (merged with Name)."
  type        = map(string)
  default     = {}
  nullable    = false
}
