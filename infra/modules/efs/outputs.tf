output "file_system_id" {
  description = "ID of the file system (the task definition's efs_volume_configuration.file_system_id)."
  value       = aws_efs_file_system.this.id
}

output "file_system_arn" {
  description = "ARN of the file system (for IAM conditions on the task role)."
  value       = aws_efs_file_system.this.arn
}

output "dns_name" {
  description = "Regional DNS name of the file system."
  value       = aws_efs_file_system.this.dns_name
}

output "access_point_id" {
  description = "ID of the access point (efs_volume_configuration.authorization_config.access_point_id)."
  value       = aws_efs_access_point.this.id
}

output "access_point_arn" {
  description = "ARN of the access point (for IAM conditions on the task role)."
  value       = aws_efs_access_point.this.arn
}

output "security_group_id" {
  description = "Security group of the mount targets."
  value       = module.security_group.id
}

output "mount_target_ids" {
  description = "IDs of the mount targets, in the order of subnet_ids."
  value       = aws_efs_mount_target.this[*].id
}

output "client_role_arn_patterns" {
  description = "Role ARN patterns the file system policy lets mount through the access point."
  value       = var.client_role_arn_patterns
}

output "performance_mode" {
  description = "Performance mode of the file system (which EFS metrics apply: PercentIOLimit for generalPurpose)."
  value       = aws_efs_file_system.this.performance_mode
}

output "throughput_mode" {
  description = "Throughput mode of the file system (BurstCreditBalance applies to bursting)."
  value       = aws_efs_file_system.this.throughput_mode
}
