variable "name" {
  description = "Name of the load balancer (also prefixes its security group and target group)."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9]([a-z0-9-]{0,22}[a-z0-9])?$", var.name)) && !startswith(var.name, "internal-")
    error_message = "name must be 1-24 characters of lowercase letters, digits and hyphens, starting and ending with a letter or digit, and not start with \"internal-\"."
  }
}

variable "vpc_id" {
  description = "ID of the VPC (network module output vpc_id)."
  type        = string

  validation {
    condition     = can(regex("^vpc-[0-9a-f]+$", var.vpc_id))
    error_message = "vpc_id must be a VPC ID such as \"vpc-0123456789abcdef0\"."
  }
}

variable "vpc_cidr" {
  description = "IPv4 CIDR of the VPC: the load balancer may send traffic only there (network module output vpc_cidr)."
  type        = string

  validation {
    condition     = can(cidrhost(var.vpc_cidr, 0)) && can(regex("^\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}/\\d{1,2}$", var.vpc_cidr))
    error_message = "vpc_cidr must be an IPv4 CIDR block such as \"10.0.0.0/16\"."
  }
}

variable "subnet_ids" {
  description = "Public subnet IDs, at least two in different AZs (network module output public_subnet_ids)."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 2
    error_message = "subnet_ids must list at least two public subnets in different AZs (an ALB requires two)."
  }
}

variable "allowed_ipv4_cidrs" {
  description = "IPv4 ranges allowed to connect on 80 and 443."
  type        = list(string)
  default     = ["0.0.0.0/0"]
  nullable    = false

  validation {
    condition     = alltrue([for c in var.allowed_ipv4_cidrs : can(cidrhost(c, 0)) && can(regex("^\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}/\\d{1,2}$", c))])
    error_message = "allowed_ipv4_cidrs must hold IPv4 CIDR blocks such as \"203.0.113.0/24\"."
  }
}

variable "allowed_ipv6_cidrs" {
  description = "IPv6 ranges allowed to connect on 80 and 443 (only reachable with ip_address_type = \"dualstack\")."
  type        = list(string)
  default     = ["::/0"]
  nullable    = false

  validation {
    condition     = alltrue([for c in var.allowed_ipv6_cidrs : can(cidrhost(c, 0)) && strcontains(c, ":")])
    error_message = "allowed_ipv6_cidrs must hold IPv6 CIDR blocks such as \"2001:db8::/32\"."
  }
}

variable "ip_address_type" {
  description = "\"ipv4\" or \"dualstack\" (needs IPv6 on the VPC and subnets)."
  type        = string
  default     = "ipv4"

  validation {
    condition     = contains(["ipv4", "dualstack"], var.ip_address_type)
    error_message = "ip_address_type must be \"ipv4\" or \"dualstack\"."
  }
}

variable "certificate_arn" {
  description = "Existing ACM certificate ARN for HTTPS. null (default): the module requests one for domain_name when route53_zone_id is given, otherwise HTTP only. With HTTPS, port 80 answers a 301 redirect to 443."
  type        = string
  default     = null

  validation {
    condition     = var.certificate_arn == null ? true : can(regex("^arn:aws[a-z-]*:(acm|iam):[a-z0-9-]*:\\d{12}:(certificate|server-certificate)/.+$", var.certificate_arn))
    error_message = "certificate_arn must be an ACM (or IAM server) certificate ARN, or null for HTTP only."
  }

  validation {
    condition     = var.domain_name == null || var.route53_zone_id != null || var.certificate_arn != null
    error_message = "domain_name needs route53_zone_id (to validate an ACM certificate and create the alias record) or certificate_arn (an existing certificate; DNS is then yours to point at the load balancer)."
  }
}

variable "domain_name" {
  description = "Domain the site is served under, e.g. \"blog.example.org\". With route53_zone_id: an alias record (A, and AAAA when dual-stack) to the load balancer, and, unless certificate_arn is given, an ACM certificate for it validated by DNS in that zone. The site URL (output url) becomes https://<domain_name>."
  type        = string
  default     = null

  validation {
    condition     = var.domain_name == null ? true : can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", var.domain_name)) && length(var.domain_name) <= 253
    error_message = "domain_name must be a lowercase DNS name such as \"blog.example.org\" (no scheme, no path, no trailing dot)."
  }
}

