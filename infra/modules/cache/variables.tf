variable "name" {
  description = "Name of the replication group and prefix of its resources (<project>-<environment>); at most 40 characters of letters, digits and hyphens, starting with a letter."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z][a-zA-Z0-9-]{0,39}$", var.name)) && !can(regex("--|-$", var.name))
    error_message = "name must start with a letter, hold only letters, digits and single hyphens, not end with a hyphen, and be at most 40 characters (ElastiCache's limit)."
  }
}

variable "vpc_id" {
  description = "VPC of the cache."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets for the cache nodes (one per availability zone; Multi-AZ needs at least two)."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 1
    error_message = "subnet_ids must name at least one private subnet."
  }
}

variable "allowed_security_group_ids" {
  description = "Security groups that may connect to the cache port, by a label (for example { workload = <the tasks' or instances' group> }). Nothing else may."
  type        = map(string)

  validation {
    condition     = length(var.allowed_security_group_ids) >= 1 && alltrue([for id in values(var.allowed_security_group_ids) : can(regex("^sg-[0-9a-f]+$", id))])
    error_message = "allowed_security_group_ids must hold at least one security group ID (sg-...)."
  }
}

variable "engine" {
  description = "\"valkey\" (the default: the same protocol as Redis OSS, at a lower ElastiCache price) or \"redis\"."
  type        = string
  default     = "valkey"

  validation {
    condition     = contains(["valkey", "redis"], var.engine)
    error_message = "engine must be \"valkey\" or \"redis\"."
  }
}

variable "engine_version" {
  description = "Engine version (major.minor): valkey 7.2 or later, redis 6.2 or later (the cache keeps a key's expiry on INCR with KEEPTTL, Redis 6.0+)."
  type        = string
  default     = "8.0"

  validation {
    condition     = can(regex("^[0-9]+\\.[0-9]+$", var.engine_version)) && tonumber(split(".", var.engine_version)[0]) >= 6
    error_message = "engine_version must be major.minor (for example 8.0 or 7.2), version 6 or later."
  }
}

variable "node_type" {
  description = "Node type. cache.t4g.micro (0.5 GiB) is enough for a small site's object cache; prod uses a larger one."
  type        = string
  default     = "cache.t4g.micro"

  validation {
    condition     = can(regex("^cache\\.[a-z0-9]+\\.[a-z0-9]+$", var.node_type))
    error_message = "node_type must be an ElastiCache node type such as cache.t4g.micro."
  }
}

variable "num_cache_clusters" {
  description = "Nodes in the group: 1 (a primary only) or more (replicas in other zones). Multi-AZ needs at least 2."
  type        = number
  default     = 1

  validation {
    condition     = var.num_cache_clusters >= 1 && var.num_cache_clusters <= 6 && floor(var.num_cache_clusters) == var.num_cache_clusters
    error_message = "num_cache_clusters must be a whole number from 1 to 6."
  }
}

variable "multi_az" {
  description = "Multi-AZ with automatic failover: a replica in another zone becomes the primary when the primary or its zone fails, under the same endpoint. Needs num_cache_clusters >= 2 and two subnets."
  type        = bool
  default     = false

  validation {
    condition     = !var.multi_az || (var.num_cache_clusters >= 2 && length(var.subnet_ids) >= 2)
    error_message = "multi_az needs num_cache_clusters >= 2 and at least two subnets."
  }
}

variable "port" {
  description = "TCP port of the cache."
  type        = number
  default     = 6379

  validation {
    condition     = var.port >= 1024 && var.port <= 65535
    error_message = "port must be from 1024 to 65535."
  }
}

variable "kms_key_arn" {
  description = "Customer-managed KMS key for encryption at rest; null: ElastiCache's AWS-managed key (encryption at rest is always on)."
  type        = string
  default     = null
}

variable "secret_kms_key_arn" {
  description = "Customer-managed KMS key of the auth token's secret; null: aws/secretsmanager."
  type        = string
  default     = null
}

variable "secret_recovery_window_days" {
  description = "Days a deleted auth token secret can be restored (0: deleted at once, 7-30)."
  type        = number
  default     = 30

  validation {
    condition     = var.secret_recovery_window_days == 0 || (var.secret_recovery_window_days >= 7 && var.secret_recovery_window_days <= 30)
    error_message = "secret_recovery_window_days must be 0 or from 7 to 30."
  }
}

variable "snapshot_retention_limit" {
  description = "Days of daily snapshots; 0 (default): none. An object cache is rebuilt from the database, so a snapshot is rarely worth its storage."
  type        = number
  default     = 0

  validation {
    condition     = var.snapshot_retention_limit >= 0 && var.snapshot_retention_limit <= 35
    error_message = "snapshot_retention_limit must be from 0 to 35."
  }
}

variable "maintenance_window" {
  description = "Weekly maintenance window (UTC), ddd:hh24:mi-ddd:hh24:mi."
  type        = string
  default     = "sun:05:00-sun:06:00"
}

variable "apply_immediately" {
  description = "Apply changes now rather than in the next maintenance window."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Extra tags."
  type        = map(string)
  default     = {}
}
