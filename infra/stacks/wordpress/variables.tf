variable "environment" {
  description = "Environment name; must match the base stack's."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9]{1,9}$", var.environment))
    error_message = "environment must be 2-10 lowercase letters or digits, starting with a letter (e.g. dev, prod)."
  }
}

variable "region" {
  description = "AWS region of the environment."
  type        = string

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-\\d$", var.region))
    error_message = "region must be an AWS region name such as \"eu-west-1\"."
  }
}

variable "tags" {
  description = "Extra tags on every resource (through the provider's default_tags)."
  type        = map(string)
  default     = {}
  nullable    = false
}

# --- where the base stack's state is -------------------------------------------

variable "state_bucket" {
  description = "S3 bucket holding the base stack's state (the same bucket as this stack's backend)."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.state_bucket))
    error_message = "state_bucket must be an S3 bucket name (3-63 lowercase letters, digits, dots and hyphens)."
  }
}

variable "base_state_key" {
  description = "Key of the base stack's state in the bucket (the key in infra/envs/<env>/base.backend.hcl)."
  type        = string
}

variable "state_region" {
  description = "Region of the state bucket; null means var.region."
  type        = string
  default     = null
}

variable "state_endpoint" {
  description = "Custom S3 endpoint for reading the base state (an emulator such as moto in tests); null for AWS. Also turns on path-style addressing and skips the AWS-only checks."
  type        = string
  default     = null
}

# --- the service ---------------------------------------------------------------

variable "image_tag" {
  description = "Image tag to deploy (what `make build VERSION=...` pushed to ECR)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", var.image_tag))
    error_message = "image_tag must be a Docker tag: 1-128 letters, digits, _ . - (no spaces, slashes or colons), not starting with . or -."
  }
}

variable "desired_count" {
  description = "Tasks at creation (autoscaling takes over afterwards). At least 2 in prod."
  type        = number
  default     = 2

  validation {
    condition     = var.desired_count >= 1
    error_message = "desired_count must be at least 1: 0 tasks means the site is down."
  }

  validation {
    condition     = var.environment != "prod" || var.desired_count >= 2
    error_message = "desired_count must be at least 2 in prod, so an instance or AZ loss and every deployment keep the site up."
  }
}

variable "autoscaling_min_capacity" {
  description = "Fewest tasks autoscaling keeps; null means desired_count. At least 2 in prod."
  type        = number
  default     = null

  validation {
    condition     = var.environment != "prod" || var.autoscaling_min_capacity == null || coalesce(var.autoscaling_min_capacity, 2) >= 2
    error_message = "autoscaling_min_capacity must be at least 2 in prod."
  }
}

variable "autoscaling_max_capacity" {
  description = "Most tasks autoscaling may run."
  type        = number
  default     = 4
}

variable "autoscaling_cpu_target" {
  description = "Average CPU % autoscaling holds."
  type        = number
  default     = 60
}

variable "autoscaling_requests_per_target" {
  description = "ALB requests per task autoscaling holds; null turns request-count scaling off."
  type        = number
  default     = null
}

variable "cpu" {
  description = "CPU units per task (1024 = one vCPU)."
  type        = number
  default     = 512
}

variable "memory" {
  description = "Hard memory limit per task in MiB; at least the image's minimum (the module's image_memory), passed to wp-init as WPECS_MEMORY_MB."
  type        = number
  default     = 1152
}

variable "memory_reservation" {
  description = "Soft memory reservation per task in MiB (placement); null reserves the hard limit."
  type        = number
  default     = null
}

variable "health_check_grace_period_seconds" {
  description = "Seconds a new task's failing load balancer checks are ignored (first start: database wait, EFS seeding)."
  type        = number
  default     = 120
}

variable "stop_timeout" {
  description = "Seconds between SIGTERM and SIGKILL (wp-init drains for 5 s less)."
  type        = number
  default     = 30
}

variable "wait_for_steady_state" {
  description = "Wait in apply until the deployment has finished."
  type        = bool
  default     = true
}

variable "salts_secret_arn" {
  description = "Secrets Manager secret with the eight WordPress keys and salts; null lets wp-init generate them once on EFS."
  type        = string
  default     = null
}

variable "cron_external" {
  description = "WordPress's cron outside page views: an EventBridge Scheduler schedule runs `wp-init cron` as a one-off task every minute, and the replicas set DISABLE_WP_CRON (the wordpress-service module's cron_external)."
  type        = bool
  default     = false
  nullable    = false
}

variable "log_retention_days" {
  description = "Retention of the container logs in days."
  type        = number
  default     = 365
}

variable "container_environment" {
  description = "Extra plain environment (e.g. WORDPRESS_CONFIG_EXTRA). No secrets."
  type        = map(string)
  default     = {}
  nullable    = false
}

# --- first install (contract C3) ------------------------------------------------

variable "site_title" {
  description = "Site title at the first install."
  type        = string
  default     = "WordPress"
}

variable "admin_user" {
  description = "Administrator created at the first install; the password is generated into a secret (output admin_secret_arn)."
  type        = string
  default     = "wpecs-admin"
}

variable "admin_email" {
  description = "E-mail of the administrator created at the first install."
  type        = string
  default     = "webmaster@example.com"
}

variable "secret_recovery_window_days" {
  description = "Days a deleted admin password secret stays restorable (0 for throwaway environments)."
  type        = number
  default     = 7
}
