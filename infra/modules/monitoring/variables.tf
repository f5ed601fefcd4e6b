variable "name" {
  description = "Name prefix of the topic, key, alarms, rules and dashboard, e.g. \"wpecs-prod\"."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9][a-zA-Z0-9-]{0,39}$", var.name))
    error_message = "name must be 1-40 letters, digits or hyphens, starting with a letter or digit."
  }
}

variable "enabled" {
  description = "Create the topic, the alarms, the EventBridge rules and the dashboard. false creates nothing (topic_arn null)."
  type        = bool
  default     = true
  nullable    = false
}

variable "alarm_email" {
  description = "E-mail address subscribed to the topic (AWS asks it to confirm once). null: no subscription (subscribe a pager or chat integration to topic_arn yourself)."
  type        = string
  default     = null

  validation {
    condition     = var.alarm_email == null || can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", var.alarm_email))
    error_message = "alarm_email must be an e-mail address such as ops@example.org."
  }

  validation {
    condition     = var.alarm_email == null || var.enabled
    error_message = "alarm_email is set but alarms are off (alarms_enabled = false): there is no topic to subscribe it to; turn alarms on or remove alarm_email."
  }
}

# --- what is watched -----------------------------------------------------------

variable "load_balancer_arn_suffix" {
  description = "ARN suffix of the ALB (app/<name>/<id>): the LoadBalancer dimension."
  type        = string
}

variable "target_group_arn_suffix" {
  description = "ARN suffix of the service's target group (targetgroup/<name>/<id>): the TargetGroup dimension."
  type        = string
}

variable "cluster_name" {
  description = "ECS cluster name (ClusterName dimension, EventBridge rules)."
  type        = string
}

variable "service_name" {
  description = "ECS service name (ServiceName dimension). The base stack names the wordpress stack's service, so the alarms exist before and outlive every deployment."
  type        = string
}

variable "container_insights" {
  description = "Container Insights is on for the cluster: the running-below-desired alarm needs its RunningTaskCount and DesiredTaskCount metrics and is not created without them."
  type        = bool
  default     = true
  nullable    = false
}

variable "db_instance_id" {
  description = "RDS instance identifier (DBInstanceIdentifier dimension)."
  type        = string
}

variable "db_replica_ids" {
  description = "Identifiers of read replicas of the database: each gets a ReplicaLag alarm. Empty (default): no replica, no lag alarm."
  type        = list(string)
  default     = []
  nullable    = false
}

variable "efs_file_system_id" {
  description = "EFS file system ID (FileSystemId dimension)."
  type        = string
}

variable "efs_performance_mode" {
  description = "The file system's performance mode: generalPurpose gets a PercentIOLimit alarm (maxIO has no such limit)."
  type        = string
  default     = "generalPurpose"
}

variable "efs_throughput_mode" {
  description = "The file system's throughput mode: bursting gets a BurstCreditBalance alarm (elastic and provisioned have no credits)."
  type        = string
  default     = "elastic"
}

# --- thresholds ----------------------------------------------------------------

variable "thresholds" {
  description = <<-EOT
    Alarm thresholds (each optional, defaults shown):
    alb_5xx_percent = 5 (ELB + target 5xx per request, 5 min, twice in a row; a deployment alarm),
    target_response_seconds = 2 (p95 target response time, 5 min, 3 in a row),
    service_cpu_percent = 85 and service_memory_percent = 85 (service average, 5 min, 3 in a row),
    running_tasks_missing_minutes = 10 (running < desired for this long; needs Container Insights),
    db_cpu_percent = 80 (15 min), db_free_storage_gib = 2, db_connections = 150 (a db.t4g.micro allows about 60, a db.m7g.large about 1000: set it to ~80 % of the class's max_connections),
    db_replica_lag_seconds = 60,
    efs_io_limit_percent = 90 (generalPurpose), efs_burst_credit_gib = 100 (bursting).
  EOT
  type = object({
    alb_5xx_percent               = optional(number, 5)
    target_response_seconds       = optional(number, 2)
    service_cpu_percent           = optional(number, 85)
    service_memory_percent        = optional(number, 85)
    running_tasks_missing_minutes = optional(number, 10)
    db_cpu_percent                = optional(number, 80)
    db_free_storage_gib           = optional(number, 2)
    db_connections                = optional(number, 150)
    db_replica_lag_seconds        = optional(number, 60)
    efs_io_limit_percent          = optional(number, 90)
    efs_burst_credit_gib          = optional(number, 100)
  })
  default  = {}
  nullable = false

  validation {
    condition     = var.thresholds.alb_5xx_percent > 0 && var.thresholds.alb_5xx_percent <= 100 && var.thresholds.service_cpu_percent > 0 && var.thresholds.service_memory_percent > 0 && var.thresholds.db_cpu_percent > 0 && var.thresholds.efs_io_limit_percent > 0
    error_message = "thresholds: the percentages must be above 0 (and alb_5xx_percent at most 100)."
  }

  validation {
    condition     = var.thresholds.running_tasks_missing_minutes >= 5 && floor(var.thresholds.running_tasks_missing_minutes) == var.thresholds.running_tasks_missing_minutes
    error_message = "thresholds.running_tasks_missing_minutes must be a whole number of minutes, at least 5 (a task start takes a few)."
  }
}

variable "tags" {
  description = "Tags of every resource."
  type        = map(string)
  default     = {}
  nullable    = false
}
