variable "project" {
  description = "Project name: the Project tag and the prefix of every resource name."
  type        = string
  default     = "wpecs"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,11}$", var.project))
    error_message = "project must be 2-12 lowercase letters, digits or hyphens, starting with a letter (names built from it have length limits)."
  }
}

variable "environment" {
  description = "Environment name (dev, prod, test, ...): the Environment tag and the suffix of resource names."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9]{1,9}$", var.environment))
    error_message = "environment must be 2-10 lowercase letters or digits, starting with a letter (e.g. dev, prod)."
  }
}

variable "region" {
  description = "AWS region to deploy into, e.g. \"eu-west-1\"."
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

# --- network -----------------------------------------------------------------

variable "az_count" {
  description = "How many availability zones to use, taken in name order from the region's available AZs (ignored when azs is given)."
  type        = number
  default     = 3

  validation {
    condition     = var.az_count >= 2 && var.az_count <= 6 && floor(var.az_count) == var.az_count
    error_message = "az_count must be a whole number from 2 to 6 (the load balancer needs two AZs)."
  }

  validation {
    condition     = var.environment != "prod" || (length(var.azs) > 0 ? length(var.azs) : var.az_count) >= 3
    error_message = "prod spreads over at least 3 availability zones (az_count or azs), so losing one AZ leaves two."
  }
}

variable "azs" {
  description = "Explicit availability zones; empty (default) takes az_count from the region."
  type        = list(string)
  default     = []
  nullable    = false
}

variable "vpc_cidr" {
  description = "IPv4 CIDR block of the VPC."
  type        = string
  default     = "10.0.0.0/16"
}

variable "flow_logs_enabled" {
  description = "VPC flow logs (all traffic) to CloudWatch Logs, kept log_retention_days."
  type        = bool
  default     = false

  validation {
    condition     = var.environment != "prod" || var.flow_logs_enabled
    error_message = "prod records VPC flow logs (flow_logs_enabled = true)."
  }
}

variable "log_retention_days" {
  description = "Days VPC flow logs and load balancer access logs are kept."
  type        = number
  default     = 90
}

variable "single_nat_gateway" {
  description = "One NAT gateway for all AZs (cheaper, one AZ's failure cuts outbound traffic) instead of one per AZ."
  type        = bool
  default     = false

  validation {
    condition     = var.environment != "prod" || !var.single_nat_gateway
    error_message = "prod has one NAT gateway per AZ (single_nat_gateway = false): a shared one cuts every AZ's outbound traffic when its AZ fails."
  }
}

# --- compute -----------------------------------------------------------------

variable "network_mode" {
  description = "Task networking: \"bridge\" (dynamic host ports, ALB targets are instances) or \"awsvpc\" (one ENI per task, ALB targets are IPs, a task security group)."
  type        = string
  default     = "bridge"

  validation {
    condition     = contains(["bridge", "awsvpc"], var.network_mode)
    error_message = "network_mode must be \"bridge\" or \"awsvpc\"."
  }
}

variable "architecture" {
  description = "CPU architecture of the container instances and so of the image: x86_64, or arm64 (Graviton instance types such as t4g/m7g/c7g, the arm64 ECS-optimized AMI; the image from `make build ARCH=arm64`, tagged <version>-arm64). The wordpress stack reads it from this stack's outputs and refuses an image tag of the other architecture."
  type        = string
  default     = "x86_64"
}

variable "instance_type" {
  description = "EC2 instance type of the container instances (a Graviton type when architecture is arm64)."
  type        = string
  default     = "t3.medium"
}

variable "cluster_min_size" {
  description = "Minimum number of container instances."
  type        = number
  default     = 2
}

variable "cluster_max_size" {
  description = "Maximum number of container instances (leave room for a rolling deploy at 200 %)."
  type        = number
  default     = 6
}

variable "ami_ssm_parameter_name" {
  description = "Public SSM parameter with the ECS-optimized AMI ID. null (default): Amazon Linux 2023's recommended one for architecture."
  type        = string
  default     = null
}

# --- load balancer -------------------------------------------------------------

variable "certificate_arn" {
  description = "Existing ACM certificate for HTTPS on the load balancer. null: one is requested for domain_name when route53_zone_id is given, otherwise HTTP only (not allowed in prod)."
  type        = string
  default     = null

  validation {
    condition     = var.environment != "prod" || var.certificate_arn != null || (var.domain_name != null && var.route53_zone_id != null)
    error_message = "prod serves HTTPS only: set domain_name and route53_zone_id (an ACM certificate is requested and validated in that Route 53 zone) or certificate_arn (an existing certificate) in infra/envs/prod/base.tfvars."
  }
}

variable "domain_name" {
  description = "Domain of the site, e.g. \"blog.example.org\": alias record to the load balancer (with route53_zone_id), certificate for it, and the site URL (https://<domain_name>) WordPress is told."
  type        = string
  default     = null
}

variable "route53_zone_id" {
  description = "Route 53 hosted zone of domain_name (certificate validation and alias records)."
  type        = string
  default     = null
}

variable "idle_timeout" {
  description = "Load balancer idle timeout in seconds: the one setting the web server's keep-alive timeout is derived from (the wordpress stack sets it to this + 5 through lb_idle_timeout)."
  type        = number
  default     = 60
}

variable "deregistration_delay" {
  description = "Seconds a deregistering task keeps serving its in-flight requests; at least the longest request the image lets run (PHP-FPM's request_terminate_timeout, 120 s)."
  type        = number
  default     = 120
}

variable "alb_access_logs_enabled" {
  description = "Load balancer access logs to an S3 bucket created for them (encrypted, private, expiring after log_retention_days)."
  type        = bool
  default     = false

  validation {
    condition     = var.environment != "prod" || var.alb_access_logs_enabled
    error_message = "prod keeps load balancer access logs (alb_access_logs_enabled = true)."
  }
}

variable "allowed_ipv4_cidrs" {
  description = "IPv4 ranges allowed to reach the load balancer."
  type        = list(string)
  default     = ["0.0.0.0/0"]
  nullable    = false
}

variable "alb_deletion_protection" {
  description = "Protect the load balancer from deletion."
  type        = bool
  default     = true
}

# --- database ----------------------------------------------------------------

variable "db_engine" {
  description = "\"mariadb\" or \"mysql\"."
  type        = string
  default     = "mariadb"
}

variable "db_engine_version" {
  description = "Engine version (e.g. \"10.11\" for MariaDB, \"8.0\" for MySQL)."
  type        = string
  default     = "10.11"
}

variable "db_instance_class" {
  description = "RDS instance class."
  type        = string
  default     = "db.t4g.small"
}

variable "db_allocated_storage" {
  description = "Initial database storage in GiB."
  type        = number
  default     = 20
}

variable "db_multi_az" {
  description = "Standby in a second AZ with automatic failover."
  type        = bool
  default     = true

  validation {
    condition     = var.environment != "prod" || var.db_multi_az
    error_message = "prod keeps a Multi-AZ database (db_multi_az = true)."
  }
}

variable "db_backup_retention_period" {
  description = "Days of automated database backups."
  type        = number
  default     = 7

  validation {
    condition     = var.environment != "prod" || var.db_backup_retention_period >= 7
    error_message = "prod keeps at least 7 days of database backups (db_backup_retention_period)."
  }
}

variable "db_deletion_protection" {
  description = "Refuse to delete the database until turned off."
  type        = bool
  default     = true

  validation {
    condition     = var.environment != "prod" || var.db_deletion_protection
    error_message = "prod keeps deletion protection on the database (db_deletion_protection = true)."
  }
}

variable "db_skip_final_snapshot" {
  description = "Delete the database without a final snapshot."
  type        = bool
  default     = false

  validation {
    condition     = var.environment != "prod" || !var.db_skip_final_snapshot
    error_message = "prod takes a final snapshot before the database is deleted (db_skip_final_snapshot = false)."
  }
}

variable "db_performance_insights" {
  description = "Performance Insights on the database (not on the smallest classes)."
  type        = bool
  default     = false
}

# --- object cache ----------------------------------------------------------------

variable "cache_enabled" {
  description = "An ElastiCache (Valkey) replication group as WordPress's persistent object cache (the cache module), shared by every task. false (default): WordPress's per-request cache."
  type        = bool
  default     = false
}

variable "cache_node_type" {
  description = "Node type of the object cache."
  type        = string
  default     = "cache.t4g.micro"
}

variable "cache_multi_az" {
  description = "A replica in a second AZ with automatic failover (two nodes instead of one)."
  type        = bool
  default     = false

  validation {
    condition     = var.environment != "prod" || !var.cache_enabled || var.cache_multi_az
    error_message = "prod keeps a Multi-AZ object cache (cache_multi_az = true) when cache_enabled."
  }
}

# --- files and images ----------------------------------------------------------

variable "efs_backup_enabled" {
  description = "EFS's own automatic daily backups of the shared files (AWS Backup's default plan and vault); ignored when backup_enabled, whose plan covers the files."
  type        = bool
  default     = true
}

variable "image_repository" {
  description = "Where the image comes from. One environment owns the repository (create = true, the default; name defaults to <project>/<environment>/wordpress) and the images are built and pushed into it; the others read it (create = false, name of the owner's repository, registry_id of its account when that is another one) and deploy the tags promoted to them: the same digests. pull_account_ids (owner only): the accounts of the other environments."
  type = object({
    create           = optional(bool, true)
    name             = optional(string)
    registry_id      = optional(string)
    pull_account_ids = optional(list(string), [])
  })
  default  = {}
  nullable = false

  validation {
    condition     = var.image_repository.create || var.image_repository.name != null
    error_message = "image_repository.name must name the shared repository when create = false (e.g. \"wpecs/prod/wordpress\")."
  }
}

variable "ecr_force_delete" {
  description = "Let destroy delete the image repository while it still holds images."
  type        = bool
  default     = false
}

variable "ecr_keep_tagged_images" {
  description = "How many tagged images the repository keeps (its owner's setting): the rollback window of every environment deploying from it."
  type        = number
  default     = 30
}

# --- mail ----------------------------------------------------------------------

variable "mail_enabled" {
  description = "Send WordPress's mail through Amazon SES: a domain identity for mail_domain with Easy DKIM and a custom MAIL FROM (records in the Route 53 zone), SMTP credentials in Secrets Manager, passed to the service. false: PHP's mail() in the container, which reaches nobody on ECS."
  type        = bool
  default     = false

  validation {
    condition     = !var.mail_enabled || (coalesce(var.mail_domain, var.domain_name, "-") != "-" && coalesce(var.mail_route53_zone_id, var.route53_zone_id, "-") != "-")
    error_message = "mail_enabled needs the domain to send from (mail_domain, or domain_name) and its Route 53 zone (mail_route53_zone_id, or route53_zone_id)."
  }
}

variable "mail_domain" {
  description = "Domain WordPress sends mail from (the SES identity, From wordpress@<domain>), e.g. \"example.org\" for a site at www.example.org. null: domain_name."
  type        = string
  default     = null
}

variable "mail_route53_zone_id" {
  description = "Route 53 hosted zone of mail_domain (DKIM, MAIL FROM MX and SPF records). null: route53_zone_id."
  type        = string
  default     = null
}

# --- edge: CloudFront and WAF ---------------------------------------------------

variable "cdn_enabled" {
  description = "CloudFront in front of the load balancer, caching what contract C7 allows (local/lb/cache-rules): the load balancer then admits only CloudFront (its managed prefix list) with a secret origin header, and domain_name points at CloudFront. Needs HTTPS: domain_name and route53_zone_id (certificates for domain_name in us-east-1 and for origin.<domain_name> on the load balancer are requested there)."
  type        = bool
  default     = false

  validation {
    condition     = !var.cdn_enabled || (var.domain_name != null && var.route53_zone_id != null)
    error_message = "cdn_enabled needs HTTPS: set domain_name and route53_zone_id (CloudFront serves only HTTPS, with a us-east-1 certificate for domain_name, and reaches the load balancer over HTTPS at origin.<domain_name>)."
  }
}

variable "cdn_page_ttl" {
  description = "Seconds CloudFront keeps a page WordPress says nothing about (the local load balancer keeps 10)."
  type        = number
  default     = 10
}

variable "cdn_price_class" {
  description = "CloudFront price class: PriceClass_100 (North America, Europe), PriceClass_200 or PriceClass_All."
  type        = string
  default     = "PriceClass_100"
}

variable "waf_enabled" {
  description = "AWS WAF with the managed common, known-bad-inputs, PHP and WordPress rule groups and a rate limit on wp-login.php and xmlrpc.php: on CloudFront when cdn_enabled, otherwise on the load balancer."
  type        = bool
  default     = false
}

variable "waf_login_rate_limit" {
  description = "Requests one address may send to wp-login.php and xmlrpc.php in 5 minutes before WAF blocks it."
  type        = number
  default     = 100
}

# --- hands-on access -------------------------------------------------------------

variable "exec_enabled" {
  description = "ECS Exec into running tasks (make shell / make wp ENV=...), the only way in besides Session Manager to the instances: sessions encrypted with the cluster's KMS key and logged to an encrypted log group. The wordpress stack turns it on for the service from this stack's outputs."
  type        = bool
  default     = false
}

# --- operations ----------------------------------------------------------------

variable "alarms_enabled" {
  description = "SNS topic (KMS-encrypted), CloudWatch alarms, EventBridge rules for ECS failures and a dashboard (modules/monitoring). A few dollars a month."
  type        = bool
  default     = true

  validation {
    condition     = var.environment != "prod" || var.alarms_enabled
    error_message = "prod has alarms (alarms_enabled = true): nobody learns otherwise that the site is down."
  }
}

variable "alarm_email" {
  description = "E-mail address subscribed to the alarm topic (confirmed once by a link AWS sends); null: none. Needs alarms_enabled."
  type        = string
  default     = null

  validation {
    condition     = var.alarm_email == null || var.alarms_enabled
    error_message = "alarm_email is set but alarms_enabled = false: there is no alarm topic to subscribe it to; turn alarms on or remove alarm_email."
  }
}

variable "alarm_thresholds" {
  description = "Alarm thresholds, each optional: see modules/monitoring/README.md for the names and defaults."
  type        = any
  default     = {}
  nullable    = false
}

variable "backup_enabled" {
  description = "AWS Backup plan of the database and the shared files: daily, into a vault with its own KMS key, kept backup_retention_days, optionally copied to backup_copy_region (modules/backup). The restore path: make restore-aws."
  type        = bool
  default     = true

  validation {
    condition     = var.environment != "prod" || var.backup_enabled
    error_message = "prod backs up its database and files with AWS Backup (backup_enabled = true)."
  }
}

variable "backup_retention_days" {
  description = "Days each daily recovery point is kept."
  type        = number
  default     = 35
}

variable "backup_copy_region" {
  description = "Second region each recovery point is copied to (a vault with its own key there); null: no copy."
  type        = string
  default     = null

  validation {
    condition     = var.backup_copy_region == null || var.backup_copy_region != var.region
    error_message = "backup_copy_region is the region being backed up: a copy must go to a second region (or set it to null)."
  }

  validation {
    condition     = var.backup_copy_region == null || can(regex("^[a-z]{2}(-gov)?-[a-z]+-\\d$", coalesce(var.backup_copy_region, "x")))
    error_message = "backup_copy_region must be an AWS region name such as \"eu-central-1\"."
  }
}

variable "backup_copy_retention_days" {
  description = "Days a copy is kept in backup_copy_region; null: backup_retention_days."
  type        = number
  default     = null
}

variable "efs_import_file_system_id" {
  description = "An existing file system this environment adopts as its own instead of creating one (an import on the next apply): make restore-aws sets it to the file system AWS Backup restored. null: a new file system."
  type        = string
  default     = null
  validation {
    condition     = var.efs_import_file_system_id == null || can(regex("^fs-[0-9a-f]{8,40}$", var.efs_import_file_system_id))
    error_message = "efs_import_file_system_id must be a file system ID like fs-0123456789abcdef0, or null."
  }
}

variable "efs_access_point_path" {
  description = "Directory of the file system the tasks mount (wp-content's parent). A restored file system holds the files under /aws-backup-restore_<time>/wordpress (AWS Backup never restores to the root): make restore-aws writes that path with FILES_PATH."
  type        = string
  default     = "/wordpress"
}

variable "db_snapshot_identifier" {
  description = "Start the database from this snapshot or RDS recovery point instead of empty (written by make restore-aws into a new environment's tfvars). null: a new database."
  type        = string
  default     = null
}
