variable "alias" {
  description = "The key's alias, without \"alias/\" (for example \"<name>-backup\")."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9/_-]{1,250}$", var.alias)) && !startswith(var.alias, "aws/") && !startswith(var.alias, "alias/")
    error_message = "alias must be 1-250 letters, digits, slashes, underscores or hyphens, without the \"alias/\" prefix, and not start with \"aws/\" (AWS keeps those)."
  }
}

variable "description" {
  description = "What the key encrypts (the key's description)."
  type        = string

  validation {
    condition     = length(var.description) >= 1 && length(var.description) <= 8192
    error_message = "description must be 1-8192 characters."
  }
}

variable "deletion_window_in_days" {
  description = "Days a scheduled deletion waits (7-30): the time to notice and cancel it before what the key encrypts is lost."
  type        = number
  default     = 30

  validation {
    condition     = var.deletion_window_in_days >= 7 && var.deletion_window_in_days <= 30 && floor(var.deletion_window_in_days) == var.deletion_window_in_days
    error_message = "deletion_window_in_days must be a whole number from 7 to 30."
  }
}

variable "policy_statements" {
  description = "Key policy statements after the account's own (which lets IAM administer the key): one per service that uses it, each with a Sid of its own."
  type        = any
  default     = []

  validation {
    condition     = can(length(var.policy_statements)) && alltrue([for s in var.policy_statements : can(regex("^[A-Za-z0-9]+$", s.Sid)) && contains(["Allow", "Deny"], try(s.Effect, ""))])
    error_message = "policy_statements must be a list of statements, each with a Sid of letters and digits and an Effect of \"Allow\" or \"Deny\"."
  }

  validation {
    condition     = can(length(var.policy_statements)) && !contains([for s in var.policy_statements : try(s.Sid, "")], "AccountAdministers") && length(distinct([for s in var.policy_statements : try(s.Sid, "")])) == length(var.policy_statements)
    error_message = "policy_statements must have unique Sids other than \"AccountAdministers\" (the module's own statement)."
  }
}

variable "tags" {
  description = "Tags of the key."
  type        = map(string)
  default     = {}
}
