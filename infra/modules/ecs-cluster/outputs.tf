output "cluster_name" {
  description = "Name of the ECS cluster."
  value       = aws_ecs_cluster.this.name
}

output "cluster_arn" {
  description = "ARN of the ECS cluster (use as the service's cluster)."
  value       = aws_ecs_cluster.this.arn
}

output "capacity_provider_name" {
  description = "Name of the capacity provider backed by the Auto Scaling group (use in the service's capacity_provider_strategy)."
  value       = aws_ecs_capacity_provider.this.name
}

output "instance_security_group_id" {
  description = "Security group of the container instances (allow it as a source on EFS/RDS; bridge-mode tasks use it)."
  value       = aws_security_group.instances.id
}

output "asg_name" {
  description = "Name of the Auto Scaling group."
  value       = aws_autoscaling_group.this.name
}

output "asg_arn" {
  description = "ARN of the Auto Scaling group."
  value       = aws_autoscaling_group.this.arn
}

output "instance_role_arn" {
  description = "ARN of the IAM role of the container instances."
  value       = aws_iam_role.instance.arn
}

output "instance_role_name" {
  description = "Name of the IAM role of the container instances (to attach more policies)."
  value       = aws_iam_role.instance.name
}

output "launch_template_id" {
  description = "ID of the launch template of the container instances."
  value       = aws_launch_template.this.id
}

output "instance_tags" {
  description = "Tags the instances and their root volumes are launched with, by resource type (instance, volume)."
  value       = tomap({ for ts in aws_launch_template.this.tag_specifications : ts.resource_type => ts.tags })
}

output "exec_enabled" {
  description = "Whether ECS Exec is set up on the cluster (the service's enable_execute_command follows it)."
  value       = var.exec_enabled
}

output "exec_kms_key_arn" {
  description = "KMS key of the ECS Exec sessions and their log; the task role needs kms:Decrypt on it. null without exec_enabled."
  value       = one(module.exec_key[*].arn)
}

output "exec_log_group_name" {
  description = "CloudWatch log group of the ECS Exec sessions (encrypted), null without exec_enabled."
  value       = one(aws_cloudwatch_log_group.exec[*].name)
}

output "exec_log_group_arn" {
  description = "ARN of the ECS Exec session log group; the task role writes it. null without exec_enabled."
  value       = one(aws_cloudwatch_log_group.exec[*].arn)
}

output "container_insights" {
  description = "Container Insights level of the cluster (\"disabled\": no ECS/ContainerInsights metrics)."
  value       = var.container_insights
}

output "architecture" {
  description = "CPU architecture of the container instances (x86_64 or arm64): pass it to the wordpress-service module's architecture, which checks the image against it."
  value       = var.architecture
}
