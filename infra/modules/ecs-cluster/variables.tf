variable "name" {
  description = "Name of the ECS cluster; also prefixes the Auto Scaling group, launch template, security group and IAM role."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9]([a-z0-9-]{0,22}[a-z0-9])?$", var.name))
    error_message = "name must be 1-24 characters of lowercase letters, digits and hyphens, starting and ending with a letter or digit."
  }

  validation {
    condition     = !can(regex("^(aws|ecs|fargate)", var.name))
    error_message = "name must not start with \"aws\", \"ecs\" or \"fargate\": ECS reserves those prefixes for capacity provider names."
  }
}

variable "vpc_id" {
  description = "ID of the VPC the container instances run in (network module output vpc_id)."
  type        = string

  validation {
    condition     = can(regex("^vpc-[0-9a-f]+$", var.vpc_id))
    error_message = "vpc_id must be a VPC ID such as \"vpc-0123456789abcdef0\"."
  }
}

variable "subnet_ids" {
  description = "Private subnet IDs for the Auto Scaling group, one per AZ (network module output private_subnet_ids)."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 1
    error_message = "subnet_ids must list at least one private subnet (one per AZ for high availability)."
  }
}

variable "architecture" {
  description = "CPU architecture of the container instances: x86_64, or arm64 (Graviton). It selects the ECS-optimized AMI's parameter and must match instance_type and spot.instance_types (Graviton families: t4g, m7g, c7g, r7g, m6gd, c7gn, a1...). The tasks' image must be built for it: `make build ARCH=arm64` tags <version>-arm64, which the wordpress-service module checks."
  type        = string
  default     = "x86_64"

  validation {
    condition     = contains(["x86_64", "arm64"], var.architecture)
    error_message = "architecture must be \"x86_64\" or \"arm64\"."
  }
}

variable "instance_type" {
  description = "EC2 instance type of the container instances; of a Graviton family when architecture is arm64, of any other family when x86_64."
  type        = string
  default     = "t3.medium"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]*\\.[a-z0-9]+$", var.instance_type))
    error_message = "instance_type must be an EC2 instance type such as \"t3.medium\"."
  }

  # Graviton families are a1 and those whose generation digit is followed by
  # g (t4g, m7g, m6gd, c7gn, r8g, im4gn, is4gen); x86 families never are.
  validation {
    condition     = can(regex("^(a1|[a-z]+[0-9]+g[a-z]*)\\.", var.instance_type)) == (var.architecture == "arm64")
    error_message = "instance_type ${var.instance_type} does not match architecture ${var.architecture}: arm64 needs a Graviton type (t4g, m7g, c7g, r7g...), x86_64 any other (t3, m7i, c7a...)."
  }
}

variable "ami_ssm_parameter_name" {
  description = "Public SSM parameter holding the AMI ID of the ECS-optimized image. null (default): AWS's recommended Amazon Linux 2023 image for architecture (.../amazon-linux-2023/recommended/image_id, or .../amazon-linux-2023/arm64/recommended/image_id), so a new apply picks up patched AMIs."
  type        = string
  default     = null

  validation {
    condition     = var.ami_ssm_parameter_name == null || startswith(coalesce(var.ami_ssm_parameter_name, "/"), "/")
    error_message = "ami_ssm_parameter_name must be an SSM parameter path starting with \"/\"."
  }

  # AWS's own ECS AMI parameters name the architecture: an arm64 AMI on x86
  # instances (or the reverse) would never boot.
  validation {
    condition     = !startswith(coalesce(var.ami_ssm_parameter_name, "-"), "/aws/service/ecs/") || strcontains(coalesce(var.ami_ssm_parameter_name, "-"), "/arm64/") == (var.architecture == "arm64")
    error_message = "ami_ssm_parameter_name is an ECS-optimized AMI of the other architecture than architecture ${var.architecture} (arm64 AMIs have /arm64/ in their parameter name)."
  }
}

variable "min_size" {
  description = "Minimum number of container instances in the Auto Scaling group."
  type        = number
  default     = 1

  validation {
    condition     = var.min_size >= 0 && floor(var.min_size) == var.min_size
    error_message = "min_size must be a whole number, 0 or more."
  }
}

variable "max_size" {
  description = "Maximum number of container instances. Leave headroom above the steady state: a rolling deploy at 200 % needs room for the new tasks."
  type        = number
  default     = 4

  validation {
    condition     = var.max_size >= 1 && floor(var.max_size) == var.max_size
    error_message = "max_size must be a whole number, 1 or more."
  }

  validation {
    condition     = var.max_size >= var.min_size
    error_message = "max_size must be greater than or equal to min_size."
  }
}

variable "desired_capacity" {
  description = "Fixed number of instances. null (default) lets the capacity provider's managed scaling own the count; a number here is re-applied on every apply and fights managed scaling, so set it only for a fixed-size cluster."
  type        = number
  default     = null

  validation {
    condition     = var.desired_capacity == null ? true : (var.desired_capacity >= var.min_size && var.desired_capacity <= var.max_size && floor(var.desired_capacity) == var.desired_capacity)
    error_message = "desired_capacity must be a whole number between min_size and max_size (or null)."
  }
}

