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
  description = "ALB target group the service registers its tasks in (its health check is the image's deploy verification, /healthz/app)."
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
  description = "Image tag to run (what `make build VERSION=...` pushed). A new tag is a rolling deployment. Its architecture must be the instances' (architecture): `make build ARCH=arm64` tags <version>-arm64, an x86_64 image is <version>."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", var.image_tag))
    error_message = "image_tag must be a Docker tag: 1-128 letters, digits, _ . - (no spaces, slashes or colons), not starting with . or -."
  }

  # An image of the other architecture would be pulled and fail with "exec
  # format error" on every start: refused at plan time instead.
  validation {
    condition     = endswith(var.image_tag, "-arm64") == (var.architecture == "arm64")
    error_message = "image_tag ${var.image_tag} is ${endswith(var.image_tag, "-arm64") ? "an arm64" : "an x86_64"} image but the cluster's instances are ${var.architecture}: build and push the image for ${var.architecture} (${var.architecture == "arm64" ? "make build ARCH=arm64, tag <version>-arm64" : "make build, tag <version>"}) or change the base stack's architecture."
  }
}

variable "architecture" {
  description = "CPU architecture of the cluster's instances, x86_64 or arm64 (the ecs-cluster module's output architecture): the task definition's runtime platform, and the architecture image_tag must be built for."
  type        = string
  default     = "x86_64"

  validation {
    condition     = contains(["x86_64", "arm64"], var.architecture)
    error_message = "architecture must be \"x86_64\" or \"arm64\"."
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
  description = "Hard memory limit of the container in MiB; the task is killed above it. Passed to wp-init as WPECS_MEMORY_MB (it sizes PHP-FPM from it); must be at least the image's minimum (image_memory)."
  type        = number
  default     = 1152

  validation {
    condition     = var.memory >= 128 && var.memory <= 122880 && floor(var.memory) == var.memory
    error_message = "memory must be a whole number of MiB from 128 to 122880."
  }

  validation {
    condition     = var.memory >= var.image_memory.php_memory_limit_mb * var.image_memory.min_workers + var.image_memory.opcache_mb + var.image_memory.health_pool_mb + var.image_memory.apache_mb + var.image_memory.headroom_mb
    error_message = "memory is below the image's minimum: image_memory.php_memory_limit_mb x min_workers + opcache_mb + health_pool_mb + apache_mb + headroom_mb (the image label org.wpecs.memory.min-mb)."
  }
}

variable "image_memory" {
  description = <<-EOT
    The image's memory needs (contract C2), the numbers its label org.wpecs.memory.min-mb is
    computed from: PHP memory_limit per worker, the fewest PHP-FPM workers it runs with, OPcache
    (shared memory + JIT buffer), the health checks' PHP-FPM pool, Apache, and headroom (tmpfs, wp-init).
    The task's memory must be at least
    php_memory_limit_mb x min_workers + opcache_mb + health_pool_mb + apache_mb + headroom_mb
    (1152 MiB with the defaults; wp-init refuses to start below it).
    Defaults: the image built from this repository.
  EOT
  type = object({
    php_memory_limit_mb = optional(number, 256)
    min_workers         = optional(number, 2)
    opcache_mb          = optional(number, 256)
    health_pool_mb      = optional(number, 256)
    apache_mb           = optional(number, 64)
    headroom_mb         = optional(number, 64)
  })
  default  = {}
  nullable = false

  validation {
    condition     = alltrue([for v in values(var.image_memory) : v >= 0 && floor(v) == v]) && var.image_memory.min_workers >= 1
    error_message = "image_memory values must be whole numbers of MiB (0 or more), and min_workers at least 1."
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
  description = "Seconds the service ignores failing ALB health checks (/healthz/app) of a new task. Sized to a first start: wait for the database, seed EFS, start Apache and PHP-FPM. At least health_check_start_period."
  type        = number
  default     = 120

  validation {
    condition     = var.health_check_grace_period_seconds >= 0 && var.health_check_grace_period_seconds <= 2147483647
    error_message = "health_check_grace_period_seconds must be 0 or more."
  }

  validation {
    condition     = var.health_check_grace_period_seconds >= var.health_check_start_period
    error_message = "health_check_grace_period_seconds must be at least health_check_start_period: the ALB must not judge a task the container check still lets start."
  }
}

variable "deployment_alarm_names" {
  description = "CloudWatch alarms that roll a deployment back when they fire during it (ECS alarm-based rollback; the base stack's deployment_alarm_names: 5xx rate, unhealthy targets). Empty (default): the circuit breaker alone."
  type        = list(string)
  default     = []
  nullable    = false
}

variable "lb_health_check_path" {
  description = "Path the ALB target group checks (the base stack's output), or null when unknown. Must be /healthz/app (contract C1): it stays 200 while the database is away, so a failover never makes ECS replace healthy tasks, and fails on a broken image, so its deployment rolls back."
  type        = string
  default     = null

  validation {
    condition     = var.lb_health_check_path == null || var.lb_health_check_path == "/healthz/app"
    error_message = "lb_health_check_path must be /healthz/app: /healthz fails whenever the database does, and the ALB would then take every task out of service during a failover."
  }
}

variable "lb_idle_timeout" {
  description = "Idle timeout of the ALB in seconds (the base stack's lb_idle_timeout). Apache's keep-alive (WPECS_KEEPALIVE_TIMEOUT) is set 5 s longer (contract C4)."
  type        = number
  default     = 60

  validation {
    condition     = var.lb_idle_timeout >= 1 && var.lb_idle_timeout <= 4000 && floor(var.lb_idle_timeout) == var.lb_idle_timeout
    error_message = "lb_idle_timeout must be a whole number of seconds from 1 to 4000 (the ALB's range)."
  }
}

variable "lb_deregistration_delay" {
  description = "Deregistration delay of the target group in seconds (the base stack's lb_deregistration_delay), or null when unknown. ECS waits it out before SIGTERM, so it must cover request_timeout (contract C5)."
  type        = number
  default     = null

  validation {
    condition     = var.lb_deregistration_delay == null || coalesce(var.lb_deregistration_delay, 0) >= var.request_timeout
    error_message = "lb_deregistration_delay must be at least request_timeout: ECS stops a task once its target is deregistered, and a longer request would be cut."
  }
}

variable "request_timeout" {
  description = "Longest request the site serves, in seconds: the image's PHP-FPM request_terminate_timeout (README, container contract). The deregistration delay must cover it."
  type        = number
  default     = 120

  validation {
    condition     = var.request_timeout >= 1 && floor(var.request_timeout) == var.request_timeout
    error_message = "request_timeout must be a whole number of seconds, at least 1."
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
  description = "ARN of WordPress's own database secret, JSON keys \"username\" and \"password\" (the database module's app_secret_arn, rotated with alternating users). Injected with ECS secrets, never as plain environment. Never the RDS master secret."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-zA-Z-]*:secretsmanager:[a-z0-9-]+:\\d{12}:secret:.+$", var.db_secret_arn))
    error_message = "db_secret_arn must be a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>)."
  }

  validation {
    condition     = !can(regex(":secret:rds!", var.db_secret_arn))
    error_message = "db_secret_arn is an RDS-managed (master user) secret: WordPress must connect with its own user and secret (the database module's app_secret_arn)."
  }
}

variable "site_url" {
  description = "URL of the site (https://www.example.com), passed as WORDPRESS_SITE_URL: WordPress's home and site URL come from it, never from the Host header (contract C3). null leaves them to the first install."
  type        = string
  default     = null

  validation {
    condition     = var.site_url == null || can(regex("^https?://[A-Za-z0-9.-]+(:[0-9]+)?(/.*)?$", coalesce(var.site_url, "x")))
    error_message = "site_url must be an http:// or https:// URL such as https://www.example.com."
  }
}

variable "trusted_proxy_cidrs" {
  description = "Address ranges of the load balancer (its subnets), passed as WPECS_TRUSTED_PROXIES: only requests from these may set the client address through X-Forwarded-For. Empty keeps the image's default (loopback only), so every client appears as the load balancer."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for c in var.trusted_proxy_cidrs : can(cidrhost(c, 0))])
    error_message = "trusted_proxy_cidrs must be CIDR blocks such as 10.0.0.0/24."
  }
}

