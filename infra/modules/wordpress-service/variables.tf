variable "name" {
  description = "Name of the service; also the task family, the log group (/ecs/<name>) and the IAM role prefix (e.g. \"wpecs-dev\")."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,31}$", var.name))
    error_message = "name must be 1-32 lowercase letters, digits and hyphens, starting with a letter."
  }
}

# --- where it runs -----------------------------------------------------------

variable "cluster_arn" {
  description = "ARN of the ECS cluster (arn:aws:ecs:<region>:<account>:cluster/<name>)."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-zA-Z-]*:ecs:[a-z0-9-]+:\\d{12}:cluster/[A-Za-z0-9_-]+$", var.cluster_arn))
    error_message = "cluster_arn must be an ECS cluster ARN such as arn:aws:ecs:eu-west-1:123456789012:cluster/wpecs-dev."
  }
}

variable "capacity_provider_name" {
  description = "Capacity provider (EC2 Auto Scaling group with managed scaling) the tasks are placed on."
  type        = string
}

variable "network_mode" {
  description = <<-EOT
    "bridge" (default): dynamic host ports (hostPort 0), the ALB registers instance:port, so a rolling
    deploy starts new tasks next to old ones on the same instances and tasks do not use up ENIs.
    "awsvpc": one ENI and private IP per task, per-task security groups (subnet_ids and
    security_group_ids required; the target group must have target_type "ip").
  EOT
  type        = string
  default     = "bridge"

  validation {
    condition     = contains(["bridge", "awsvpc"], var.network_mode)
    error_message = "network_mode must be \"bridge\" (dynamic host ports) or \"awsvpc\" (one ENI per task)."
  }
}

variable "subnet_ids" {
  description = "Private subnets for the tasks' ENIs (awsvpc only)."
  type        = list(string)
  default     = []
  nullable    = false
}

variable "security_group_ids" {
  description = "Security groups of the tasks' ENIs (awsvpc only); must allow port 80 from the ALB and reach EFS (2049) and the database."
  type        = list(string)
  default     = []
  nullable    = false
}

variable "target_group_arn" {
  description = "ALB target group the service registers its tasks in (health check /healthz)."
  type        = string
}

# --- the image ---------------------------------------------------------------

variable "repository_url" {
  description = "ECR repository URL without tag (<account>.dkr.ecr.<region>.amazonaws.com/<name>)."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9.-]+(:[0-9]+)?/[a-z0-9]+([._/-][a-z0-9]+)*$", var.repository_url))
    error_message = "repository_url must be a registry host and repository path without tag or digest, e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com/wordpress-ecs."
  }
}

variable "repository_arn" {
  description = "ARN of the ECR repository; the execution role may pull from this repository only."
  type        = string
}

variable "image_tag" {
  description = "Image tag to run (what `make build VERSION=...` pushed). A new tag is a rolling deployment."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", var.image_tag))
    error_message = "image_tag must be a Docker tag: 1-128 letters, digits, _ . - (no spaces, slashes or colons), not starting with . or -."
  }
}

# --- sizes and counts --------------------------------------------------------

variable "cpu" {
  description = "CPU units reserved for the container (1024 = one vCPU)."
  type        = number
  default     = 256

  validation {
    condition     = var.cpu >= 128 && var.cpu <= 10240 && floor(var.cpu) == var.cpu
    error_message = "cpu must be a whole number of CPU units from 128 to 10240 (1024 = one vCPU)."
  }
}

variable "memory" {
  description = "Hard memory limit of the container in MiB; the task is killed above it. PHP-FPM workers x memory_limit must fit."
  type        = number
  default     = 512

  validation {
    condition     = var.memory >= 128 && var.memory <= 122880 && floor(var.memory) == var.memory
    error_message = "memory must be a whole number of MiB from 128 to 122880."
  }
}

variable "memory_reservation" {
  description = "Soft memory reservation in MiB used for placement; null reserves the hard limit."
  type        = number
  default     = null

  validation {
    condition     = var.memory_reservation == null || (coalesce(var.memory_reservation, 0) >= 64 && coalesce(var.memory_reservation, 0) <= var.memory)
    error_message = "memory_reservation must be at least 64 MiB and not above memory (or null)."
  }
}

