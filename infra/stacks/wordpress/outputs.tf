output "url" {
  description = "URL of the site."
  value       = local.base.url
}

output "service_name" {
  description = "Name of the ECS service."
  value       = module.wordpress.service_name
}

output "cluster_name" {
  description = "ECS cluster of the service (for aws ecs execute-command --cluster)."
  value       = local.base.cluster_name
}

output "task_definition_arn" {
  description = "Task definition now deployed."
  value       = module.wordpress.task_definition_arn
}

output "image" {
  description = "Image now deployed."
  value       = module.wordpress.image
}

output "log_group_name" {
  description = "CloudWatch Logs group of the containers."
  value       = module.wordpress.log_group_name
}

output "admin_secret_arn" {
  description = "Secret with the first install's administrator password: aws secretsmanager get-secret-value --secret-id <arn>, log in, change it."
  value       = module.wordpress.admin_secret_arn
}

output "container_name" {
  description = "Name of the WordPress container in the task (aws ecs execute-command --container; make shell ENV=...)."
  value       = module.wordpress.container_name
}

output "exec_enabled" {
  description = "Whether the service accepts ECS Exec (make shell / make wp ENV=...)."
  value       = local.exec != null
}

output "cron_task_definition_arn" {
  description = "The one-off cron task definition the schedule starts (null when cron_external is off)."
  value       = module.wordpress.cron_task_definition_arn
}