variable "site_title" {
  description = "Title of the site at the first install (WORDPRESS_SITE_TITLE)."
  type        = string
  default     = "WordPress"
}

variable "admin_user" {
  description = "Administrator created at the first install (WORDPRESS_ADMIN_USER); its password is generated into a secret (admin_secret_arn output)."
  type        = string
  default     = "wpecs-admin"

  validation {
    condition     = can(regex("^[A-Za-z0-9._@-]{3,60}$", var.admin_user)) && !contains(["admin", "administrator", "root"], lower(var.admin_user))
    error_message = "admin_user must be 3-60 letters, digits or . _ @ - and not a guessable name (admin, administrator, root)."
  }
}

variable "admin_email" {
  description = "E-mail address of the administrator at the first install (WORDPRESS_ADMIN_EMAIL)."
  type        = string
  default     = "webmaster@example.com"

  validation {
    condition     = can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", var.admin_email))
    error_message = "admin_email must be an e-mail address."
  }
}

variable "admin_secret_kms_key_arn" {
  description = "Customer-managed KMS key for the admin password secret; null uses aws/secretsmanager. Add it to secrets_kms_key_arns too."
  type        = string
  default     = null
}

variable "secret_recovery_window_days" {
  description = "Days a deleted admin password secret can still be restored (0 deletes at once, for throwaway environments; 7-30 otherwise)."
  type        = number
  default     = 7

  validation {
    condition     = var.secret_recovery_window_days == 0 || (var.secret_recovery_window_days >= 7 && var.secret_recovery_window_days <= 30)
    error_message = "secret_recovery_window_days must be 0 or from 7 to 30."
  }
}