variable "target_capacity" {
  description = "Managed scaling target: percentage of the instances' capacity that tasks should use (100 packs tightly, lower keeps spare room for faster deploys)."
  type        = number
  default     = 100

  validation {
    condition     = var.target_capacity >= 1 && var.target_capacity <= 100 && floor(var.target_capacity) == var.target_capacity
    error_message = "target_capacity must be a whole percentage from 1 to 100."
  }
}

variable "ingress_source_security_group_ids" {
  description = "Security groups (typically the load balancer's) allowed to reach the instances on dynamic_port_range, for bridge-mode tasks with dynamic host ports. Empty: no ingress at all."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for id in var.ingress_source_security_group_ids : can(regex("^sg-[0-9a-f]+$", id))])
    error_message = "ingress_source_security_group_ids must hold security group IDs such as \"sg-0123456789abcdef0\"."
  }
}

variable "dynamic_port_range" {
  description = "Host port range the ECS agent hands out to bridge-mode containers with hostPort 0 (Amazon Linux 2023: 32768-60999 from ip_local_port_range; Docker's classic range reaches 65535)."
  type = object({
    from_port = optional(number, 32768)
    to_port   = optional(number, 65535)
  })
  default  = {}
  nullable = false

  validation {
    condition     = var.dynamic_port_range.from_port >= 1024 && var.dynamic_port_range.to_port <= 65535 && var.dynamic_port_range.from_port <= var.dynamic_port_range.to_port
    error_message = "dynamic_port_range must satisfy 1024 <= from_port <= to_port <= 65535 (never privileged ports)."
  }
}

variable "root_volume" {
  description = "Root EBS volume of each instance (always encrypted). The ECS-optimized AL2023 AMI needs at least 30 GiB."
  type = object({
    size_gib    = optional(number, 30)
    type        = optional(string, "gp3")
    kms_key_arn = optional(string)
  })
  default  = {}
  nullable = false

  validation {
    condition     = var.root_volume.size_gib >= 30 && var.root_volume.size_gib <= 16384
    error_message = "root_volume.size_gib must be between 30 and 16384 (the AMI's snapshot is 30 GiB)."
  }

  validation {
    condition     = contains(["gp2", "gp3", "io1", "io2"], var.root_volume.type)
    error_message = "root_volume.type must be gp2, gp3, io1 or io2."
  }
}

variable "detailed_monitoring" {
  description = "Enable EC2 detailed (1-minute) monitoring on the instances."
  type        = bool
  default     = true
}

variable "metadata_hop_limit" {
  description = "IMDSv2 PUT response hop limit. 1 (default) keeps bridge-mode containers, one network hop away, from reading the instance role's credentials; the ECS agent uses the host network and tasks get their own role from the ECS credentials endpoint. Raise to 2 only if a bridge-mode task truly needs instance metadata."
  type        = number
  default     = 1

  validation {
    condition     = var.metadata_hop_limit >= 1 && var.metadata_hop_limit <= 64 && floor(var.metadata_hop_limit) == var.metadata_hop_limit
    error_message = "metadata_hop_limit must be a whole number from 1 to 64."
  }
}

variable "container_insights" {
  description = "Container Insights level for the cluster: \"enabled\", \"enhanced\" or \"disabled\"."
  type        = string
  default     = "enabled"

  validation {
    condition     = contains(["enabled", "enhanced", "disabled"], var.container_insights)
    error_message = "container_insights must be \"enabled\", \"enhanced\" or \"disabled\"."
  }
}

variable "container_stop_timeout_seconds" {
  description = "ECS_CONTAINER_STOP_TIMEOUT: how long the agent waits after SIGTERM before SIGKILL. Must cover wp-init's drain (WPECS_DRAIN_TIMEOUT, 25 s by default) plus PHP-FPM's stop."
  type        = number
  default     = 40

  validation {
    condition     = var.container_stop_timeout_seconds >= 2 && var.container_stop_timeout_seconds <= 600 && floor(var.container_stop_timeout_seconds) == var.container_stop_timeout_seconds
    error_message = "container_stop_timeout_seconds must be a whole number of seconds from 2 to 600."
  }
}