variable "route53_zone_id" {
  description = "Route 53 hosted zone holding domain_name: the certificate's validation records and the alias record go there. null: no DNS records."
  type        = string
  default     = null

  validation {
    condition     = var.route53_zone_id == null ? true : can(regex("^Z[A-Z0-9]{1,31}$", var.route53_zone_id))
    error_message = "route53_zone_id must be a hosted zone ID such as \"Z0123456789ABCDEFGHIJ\"."
  }

  validation {
    condition     = var.route53_zone_id == null || var.domain_name != null
    error_message = "route53_zone_id is only used with domain_name: set the domain too."
  }
}

variable "ssl_policy" {
  description = "TLS policy of the HTTPS listener (TLS 1.3 and 1.2 with modern ciphers by default)."
  type        = string
  default     = "ELBSecurityPolicy-TLS13-1-2-2021-06"

  validation {
    condition     = startswith(var.ssl_policy, "ELBSecurityPolicy-TLS13-") || startswith(var.ssl_policy, "ELBSecurityPolicy-FS-1-2-")
    error_message = "ssl_policy must be a TLS 1.2+ policy (ELBSecurityPolicy-TLS13-* or ELBSecurityPolicy-FS-1-2-*)."
  }
}

variable "access_logs" {
  description = "Access logs to S3. null (default): none. bucket null: the module creates a bucket (SSE-S3, the only encryption log delivery supports; public access blocked; objects expire after expiration_days; only ELB log delivery may write, under prefix). bucket set: an existing bucket whose policy lets the region's ELB log delivery write. force_destroy lets destroy delete a created bucket with its logs."
  type = object({
    bucket          = optional(string)
    prefix          = optional(string)
    enabled         = optional(bool, true)
    expiration_days = optional(number, 90)
    force_destroy   = optional(bool, false)
  })
  default = null

  validation {
    condition     = var.access_logs == null ? true : (var.access_logs.bucket == null || can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.access_logs.bucket)))
    error_message = "access_logs.bucket must be an S3 bucket name (3-63 lowercase letters, digits, dots, hyphens), or null for a bucket of the module's own."
  }

  validation {
    condition     = var.access_logs == null ? true : (var.access_logs.expiration_days >= 1 && var.access_logs.expiration_days <= 3650 && floor(var.access_logs.expiration_days) == var.access_logs.expiration_days)
    error_message = "access_logs.expiration_days must be a whole number of days from 1 to 3650."
  }

  validation {
    condition     = var.access_logs == null ? true : (var.access_logs.prefix == null || can(regex("^[A-Za-z0-9!_.*'()-]+(/[A-Za-z0-9!_.*'()-]+)*$", var.access_logs.prefix)))
    error_message = "access_logs.prefix must be a relative S3 key prefix without leading or trailing slash, such as \"alb\"."
  }
}

variable "deletion_protection" {
  description = "Protect the load balancer from deletion. Safe default true; set false for throw-away environments so destroy works."
  type        = bool
  default     = true
}

variable "idle_timeout" {
  description = "Seconds a connection may stay idle. The web server's keep-alive timeout must exceed it (the wordpress stack sets it to this + 5 from the base stack's lb_idle_timeout), or the load balancer reuses connections the server is closing: 502s."
  type        = number
  default     = 60

  validation {
    condition     = var.idle_timeout >= 1 && var.idle_timeout <= 4000 && floor(var.idle_timeout) == var.idle_timeout
    error_message = "idle_timeout must be a whole number of seconds from 1 to 4000."
  }
}

variable "target_type" {
  description = "\"instance\" for bridge-mode tasks on dynamic host ports (default) or \"ip\" for awsvpc tasks."
  type        = string
  default     = "instance"

  validation {
    condition     = contains(["instance", "ip"], var.target_type)
    error_message = "target_type must be \"instance\" (bridge, dynamic ports) or \"ip\" (awsvpc)."
  }
}

