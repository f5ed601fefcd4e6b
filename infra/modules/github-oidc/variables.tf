variable "name" {
  description = "Prefix of the role names, e.g. \"wpecs\" (roles <name>-github-plan and <name>-github-deploy)."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9+=,.@_-]{1,40}$", var.name))
    error_message = "name must be 1-40 characters allowed in IAM role names."
  }
}

variable "repository" {
  description = "GitHub repository whose workflows may assume the roles, \"owner/name\"."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$", var.repository))
    error_message = "repository must be \"owner/name\" (no wildcards: the roles trust this repository only)."
  }
}

variable "deploy_environments" {
  description = "GitHub environments whose jobs may assume the deploy role (their protection rules, such as prod's required reviewers, gate it)."
  type        = list(string)
  default     = ["dev", "prod"]

  validation {
    condition     = length(var.deploy_environments) > 0 && alltrue([for e in var.deploy_environments : can(regex("^[A-Za-z0-9_.-]+$", e))])
    error_message = "deploy_environments must list at least one environment name (letters, digits, _ . -; no wildcards)."
  }
}

variable "create_provider" {
  description = "Create the account's GitHub OIDC identity provider (one per account); false: use the existing one (provider_arn)."
  type        = bool
  default     = true
}

variable "provider_arn" {
  description = "ARN of an existing token.actions.githubusercontent.com identity provider, when create_provider is false."
  type        = string
  default     = null

  validation {
    condition     = var.create_provider == (var.provider_arn == null)
    error_message = "Set provider_arn (an existing GitHub OIDC provider) exactly when create_provider is false."
  }
}

variable "state_bucket" {
  description = "S3 bucket of the OpenTofu state: the plan role may read it and write only the lock files (*.tflock)."
  type        = string
}

variable "resource_prefix" {
  description = "Prefix of the IAM roles, policies and instance profiles the stacks create (the project name): the deploy role may manage only those."
  type        = string
  default     = "wpecs"
}

variable "deploy_policy_arns" {
  description = "Managed policies of the deploy role besides the IAM rights on resource_prefix-* (PowerUserAccess: everything but IAM)."
  type        = list(string)
  default     = ["arn:aws:iam::aws:policy/PowerUserAccess"]
  nullable    = false
}

variable "tags" {
  description = "Extra tags on the roles and the provider."
  type        = map(string)
  default     = {}
  nullable    = false
}
