output "replication_group_id" {
  description = "ID of the replication group."
  value       = aws_elasticache_replication_group.this.replication_group_id
}

output "host" {
  description = "Primary endpoint (writes and reads; after a failover it names the new primary): WPECS_REDIS_HOST."
  value       = aws_elasticache_replication_group.this.primary_endpoint_address
}

output "reader_host" {
  description = "Reader endpoint (the replicas), for tools that only read."
  value       = aws_elasticache_replication_group.this.reader_endpoint_address
}

output "port" {
  description = "Port of the cache: WPECS_REDIS_PORT."
  value       = var.port
}

output "auth_secret_arn" {
  description = "Secrets Manager secret holding the AUTH token under the JSON key \"auth_token\" (ECS: \"<arn>:auth_token::\" as WPECS_REDIS_PASSWORD)."
  value       = aws_secretsmanager_secret.auth.arn
}

output "security_group_id" {
  description = "The cache's security group."
  value       = module.security_group.id
}