variable "target_port" {
  description = "Port of the targets (the container's port 80; ECS overrides it per target with dynamic host ports)."
  type        = number
  default     = 80

  validation {
    condition     = var.target_port >= 1 && var.target_port <= 65535 && floor(var.target_port) == var.target_port
    error_message = "target_port must be a port number from 1 to 65535."
  }
}

variable "deregistration_delay" {
  description = "Seconds a deregistering target keeps serving its in-flight requests before ECS stops it. 120 (default) is the longest request the image lets run (PHP-FPM's request_terminate_timeout), so no request is cut by a deployment or a scale-in; a target with nothing in flight is released at once."
  type        = number
  default     = 120

  validation {
    condition     = var.deregistration_delay >= 0 && var.deregistration_delay <= 3600 && floor(var.deregistration_delay) == var.deregistration_delay
    error_message = "deregistration_delay must be a whole number of seconds from 0 to 3600."
  }
}

variable "slow_start" {
  description = "Seconds a new target ramps up its share of requests (warms OPcache); 0 disables."
  type        = number
  default     = 0

  validation {
    condition     = var.slow_start == 0 || (var.slow_start >= 30 && var.slow_start <= 900 && floor(var.slow_start) == var.slow_start)
    error_message = "slow_start must be 0 (off) or a whole number of seconds from 30 to 900."
  }
}

variable "health_check" {
  description = "Target group health check. /healthz/app (default) is the image's deploy verification: 200 when WordPress, its plugins and theme load, 500 on a fatal error, 200 \"degraded\" when only the database is down, so a bad image fails its deployment while a database failover replaces no task. A target is healthy after healthy_threshold checks in a row (2 x 10 s) and out of rotation after unhealthy_threshold failed ones (3 x 10 s, each timing out after 5 s)."
  type = object({
    path                = optional(string, "/healthz/app")
    matcher             = optional(string, "200")
    interval            = optional(number, 10)
    timeout             = optional(number, 5)
    healthy_threshold   = optional(number, 2)
    unhealthy_threshold = optional(number, 3)
  })
  default  = {}
  nullable = false

  validation {
    condition     = startswith(var.health_check.path, "/")
    error_message = "health_check.path must start with \"/\"."
  }

  validation {
    condition     = var.health_check.interval >= 5 && var.health_check.interval <= 300 && var.health_check.timeout >= 2 && var.health_check.timeout <= 120 && var.health_check.timeout < var.health_check.interval
    error_message = "health_check needs interval 5-300 s and timeout 2-120 s, with timeout shorter than interval."
  }

  validation {
    condition     = var.health_check.healthy_threshold >= 2 && var.health_check.healthy_threshold <= 10 && var.health_check.unhealthy_threshold >= 2 && var.health_check.unhealthy_threshold <= 10
    error_message = "health_check healthy_threshold and unhealthy_threshold must each be 2-10."
  }

  validation {
    condition     = can(regex("^[0-9]{3}([,-][0-9]{3})*$", var.health_check.matcher))
    error_message = "health_check.matcher must be HTTP codes such as \"200\", \"200,204\" or \"200-299\"."
  }
}

variable "cloudfront_prefix_list_id" {
  description = "ID of the managed prefix list com.amazonaws.global.cloudfront.origin-facing: when set, the load balancer admits only CloudFront, on 443, and forwards only requests with origin_header. null (default): allowed_ipv4_cidrs/allowed_ipv6_cidrs."
  type        = string
  default     = null

  validation {
    condition     = var.cloudfront_prefix_list_id == null || (var.origin_header != null && (var.certificate_arn != null || (var.domain_name != null && var.route53_zone_id != null)))
    error_message = "cloudfront_prefix_list_id (CloudFront in front) needs HTTPS on the load balancer (certificate_arn, or domain_name with route53_zone_id) and origin_header."
  }
}

variable "origin_header" {
  description = "Secret header CloudFront adds ({ name, value }): with cloudfront_prefix_list_id, the HTTPS listener forwards only requests carrying it and answers others 403. Sensitive; never an output."
  type = object({
    name  = string
    value = string
  })
  default   = null
  sensitive = true
}

variable "tags" {
  description = "Tags added to every resource (merged with Name)."
  type        = map(string)
  default     = {}
  nullable    = false
}
