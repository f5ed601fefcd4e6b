# Everything the wordpress stack reads through terraform_remote_state.

output "project" {
  description = "Project name."
  value       = var.project
}

output "environment" {
  description = "Environment name."
  value       = var.environment
}

output "region" {
  description = "Region of the stack."
  value       = var.region
}

output "name" {
  description = "Common name prefix of the environment's resources."
  value       = local.name
}

output "azs" {
  description = "Availability zones in use."
  value       = local.azs
}

output "vpc_id" {
  description = "ID of the VPC."
  value       = module.network.vpc_id
}

output "public_subnet_ids" {
  description = "Public subnets (load balancer)."
  value       = module.network.public_subnet_ids
}

output "lb_subnet_cidrs" {
  description = "Address ranges the load balancer's nodes connect from: the only proxies the web server may take a client address (X-Forwarded-For) from."
  value       = module.network.public_subnet_cidrs
}

output "private_subnet_ids" {
  description = "Private subnets (instances, tasks, EFS, database)."
  value       = module.network.private_subnet_ids
}

output "nat_gateway_ids" {
  description = "NAT gateways."
  value       = module.network.nat_gateway_ids
}

output "architecture" {
  description = "CPU architecture of the container instances (x86_64 or arm64): the wordpress stack runs the image built for it."
  value       = module.ecs_cluster.architecture
}

output "network_mode" {
  description = "Task network mode the load balancer and security groups were built for."
  value       = var.network_mode
}

output "task_security_group_ids" {
  description = "Security groups for awsvpc tasks (empty in bridge mode)."
  value       = aws_security_group.tasks[*].id
}

output "cluster_arn" {
  description = "ARN of the ECS cluster."
  value       = module.ecs_cluster.cluster_arn
}

output "cluster_name" {
  description = "Name of the ECS cluster."
  value       = module.ecs_cluster.cluster_name
}

output "capacity_provider_name" {
  description = "Capacity provider of the cluster."
  value       = module.ecs_cluster.capacity_provider_name
}

output "alb_dns_name" {
  description = "DNS name of the load balancer."
  value       = module.load_balancer.alb_dns_name
}

output "alb_arn_suffix" {
  description = "ARN suffix of the load balancer (metrics, request-count scaling)."
  value       = module.load_balancer.alb_arn_suffix
}

output "target_group_arn" {
  description = "Target group of the WordPress service."
  value       = module.load_balancer.target_group_arn
}

output "target_group_arn_suffix" {
  description = "ARN suffix of the target group (metrics, request-count scaling)."
  value       = module.load_balancer.target_group_arn_suffix
}

output "url" {
  description = "URL of the site: through CloudFront (https://<domain_name>) when cdn_enabled, otherwise through the load balancer."
  value       = var.cdn_enabled ? module.cdn[0].url : module.load_balancer.url
}

output "site_url" {
  description = "The site's URL as WordPress must know it (WORDPRESS_SITE_URL): https://<domain_name> with a domain (served by CloudFront when cdn_enabled), otherwise the load balancer's name."
  value       = var.cdn_enabled ? module.cdn[0].url : module.load_balancer.url
}

output "cdn_distribution_id" {
  description = "CloudFront distribution in front of the load balancer (invalidations), null without cdn_enabled."
  value       = one(module.cdn[*].distribution_id)
}

output "web_acl_arn" {
  description = "AWS WAF web ACL protecting the site (on CloudFront or the load balancer), null without waf_enabled."
  value       = var.waf_enabled ? (var.cdn_enabled ? module.waf_cloudfront[0].web_acl_arn : module.waf_regional[0].web_acl_arn) : null
}

output "lb_idle_timeout" {
  description = "Idle timeout of the load balancer in seconds; the web server's keep-alive timeout must exceed it (WPECS_KEEPALIVE_TIMEOUT = this + 5)."
  value       = module.load_balancer.idle_timeout
}

output "lb_health_check_path" {
  description = "Path the load balancer's target group checks; the wordpress stack requires /healthz/app (deploy verification)."
  value       = module.load_balancer.health_check_path
}

output "lb_deregistration_delay" {
  description = "Deregistration delay of the target group in seconds (in-flight requests finish within it)."
  value       = module.load_balancer.deregistration_delay
}

output "certificate_arn" {
  description = "Certificate of the HTTPS listener, null without HTTPS."
  value       = module.load_balancer.certificate_arn
}

output "alb_access_logs_bucket" {
  description = "S3 bucket of the load balancer's access logs, null when they are off."
  value       = module.load_balancer.access_logs_bucket
}

