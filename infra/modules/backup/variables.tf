variable "name" {
  description = "Name prefix of the vault, plan, role and keys, e.g. \"wpecs-prod\"."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9][a-zA-Z0-9-]{0,39}$", var.name))
    error_message = "name must be 1-40 letters, digits or hyphens, starting with a letter or digit."
  }
}

variable "enabled" {
  description = "Create the vault, its key, the plan, the selection and the role. false creates nothing."
  type        = bool
  default     = true
  nullable    = false
}

variable "resource_arns" {
  description = "What is backed up, by ARN: the RDS instance and the EFS file system (map of a short name to the ARN; the names only label the tests and outputs)."
  type        = map(string)
  default     = {}
  nullable    = false
}

variable "schedule" {
  description = "When the daily backup starts (AWS Backup cron expression, UTC). Default 03:00 UTC, after the RDS backup window of the database module (00:00-01:00 by default)."
  type        = string
  default     = "cron(0 3 * * ? *)"
  nullable    = false
}

variable "retention_days" {
  description = "Days each recovery point is kept in the vault."
  type        = number
  default     = 35
  nullable    = false

  validation {
    condition     = var.retention_days >= 1 && floor(var.retention_days) == var.retention_days
    error_message = "retention_days must be a whole number of days, at least 1."
  }
}

variable "vault_only" {
  description = "Create only the vault and its key (the copy destination in a second region: call the module again with that region's provider). No plan, role or selection."
  type        = bool
  default     = false
  nullable    = false
}

variable "copy_vault_arn" {
  description = "Vault in a second region every recovery point is copied to (the vault_arn of this module called with vault_only and that region's provider). null: no copy."
  type        = string
  default     = null

  validation {
    condition     = var.copy_vault_arn == null || can(regex("^arn:[a-z-]+:backup:[a-z0-9-]+:[0-9]{12}:backup-vault:", var.copy_vault_arn))
    error_message = "copy_vault_arn must be the ARN of a backup vault (arn:aws:backup:<region>:<account>:backup-vault:<name>)."
  }
}

variable "copy_retention_days" {
  description = "Days a copy is kept in the second region; null: retention_days."
  type        = number
  default     = null
}

variable "tags" {
  description = "Tags of every resource."
  type        = map(string)
  default     = {}
  nullable    = false
}
