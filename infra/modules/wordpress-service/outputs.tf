output "service_name" {
  description = "Name of the ECS service."
  value       = aws_ecs_service.this.name
}

output "service_id" {
  description = "ARN of the ECS service."
  value       = aws_ecs_service.this.id
}

output "task_definition_arn" {
  description = "ARN (with revision) of the task definition the service runs."
  value       = aws_ecs_task_definition.this["web"].arn
}

output "task_family" {
  description = "Family of the task definition."
  value       = aws_ecs_task_definition.this["web"].family
}

output "image" {
  description = "Image reference in the task definition (repository_url:image_tag)."
  value       = local.image
}

output "container_name" {
  description = "Name of the WordPress container (for ECS Exec: aws ecs execute-command --container ...)."
  value       = local.container_name
}

output "log_group_name" {
  description = "CloudWatch Logs group of the containers."
  value       = aws_cloudwatch_log_group.this.name
}

output "execution_role_arn" {
  description = "ARN of the task execution role (pull, logs, secrets)."
  value       = aws_iam_role.execution.arn
}

output "task_role_arn" {
  description = "ARN of the task role (EFS through the access point, ECS Exec)."
  value       = aws_iam_role.task.arn
}

output "admin_secret_arn" {
  description = "Secret holding the first install's administrator password (JSON keys \"username\", \"password\"): read it once, log in, change the password in WordPress."
  value       = aws_secretsmanager_secret.admin.arn
}

output "image_min_memory_mb" {
  description = "Smallest task memory the image works in, from image_memory (what the image label org.wpecs.memory.min-mb states)."
  value       = local.image_min_memory_mb
}

output "container_definitions" {
  description = "The task's container definitions (JSON): environment, secret references (ARNs, never values), limits."
  value       = aws_ecs_task_definition.this["web"].container_definitions
}

output "container_environment" {
  description = "Environment of the wordpress container, variable name => value, as the task definition sets it: plain settings only, never a credential (those are in container_secrets)."
  value       = local.environment
}

output "container_secrets" {
  description = "Secrets of the wordpress container, variable name => the reference ECS resolves when it starts a task (\"<Secrets Manager secret ARN>:<JSON key>::\"): where each value is, never the value."
  value       = local.secrets
}

output "execution_role_policy" {
  description = "Policy of the execution role (JSON): what ECS may read and pull for the tasks."
  value       = aws_iam_role_policy.execution.policy
}

output "timeouts" {
  description = "How the service's timeouts fit together (C1, C4, C5): the ALB's idle timeout, deregistration delay and health check path as given, Apache's keep-alive, the longest request, wp-init's drain and the container's stop timeout, in seconds."
  value = {
    lb_idle_timeout         = var.lb_idle_timeout
    keepalive_timeout       = var.lb_idle_timeout + 5
    lb_deregistration_delay = var.lb_deregistration_delay
    lb_health_check_path    = var.lb_health_check_path
    request_timeout         = var.request_timeout
    drain_timeout           = var.stop_timeout - 5
    stop_timeout            = var.stop_timeout
  }
}

output "task_role_policy" {
  description = "Policy of the task role (JSON): EFS through the access point, and ECS Exec's channels, key and session log when exec is set."
  value       = aws_iam_role_policy.task.policy
}

output "cron_schedule_arn" {
  description = "ARN of the EventBridge Scheduler schedule that starts `wp-init cron` every minute; null when cron_external is off."
  value       = try(aws_scheduler_schedule.cron[0].arn, null)
}

output "cron_task_definition_arn" {
  description = "ARN (with revision) of the one-off cron task definition; null when cron_external is off."
  value       = try(aws_ecs_task_definition.this["cron"].arn, null)
}

output "architecture" {
  description = "CPU architecture the tasks run on (the task definition's runtime platform): x86_64 or arm64."
  value       = lower(one(aws_ecs_task_definition.this["web"].runtime_platform).cpu_architecture)
}