variable "desired_count" {
  description = "Tasks to start with. Changes after creation are left to autoscaling (ignored by the service resource)."
  type        = number
  default     = 2

  validation {
    condition     = var.desired_count >= 1 && floor(var.desired_count) == var.desired_count
    error_message = "desired_count must be a whole number of at least 1 (0 tasks means the site is down)."
  }
}

variable "autoscaling" {
  description = <<-EOT
    Service autoscaling (Application Auto Scaling, target tracking).
    min_capacity defaults to desired_count. cpu_target: average CPU % to hold.
    requests_per_target: ALB requests per task to hold (off when null; needs
    load_balancer_arn_suffix and target_group_arn_suffix).
  EOT
  type = object({
    enabled             = optional(bool, true)
    min_capacity        = optional(number)
    max_capacity        = optional(number, 4)
    cpu_target          = optional(number, 60)
    requests_per_target = optional(number)
    scale_in_cooldown   = optional(number, 300)
    scale_out_cooldown  = optional(number, 60)
  })
  default  = {}
  nullable = false

  validation {
    condition     = var.autoscaling.min_capacity == null || coalesce(var.autoscaling.min_capacity, 1) >= 1
    error_message = "autoscaling.min_capacity must be at least 1."
  }

  validation {
    condition     = var.autoscaling.cpu_target > 0 && var.autoscaling.cpu_target <= 100
    error_message = "autoscaling.cpu_target must be a percentage above 0 and at most 100."
  }

  validation {
    condition     = var.autoscaling.requests_per_target == null || coalesce(var.autoscaling.requests_per_target, 1) >= 1
    error_message = "autoscaling.requests_per_target must be at least 1 request per target (or null to turn it off)."
  }

  validation {
    condition     = var.autoscaling.scale_in_cooldown >= 0 && var.autoscaling.scale_out_cooldown >= 0
    error_message = "autoscaling cooldowns must be 0 or more seconds."
  }
}

variable "load_balancer_arn_suffix" {
  description = "ARN suffix of the ALB (for the ALBRequestCountPerTarget metric); only needed with autoscaling.requests_per_target."
  type        = string
  default     = null
}

variable "target_group_arn_suffix" {
  description = "ARN suffix of the target group (for the ALBRequestCountPerTarget metric); only needed with autoscaling.requests_per_target."
  type        = string
  default     = null
}

# --- deployment behaviour ----------------------------------------------------

variable "health_check_grace_period_seconds" {
  description = "Seconds the service ignores failing ALB health checks of a new task. Sized to a first start: wait for the database, seed EFS, start Apache and PHP-FPM."
  type        = number
  default     = 120

  validation {
    condition     = var.health_check_grace_period_seconds >= 0 && var.health_check_grace_period_seconds <= 2147483647
    error_message = "health_check_grace_period_seconds must be 0 or more."
  }
}

variable "health_check_start_period" {
  description = "Seconds during which failing container health checks (wp-init healthcheck) do not count, 0-300."
  type        = number
  default     = 90

  validation {
    condition     = var.health_check_start_period >= 0 && var.health_check_start_period <= 300
    error_message = "health_check_start_period must be between 0 and 300 seconds (the ECS limit)."
  }
}

variable "stop_timeout" {
  description = "Seconds between SIGTERM and SIGKILL. wp-init drains for stop_timeout - 5 seconds (WPECS_DRAIN_TIMEOUT), so in-flight requests finish."
  type        = number
  default     = 30

  validation {
    condition     = var.stop_timeout >= 10 && var.stop_timeout <= 120 && floor(var.stop_timeout) == var.stop_timeout
    error_message = "stop_timeout must be a whole number of seconds from 10 to 120 (the ECS limit on EC2)."
  }
}

variable "wait_for_steady_state" {
  description = "Make apply wait until the deployment is finished (all new tasks healthy). The circuit breaker rolls back a failing one."
  type        = bool
  default     = true
}

# --- database, files, secrets ------------------------------------------------

variable "db_address" {
  description = "Host name of the database (RDS address)."
  type        = string
}