variable "spot" {
  description = "Spot capacity through a mixed instances policy. enabled = false (default): on-demand only. When enabled, instance_types lists the types to draw from (instance_type is used when empty) and the agent drains tasks on a Spot interruption notice."
  type = object({
    enabled                                  = optional(bool, false)
    instance_types                           = optional(list(string), [])
    on_demand_base_capacity                  = optional(number, 0)
    on_demand_percentage_above_base_capacity = optional(number, 0)
    allocation_strategy                      = optional(string, "price-capacity-optimized")
  })
  default  = {}
  nullable = false

  validation {
    condition     = var.spot.on_demand_percentage_above_base_capacity >= 0 && var.spot.on_demand_percentage_above_base_capacity <= 100 && var.spot.on_demand_base_capacity >= 0
    error_message = "spot.on_demand_percentage_above_base_capacity must be 0-100 and spot.on_demand_base_capacity 0 or more."
  }

  validation {
    condition     = alltrue([for t in var.spot.instance_types : can(regex("^(a1|[a-z]+[0-9]+g[a-z]*)\\.", t)) == (var.architecture == "arm64")])
    error_message = "spot.instance_types must all match architecture ${var.architecture}: Graviton types (t4g, m7g, c7g...) for arm64, others for x86_64."
  }

  validation {
    condition     = contains(["price-capacity-optimized", "capacity-optimized", "capacity-optimized-prioritized", "lowest-price"], var.spot.allocation_strategy)
    error_message = "spot.allocation_strategy must be price-capacity-optimized, capacity-optimized, capacity-optimized-prioritized or lowest-price."
  }
}

variable "ecs_config" {
  description = "Extra ECS agent settings appended to /etc/ecs/ecs.config (KEY = value, keys start with ECS_). The module already sets ECS_CLUSTER, ECS_ENABLE_CONTAINER_METADATA, ECS_CONTAINER_STOP_TIMEOUT, ECS_AWSVPC_BLOCK_IMDS and, with Spot, ECS_ENABLE_SPOT_INSTANCE_DRAINING."
  type        = map(string)
  default     = {}
  nullable    = false

  validation {
    condition     = alltrue([for k, v in var.ecs_config : can(regex("^ECS_[A-Z0-9_]+$", k)) && !can(regex("[\\r\\n]", v))])
    error_message = "ecs_config keys must look like ECS_SOME_SETTING and values must be single lines."
  }

  validation {
    condition     = !contains(keys(var.ecs_config), "ECS_CLUSTER")
    error_message = "ecs_config must not set ECS_CLUSTER: the module sets it to the cluster it creates."
  }
}

variable "additional_instance_policy_arns" {
  description = "Extra IAM policy ARNs attached to the instance role (besides AmazonEC2ContainerServiceforEC2Role and AmazonSSMManagedInstanceCore)."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for a in var.additional_instance_policy_arns : can(regex("^arn:aws[a-z-]*:iam::(aws|\\d{12}):policy/.+$", a))])
    error_message = "additional_instance_policy_arns must hold IAM policy ARNs such as \"arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy\"."
  }
}

variable "default_capacity_provider_strategy" {
  description = "Default strategy of the cluster for its capacity provider: base tasks placed first, then weight."
  type = object({
    base   = optional(number, 0)
    weight = optional(number, 1)
  })
  default  = {}
  nullable = false

  validation {
    condition     = var.default_capacity_provider_strategy.base >= 0 && var.default_capacity_provider_strategy.base <= 100000 && var.default_capacity_provider_strategy.weight >= 1 && var.default_capacity_provider_strategy.weight <= 1000
    error_message = "default_capacity_provider_strategy needs base 0-100000 and weight 1-1000."
  }
}

variable "instance_refresh" {
  description = "How the Auto Scaling group replaces its instances when the launch template changes (a new ECS-optimized AMI). The refresh always keeps 100 % of the instances healthy; max_healthy_percentage is how far above the group's size it may launch replacements first (200: a whole batch at once), instance_warmup the seconds a new instance gets to boot, join the cluster and take tasks before the next batch."
  type = object({
    max_healthy_percentage = optional(number, 200)
    instance_warmup        = optional(number, 300)
  })
  default  = {}
  nullable = false

  validation {
    condition     = var.instance_refresh.max_healthy_percentage >= 110 && var.instance_refresh.max_healthy_percentage <= 200 && floor(var.instance_refresh.max_healthy_percentage) == var.instance_refresh.max_healthy_percentage
    error_message = "instance_refresh.max_healthy_percentage must be a whole number from 110 to 200: replacements are launched before old instances are drained, so there must be room above 100 %."
  }

  validation {
    condition     = var.instance_refresh.instance_warmup >= 60 && var.instance_refresh.instance_warmup <= 3600 && floor(var.instance_refresh.instance_warmup) == var.instance_refresh.instance_warmup
    error_message = "instance_refresh.instance_warmup must be a whole number of seconds from 60 to 3600."
  }
}

variable "tags" {
  description = "Tags added to every resource (merged with Name), including the instances and their volumes (launch template tag_specifications, propagated by the group): pass the environment's tags here, the provider's default_tags do not reach them."
  type        = map(string)
  default     = {}
  nullable    = false
}

variable "exec_enabled" {
  description = "ECS Exec (a shell or a command in a running task, no SSH): the cluster encrypts the sessions with a KMS key of its own and logs them to an encrypted CloudWatch log group. The service turns it on with enable_execute_command (wordpress-service input exec)."
  type        = bool
  default     = false
}

variable "exec_log_retention_days" {
  description = "Days the ECS Exec session logs are kept."
  type        = number
  default     = 365

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.exec_log_retention_days)
    error_message = "exec_log_retention_days must be a CloudWatch Logs retention (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653)."
  }
}
