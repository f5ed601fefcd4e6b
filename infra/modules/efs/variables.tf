variable "name" {
  description = "Name of the file system (Name tag, security group prefix)."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9]([a-z0-9-]{0,22}[a-z0-9])?$", var.name))
    error_message = "name must be 1-24 characters of lowercase letters, digits and hyphens, starting and ending with a letter or digit."
  }
}

variable "vpc_id" {
  description = "ID of the VPC (network module output vpc_id)."
  type        = string

  validation {
    condition     = can(regex("^vpc-[0-9a-f]+$", var.vpc_id))
    error_message = "vpc_id must be a VPC ID such as \"vpc-0123456789abcdef0\"."
  }
}

variable "subnet_ids" {
  description = "Private subnet IDs, one per AZ: one mount target is created in each (network module output private_subnet_ids). The list's length must be known at plan time; the IDs need not be."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 1 && length(var.subnet_ids) <= 6
    error_message = "subnet_ids must list 1 to 6 private subnets, one per AZ (EFS allows one mount target per AZ)."
  }
}

variable "allowed_security_group_ids" {
  description = "Security groups allowed to mount the file system (NFS, 2049/tcp), by a label that names the rule: the ECS instances' group for bridge tasks, or the tasks' group for awsvpc (for example { workload = <that group> }). Empty: no one."
  type        = map(string)
  default     = {}
  nullable    = false

  validation {
    condition     = alltrue([for k, id in var.allowed_security_group_ids : can(regex("^sg-[0-9a-f]+$", id)) && can(regex("^[a-zA-Z0-9_-]{1,64}$", k))])
    error_message = "allowed_security_group_ids must map labels of 1-64 letters, digits, underscores or hyphens to security group IDs such as \"sg-0123456789abcdef0\"."
  }
}

variable "kms_key_arn" {
  description = "KMS key ARN for encryption at rest. null (default) uses the AWS managed key aws/elasticfilesystem; encryption is always on."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_arn == null ? true : can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:key/.+$", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN such as \"arn:aws:kms:eu-west-1:123456789012:key/...\", or null."
  }
}

variable "performance_mode" {
  description = "\"generalPurpose\" (default, lowest latency: what PHP wants) or \"maxIO\"."
  type        = string
  default     = "generalPurpose"

  validation {
    condition     = contains(["generalPurpose", "maxIO"], var.performance_mode)
    error_message = "performance_mode must be \"generalPurpose\" or \"maxIO\"."
  }
}

variable "throughput_mode" {
  description = "\"elastic\" (default: pays per use, follows WordPress's bursty traffic), \"bursting\" or \"provisioned\" (then set provisioned_throughput_in_mibps)."
  type        = string
  default     = "elastic"

  validation {
    condition     = contains(["elastic", "bursting", "provisioned"], var.throughput_mode)
    error_message = "throughput_mode must be \"elastic\", \"bursting\" or \"provisioned\"."
  }
}

variable "provisioned_throughput_in_mibps" {
  description = "Throughput in MiB/s when throughput_mode = \"provisioned\"; must be null otherwise."
  type        = number
  default     = null

  validation {
    condition     = (var.throughput_mode == "provisioned") == (var.provisioned_throughput_in_mibps != null)
    error_message = "provisioned_throughput_in_mibps must be set exactly when throughput_mode is \"provisioned\"."
  }

  validation {
    condition     = var.provisioned_throughput_in_mibps == null ? true : (var.provisioned_throughput_in_mibps >= 1 && var.provisioned_throughput_in_mibps <= 3414)
    error_message = "provisioned_throughput_in_mibps must be between 1 and 3414."
  }
}

variable "transition_to_ia" {
  description = "Move files not read for this long to Infrequent Access (e.g. \"AFTER_30_DAYS\"); null (default) keeps everything in Standard. Old uploads are the typical candidates."
  type        = string
  default     = null

  validation {
    condition     = var.transition_to_ia == null ? true : contains(["AFTER_1_DAY", "AFTER_7_DAYS", "AFTER_14_DAYS", "AFTER_30_DAYS", "AFTER_60_DAYS", "AFTER_90_DAYS", "AFTER_180_DAYS", "AFTER_270_DAYS", "AFTER_365_DAYS"], var.transition_to_ia)
    error_message = "transition_to_ia must be null or one of AFTER_1_DAY, AFTER_7_DAYS, AFTER_14_DAYS, AFTER_30_DAYS, AFTER_60_DAYS, AFTER_90_DAYS, AFTER_180_DAYS, AFTER_270_DAYS, AFTER_365_DAYS."
  }
}

variable "transition_to_primary_on_access" {
  description = "With transition_to_ia set: move a file back to Standard on its first access (true, default), so a revived upload is fast again."
  type        = bool
  default     = true
}

variable "backup_enabled" {
  description = "Turn on AWS Backup's automatic daily backups of the file system. false leaves them off (the API default); moto, which lacks PutBackupPolicy, needs false."
  type        = bool
  default     = true
}

variable "access_point" {
  description = "Access point the tasks mount: every request runs as uid/gid (33 = www-data in the Debian image), confined to path, which EFS creates with that owner and permissions."
  type = object({
    path        = optional(string, "/wordpress")
    uid         = optional(number, 33)
    gid         = optional(number, 33)
    permissions = optional(string, "0755")
  })
  default  = {}
  nullable = false

  validation {
    condition     = can(regex("^(/[A-Za-z0-9._-]+)+$", var.access_point.path))
    error_message = "access_point.path must be an absolute directory path below the root, such as \"/wordpress\"."
  }

  validation {
    condition     = var.access_point.uid >= 0 && var.access_point.uid <= 4294967295 && var.access_point.gid >= 0 && var.access_point.gid <= 4294967295 && floor(var.access_point.uid) == var.access_point.uid && floor(var.access_point.gid) == var.access_point.gid
    error_message = "access_point.uid and access_point.gid must be whole numbers from 0 to 4294967295."
  }

  validation {
    condition     = can(regex("^0?[0-7]{3}$", var.access_point.permissions))
    error_message = "access_point.permissions must be an octal mode such as \"0755\"."
  }
}

variable "client_role_arn_patterns" {
  description = "IAM role ARNs (wildcards allowed: the roles may not exist yet) that may mount the file system, always through the access point and with TLS: the tasks' role, e.g. \"arn:aws:iam::123456789012:role/wpecs-prod-task-*\". Empty: any principal of the account that reaches a mount target, still only through the access point."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for a in var.client_role_arn_patterns : can(regex("^arn:aws[a-z-]*:iam::\\d{12}:role/[A-Za-z0-9+=,.@_/*-]+$", a))])
    error_message = "client_role_arn_patterns must hold IAM role ARNs (wildcards allowed) such as \"arn:aws:iam::123456789012:role/wpecs-prod-task-*\"."
  }
}

variable "tags" {
  description = "Tags added to every resource (merged with Name)."
  type        = map(string)
  default     = {}
  nullable    = false
}