output "flow_log_group_name" {
  description = "CloudWatch Logs group of the VPC flow logs, null when they are off."
  value       = module.network.flow_log_group_name
}

output "efs_file_system_id" {
  description = "EFS file system of the shared files."
  value       = module.efs.file_system_id
}

output "efs_file_system_arn" {
  description = "ARN of the EFS file system."
  value       = module.efs.file_system_arn
}

output "efs_access_point_id" {
  description = "EFS access point the tasks mount."
  value       = module.efs.access_point_id
}

output "efs_access_point_arn" {
  description = "ARN of the EFS access point."
  value       = module.efs.access_point_arn
}

output "db_address" {
  description = "Host name of the database."
  value       = module.database.address
}

output "db_port" {
  description = "Port of the database."
  value       = module.database.port
}

output "db_name" {
  description = "Name of the WordPress database."
  value       = module.database.db_name
}

output "db_secret_arn" {
  description = "WordPress's own database secret (user name and password, rotated with alternating users); never the RDS master secret."
  value       = module.database.app_secret_arn
}

output "cache_host" {
  description = "Primary endpoint of the object cache (WPECS_REDIS_HOST); null when cache_enabled is false."
  value       = var.cache_enabled ? module.cache[0].host : null
}

output "cache_port" {
  description = "Port of the object cache (WPECS_REDIS_PORT); null when cache_enabled is false."
  value       = var.cache_enabled ? module.cache[0].port : null
}

output "cache_secret_arn" {
  description = "Secret with the object cache's AUTH token (JSON key auth_token); null when cache_enabled is false."
  value       = var.cache_enabled ? module.cache[0].auth_secret_arn : null
}

output "db_instance_id" {
  description = "RDS instance identifier."
  value       = module.database.instance_id
}

output "repository_url" {
  description = "ECR repository to push the image to (make build PUSH=1)."
  value       = module.registry.repository_url
}

output "repository_arn" {
  description = "ARN of the ECR repository."
  value       = module.registry.repository_arn
}

output "repository_name" {
  description = "Name of the ECR repository."
  value       = module.registry.repository_name
}

output "repository_owned" {
  description = "true when this environment owns the repository (images are built into it), false when it deploys from another environment's."
  value       = module.registry.owned
}

output "mail" {
  description = "SMTP settings for the service (host, port, tls, from, secret_arn with JSON keys username and password); null when mail_enabled is false."
  value       = var.mail_enabled ? module.mail[0].container_settings : null
}

output "mail_identity_arn" {
  description = "ARN of the SES domain identity; null when mail_enabled is false."
  value       = var.mail_enabled ? module.mail[0].identity_arn : null
}

output "exec_enabled" {
  description = "Whether ECS Exec is set up on the cluster (the wordpress stack enables it on the service)."
  value       = module.ecs_cluster.exec_enabled
}

output "exec_kms_key_arn" {
  description = "KMS key encrypting ECS Exec sessions and their log, null without exec_enabled."
  value       = module.ecs_cluster.exec_kms_key_arn
}

output "exec_log_group_name" {
  description = "CloudWatch log group of the ECS Exec sessions (encrypted), null without exec_enabled."
  value       = module.ecs_cluster.exec_log_group_name
}

output "exec_log_group_arn" {
  description = "ARN of the ECS Exec session log group, null without exec_enabled."
  value       = module.ecs_cluster.exec_log_group_arn
}

output "alarm_topic_arn" {
  description = "SNS topic (KMS-encrypted) every alarm notifies; null when alarms are off. Modules that alarm take it as alarm_topic_arn."
  value       = module.monitoring.topic_arn
}

output "deployment_alarm_names" {
  description = "CloudWatch alarms the service's deployments watch for their alarm-based rollback (the wordpress stack reads them); empty when alarms are off."
  value       = module.monitoring.deployment_alarm_names
}

output "dashboard_name" {
  description = "CloudWatch dashboard of the environment; null when alarms are off."
  value       = module.monitoring.dashboard_name
}

output "backup_vault_name" {
  description = "AWS Backup vault of the database and files; null when backups are off."
  value       = module.backup.vault_name
}

output "backup_role_arn" {
  description = "Role AWS Backup uses (make restore-aws passes it to StartRestoreJob); null when backups are off."
  value       = module.backup.role_arn
}

output "backup_copy_vault_arn" {
  description = "Vault in backup_copy_region receiving the copies; null without a copy."
  value       = module.backup_copy.vault_arn
}

output "db_instance_arn" {
  description = "ARN of the RDS instance (what the backup plan selects)."
  value       = module.database.instance_arn
}
