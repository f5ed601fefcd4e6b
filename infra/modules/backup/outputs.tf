output "vault_name" {
  description = "Name of the backup vault; null when backups are off."
  value       = var.enabled ? aws_backup_vault.this[0].name : null
}

output "vault_arn" {
  description = "ARN of the backup vault; null when backups are off."
  value       = var.enabled ? aws_backup_vault.this[0].arn : null
}

output "vault_kms_key_arn" {
  description = "KMS key of the vault; null when backups are off."
  value       = var.enabled ? module.vault_key[0].arn : null
}

output "plan_id" {
  description = "ID of the backup plan; null when backups are off."
  value       = local.plan == 1 ? aws_backup_plan.this[0].id : null
}

output "role_arn" {
  description = "Role AWS Backup takes and restores recovery points with (make restore-aws passes it to StartRestoreJob); null when backups are off."
  value       = local.plan == 1 ? aws_iam_role.backup[0].arn : null
}
