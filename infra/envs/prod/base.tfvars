# prod: three AZs with a NAT gateway each, a Multi-AZ database that cannot be
# deleted by accident, a week of backups. Region: AWS_REGION.
environment = "prod"

az_count           = 3
single_nat_gateway = false

# x86_64: the image tested in dev and promoted here (see dev's base.tfvars
# for moving both to Graviton together).
architecture     = "x86_64"
instance_type    = "t3.medium"
cluster_min_size = 3
cluster_max_size = 9

alb_deletion_protection = true

# Load balancer timing: the web server's keep-alive is derived from
# idle_timeout (the wordpress stack sets it to lb_idle_timeout + 5), and the
# deregistration delay covers the longest request PHP-FPM lets run (120 s).
idle_timeout         = 60
deregistration_delay = 120

# HTTPS only (a rule of the stack). PLACEHOLDERS: put your domain and the ID
# of the Route 53 hosted zone that holds it (an ACM certificate is requested
# and validated there, and an alias record points the domain at the load
# balancer), or set certificate_arn to an existing certificate instead.
domain_name     = "www.example.com"
route53_zone_id = "Z0000000000000000000"

# Flow logs and load balancer access logs (a rule of the stack), 90 days.
flow_logs_enabled       = true
alb_access_logs_enabled = true
log_retention_days      = 90

db_instance_class          = "db.m7g.large"
db_allocated_storage       = 50
db_multi_az                = true
db_backup_retention_period = 14
db_deletion_protection     = true
db_skip_final_snapshot     = false
db_performance_insights    = true

# Alarms (a rule of the stack) to an encrypted SNS topic. PLACEHOLDER: the
# address that receives them (confirm the link AWS mails once), or null and
# subscribe a pager to the base output alarm_topic_arn.
alarms_enabled = true
alarm_email    = "ops@example.com"

# AWS Backup of the database and the files (a rule of the stack): daily,
# 35 days, in a vault with its own key; EFS's own automatic backups are then
# redundant and off. Set backup_copy_region (another region than AWS_REGION)
# for a copy that survives the loss of the region.
backup_enabled        = true
backup_retention_days = 35
# backup_copy_region  = "eu-central-1"
efs_backup_enabled = false

# prod owns the image repository (wpecs/prod/wordpress) that dev builds
# into; promoted tags are the digests tested in dev. Rollback window: the
# last 50 tagged images pushed. Other environments in other accounts:
# image_repository = { pull_account_ids = ["<their account>"] }.
ecr_force_delete       = false
ecr_keep_tagged_images = 50

# The object cache: ElastiCache (Valkey), a replica in a second AZ with failover.
cache_enabled   = true
cache_node_type = "cache.t4g.small"
cache_multi_az  = true

# The edge: CloudFront in front of the load balancer (which then admits only
# CloudFront, with a secret header) and AWS WAF on CloudFront. The domain
# above points at CloudFront; the load balancer answers as origin.<domain>.
cdn_enabled = true
waf_enabled = true

# ECS Exec (make shell / make wp ENV=prod): sessions encrypted and logged.
exec_enabled = true

# Mail through SES: identity for the domain (Easy DKIM, MAIL FROM
# bounce.<domain>) with its records in route53_zone_id. PLACEHOLDER: the
# domain WordPress sends from. A new account's SES is in its sandbox until
# AWS grants production access (SES console).
mail_enabled = true
mail_domain  = "example.com"