variable "capabilities" {
  description = "Linux capabilities added back after dropping ALL (contract C6); only CHOWN, DAC_OVERRIDE, FOWNER, SETGID, SETUID, NET_BIND_SERVICE, KILL are allowed, the image's needs to start as root, bind port 80 and switch to www-data."
  type        = list(string)
  default     = ["CHOWN", "DAC_OVERRIDE", "FOWNER", "SETGID", "SETUID", "NET_BIND_SERVICE", "KILL"]
  nullable    = false

  validation {
    condition     = length(setsubtract(var.capabilities, ["CHOWN", "DAC_OVERRIDE", "FOWNER", "SETGID", "SETUID", "NET_BIND_SERVICE", "KILL"])) == 0
    error_message = "capabilities may only contain CHOWN, DAC_OVERRIDE, FOWNER, SETGID, SETUID, NET_BIND_SERVICE and KILL (contract C6)."
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

variable "mail" {
  description = "SMTP for wp_mail() (the mail module's container_settings): host, port, tls (none, starttls or tls), from address, optional from_name, and secret_arn, a Secrets Manager secret with JSON keys username and password injected as WPECS_SMTP_USER / WPECS_SMTP_PASSWORD. null (default): PHP's mail(), as WordPress does by default."
  type = object({
    host       = string
    port       = number
    tls        = string
    from       = string
    from_name  = optional(string)
    secret_arn = string
  })
  default = null

  validation {
    condition     = var.mail == null || try(contains(["none", "starttls", "tls"], var.mail.tls) && var.mail.port >= 1 && var.mail.port <= 65535 && floor(var.mail.port) == var.mail.port, false)
    error_message = "mail.tls must be none, starttls or tls and mail.port a TCP port (1-65535)."
  }

  validation {
    condition     = var.mail == null || can(regex("^arn:aws[a-zA-Z-]*:secretsmanager:[a-z0-9-]+:\\d{12}:secret:.+$", try(var.mail.secret_arn, "")))
    error_message = "mail.secret_arn must be a Secrets Manager secret ARN (JSON keys username and password)."
  }
}

variable "cache" {
  description = "The object cache (the cache module's outputs): host (primary endpoint), port, secret_arn (Secrets Manager secret with the AUTH token under the JSON key \"auth_token\", injected as WPECS_REDIS_PASSWORD with ECS secrets) and tls (WPECS_REDIS_TLS). null (default): no persistent object cache, WordPress keeps its per-request one."
  type = object({
    host       = string
    port       = optional(number, 6379)
    secret_arn = string
    tls        = optional(bool, true)
  })
  default = null

  validation {
    condition     = var.cache == null || (can(regex("^arn:aws[a-zA-Z-]*:secretsmanager:[a-z0-9-]+:\\d{12}:secret:.+$", try(var.cache.secret_arn, ""))) && try(var.cache.port >= 1 && var.cache.port <= 65535, false) && can(regex("^[A-Za-z0-9.-]+$", try(var.cache.host, ""))))
    error_message = "cache needs a host name, a port from 1 to 65535 and a Secrets Manager secret ARN (secret_arn)."
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
      "WPECS_DRAIN_TIMEOUT", "WPECS_KEEPALIVE_TIMEOUT", "WPECS_MEMORY_MB",
      "WORDPRESS_SITE_URL", "WORDPRESS_SITE_TITLE", "WORDPRESS_ADMIN_USER", "WORDPRESS_ADMIN_EMAIL",
      "WORDPRESS_ADMIN_PASSWORD", "WORDPRESS_ADMIN_PASSWORD_FILE",
      "WPECS_SMTP_HOST", "WPECS_SMTP_PORT", "WPECS_SMTP_TLS", "WPECS_SMTP_USER", "WPECS_SMTP_PASSWORD", "WPECS_SMTP_PASSWORD_FILE",
      "WPECS_MAIL_FROM", "WPECS_MAIL_FROM_NAME",
    ])) == 0
    error_message = "environment must not set database settings, salts, the install settings, the mail settings, WPECS_DRAIN_TIMEOUT, WPECS_KEEPALIVE_TIMEOUT or WPECS_MEMORY_MB: the module sets them from its inputs (credentials only through Secrets Manager)."
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

variable "exec" {
  description = "ECS Exec (a shell or make wp in a running task, no SSH), set up by the ecs-cluster module's exec_enabled: its KMS key and session log group (outputs exec_kms_key_arn, exec_log_group_arn). null (default): off, and the task role gets no session permissions."
  type = object({
    kms_key_arn   = string
    log_group_arn = string
  })
  default = null

  validation {
    condition     = var.exec == null || (can(regex("^arn:aws[a-z-]*:kms:", var.exec.kms_key_arn)) && can(regex("^arn:aws[a-z-]*:logs:", var.exec.log_group_arn)))
    error_message = "exec must name a KMS key ARN and a CloudWatch log group ARN (the ecs-cluster module's exec outputs), or be null."
  }
}

# --- external cron -------------------------------------------------------------

variable "cron_external" {
  description = "Run WordPress's cron outside page views: the replicas get WPECS_CRON=external (DISABLE_WP_CRON), and an EventBridge Scheduler schedule starts a one-off task running `wp-init cron` every minute (one run at a time across the fleet: the cron lock on EFS). Off: WordPress's own cron, on whichever task a visitor reaches."
  type        = bool
  default     = false
  nullable    = false
}

variable "cron_cpu" {
  description = "CPU units of the one-off cron task (1024 = one vCPU)."
  type        = number
  default     = 256
  nullable    = false

  validation {
    condition     = var.cron_cpu >= 128 && var.cron_cpu <= 4096
    error_message = "cron_cpu must be 128..4096 CPU units."
  }
}

variable "cron_memory" {
  description = "Hard memory limit of the one-off cron task, MiB: PHP CLI with WordPress's cron memory limit (WP_MAX_MEMORY_LIMIT, 256 MiB) plus headroom; no web server runs in it."
  type        = number
  default     = 512
  nullable    = false

  validation {
    condition     = var.cron_memory >= 384 && var.cron_memory <= 8192
    error_message = "cron_memory must be 384..8192 MiB (WordPress's cron raises PHP's memory_limit to 256 MiB)."
  }
}

variable "cron_timeout" {
  description = "Seconds a cron run may take before wp-init stops it (WPECS_CRON_TIMEOUT: SIGTERM, SIGKILL 10 s later). Ticks meanwhile find the cron lock taken and exit 0."
  type        = number
  default     = 600
  nullable    = false

  validation {
    condition     = var.cron_timeout >= 30 && var.cron_timeout <= 3600 && floor(var.cron_timeout) == var.cron_timeout
    error_message = "cron_timeout must be a whole number of seconds, 30..3600."
  }
}

variable "alarm_topic_arn" {
  description = "SNS topic (the base stack's alarm_topic_arn) for the cron alarms: ticks that could not start a task, and failed runs. null: no alarms."
  type        = string
  default     = null

  validation {
    condition     = var.alarm_topic_arn == null || can(regex("^arn:aws[a-z-]*:sns:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_-]{1,256}$", var.alarm_topic_arn))
    error_message = "alarm_topic_arn must be an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>) or null."
  }
}
