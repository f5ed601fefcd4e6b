variable "name" {
  description = "Name of the ECR repository, e.g. \"wordpress-ecs-dev\"."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$", var.name)) && length(var.name) >= 2 && length(var.name) <= 256
    error_message = "name must be 2-256 characters of lowercase letters, digits and single . _ - / separators (an ECR repository name), e.g. \"wordpress-ecs-dev\"."
  }
}

variable "create" {
  description = "true (default): create and own the repository (the environment images are built and pushed into). false: read an existing shared repository of that name (registry_id: its account), create nothing, and deploy what was tested where it is owned."
  type        = bool
  default     = true
  nullable    = false
}

variable "registry_id" {
  description = "With create = false: the account ID that owns the shared repository; null means this account."
  type        = string
  default     = null

  validation {
    condition     = var.registry_id == null || can(regex("^\\d{12}$", var.registry_id))
    error_message = "registry_id must be a 12-digit AWS account ID, or null for this account."
  }
}

variable "pull_account_ids" {
  description = "With create = true: other AWS accounts (their environments) allowed to pull images from the repository. Empty (default): this account only."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for a in var.pull_account_ids : can(regex("^\\d{12}$", a))])
    error_message = "pull_account_ids must hold 12-digit AWS account IDs."
  }

  validation {
    condition     = var.create || length(var.pull_account_ids) == 0
    error_message = "pull_account_ids belongs on the environment that owns the repository (create = true); this one only reads it."
  }
}

variable "kms_key_arn" {
  description = "ARN of a customer-managed KMS key for image encryption. null uses the AWS-managed key aws/ecr (still KMS)."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_arn == null || can(regex("^arn:aws[a-zA-Z-]*:kms:", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN (arn:aws:kms:...) or null."
  }
}

variable "keep_tagged_images" {
  description = "How many tagged images to keep (the most recently pushed); older tagged images expire. This is the rollback window of every environment that deploys from the repository: a tag older than the last keep_tagged_images pushes is gone."
  type        = number
  default     = 30

  validation {
    condition     = var.keep_tagged_images >= 1 && var.keep_tagged_images <= 10000 && floor(var.keep_tagged_images) == var.keep_tagged_images
    error_message = "keep_tagged_images must be a whole number between 1 and 10000."
  }
}

variable "untagged_expiry_days" {
  description = "Untagged images (left behind by failed or repeated pushes) expire this many days after they were pushed."
  type        = number
  default     = 7

  validation {
    condition     = var.untagged_expiry_days >= 1 && var.untagged_expiry_days <= 3650 && floor(var.untagged_expiry_days) == var.untagged_expiry_days
    error_message = "untagged_expiry_days must be a whole number of days between 1 and 3650."
  }
}

variable "force_delete" {
  description = "Let `destroy` delete the repository even when it still holds images. Keep false where images matter."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags added to the repository (on top of the provider's default_tags)."
  type        = map(string)
  default     = {}
}