variable "db_port" {
  description = "Port of the database."
  type        = number
  default     = 3306
}

variable "db_name" {
  description = "Name of the WordPress database."
  type        = string
  default     = "wordpress"
}

variable "db_secret_arn" {
  description = "ARN of the Secrets Manager secret with JSON keys \"username\" and \"password\" (the RDS-managed master user secret). Injected with ECS secrets, never as plain environment."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-zA-Z-]*:secretsmanager:[a-z0-9-]+:\\d{12}:secret:.+$", var.db_secret_arn))
    error_message = "db_secret_arn must be a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>)."
  }
}

variable "salts_secret_arn" {
  description = "Optional Secrets Manager secret with JSON keys AUTH_KEY, SECURE_AUTH_KEY, LOGGED_IN_KEY, NONCE_KEY, AUTH_SALT, SECURE_AUTH_SALT, LOGGED_IN_SALT, NONCE_SALT. null (default): wp-init generates the salts once on EFS under its lock, shared by every task."
  type        = string
  default     = null

  validation {
    condition     = var.salts_secret_arn == null || can(regex("^arn:aws[a-zA-Z-]*:secretsmanager:[a-z0-9-]+:\\d{12}:secret:.+$", coalesce(var.salts_secret_arn, "x")))
    error_message = "salts_secret_arn must be a Secrets Manager secret ARN or null."
  }
}

variable "secrets_kms_key_arns" {
  description = "Customer-managed KMS keys that encrypt the secrets above; the execution role may decrypt with them through Secrets Manager only. Empty when the secrets use aws/secretsmanager."
  type        = list(string)
  default     = []
  nullable    = false
}

variable "efs_file_system_id" {
  description = "EFS file system holding wp-content, the seed marker and the generated salts."
  type        = string
}

variable "efs_file_system_arn" {
  description = "ARN of the EFS file system (the task role may mount it through the access point only)."
  type        = string
}

variable "efs_access_point_id" {
  description = "EFS access point the tasks mount (fixes uid/gid 33 and the root directory)."
  type        = string
}

variable "efs_access_point_arn" {
  description = "ARN of the EFS access point."
  type        = string
}

variable "environment" {
  description = "Extra plain environment for the container (e.g. WORDPRESS_CONFIG_EXTRA, WORDPRESS_DEBUG). Secrets may not go here."
  type        = map(string)
  default     = {}
  nullable    = false

  validation {
    condition     = alltrue([for k in keys(var.environment) : can(regex("^[A-Za-z_][A-Za-z0-9_]*$", k))])
    error_message = "environment keys must be variable names (letters, digits, underscore; not starting with a digit)."
  }

  validation {
    condition = length(setintersection(keys(var.environment), [
      "WORDPRESS_DB_HOST", "WORDPRESS_DB_NAME", "WORDPRESS_DB_USER", "WORDPRESS_DB_PASSWORD",
      "WORDPRESS_AUTH_KEY", "WORDPRESS_SECURE_AUTH_KEY", "WORDPRESS_LOGGED_IN_KEY", "WORDPRESS_NONCE_KEY",
      "WORDPRESS_AUTH_SALT", "WORDPRESS_SECURE_AUTH_SALT", "WORDPRESS_LOGGED_IN_SALT", "WORDPRESS_NONCE_SALT",
      "WPECS_DRAIN_TIMEOUT",
    ])) == 0
    error_message = "environment must not set database settings, salts or WPECS_DRAIN_TIMEOUT: the module sets them (credentials and salts only through Secrets Manager)."
  }
}

# --- logs and tags -----------------------------------------------------------

variable "log_retention_days" {
  description = "Retention of the container logs in CloudWatch Logs, in days."
  type        = number
  default     = 365

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653."
  }
}

variable "log_kms_key_arn" {
  description = "KMS key ARN to encrypt the log group; null uses CloudWatch Logs' own encryption. The key policy must allow logs.<region>.amazonaws.com."
  type        = string
  default     = null
}

variable "tags" {
  description = "Tags added to every resource (merged with Name); the service propagates its tags to its tasks."
  type        = map(string)
  default     = {}
  nullable    = false
}
