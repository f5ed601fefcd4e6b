variable "name" {
  description = "Name tag of the group and prefix of its name (AWS appends a unique suffix, so a replacement can be created before the old group goes), for example \"<project>-<environment>-db\"."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9][a-zA-Z0-9-]{0,199}$", var.name)) && !endswith(var.name, "-")
    error_message = "name must start with a letter or digit, hold only letters, digits and hyphens, not end with a hyphen, and be at most 200 characters."
  }
}

variable "description" {
  description = "Description of the group. AWS cannot change it in place: a new text replaces the group."
  type        = string

  validation {
    condition     = length(var.description) >= 1 && length(var.description) <= 255 && can(regex("^[a-zA-Z0-9. _\\-:/()#,@\\[\\]+=&;{}!$*]+$", var.description))
    error_message = "description must be 1-255 characters of letters, digits, spaces and ._-:/()#,@[]+=&;{}!$* (what EC2 accepts)."
  }
}

variable "vpc_id" {
  description = "VPC of the group."
  type        = string

  validation {
    condition     = can(regex("^vpc-[0-9a-f]+$", var.vpc_id))
    error_message = "vpc_id must be a VPC ID such as \"vpc-0123456789abcdef0\"."
  }
}

variable "port" {
  description = "The one TCP port the group admits."
  type        = number

  validation {
    condition     = var.port >= 1 && var.port <= 65535 && floor(var.port) == var.port
    error_message = "port must be a whole number from 1 to 65535."
  }
}

variable "service" {
  description = "What listens on the port, named in each rule's description (\"<service> from <label>\"), for example \"mysql\" or \"NFS\"."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9][a-zA-Z0-9 ._-]{0,63}$", var.service))
    error_message = "service must be 1-64 letters, digits, spaces, dots, underscores or hyphens, starting with a letter or digit."
  }
}

variable "allowed_security_group_ids" {
  description = "Security groups that may connect to the port, by a label that names the rule (for example { workload = <the tasks' group> }). Nothing else may; empty: nothing at all."
  type        = map(string)

  validation {
    condition     = alltrue([for k, id in var.allowed_security_group_ids : can(regex("^sg-[0-9a-f]+$", id)) && can(regex("^[a-zA-Z0-9_-]{1,64}$", k))])
    error_message = "allowed_security_group_ids must map labels of 1-64 letters, digits, underscores or hyphens to security group IDs (sg-...)."
  }
}

variable "tags" {
  description = "Tags of the group and its rules (each also gets its own Name)."
  type        = map(string)
  default     = {}
}
