output "endpoint" {
  description = "Connection endpoint, \"address:port\" (what WORDPRESS_DB_HOST takes)."
  value       = "${aws_db_instance.this.address}:${aws_db_instance.this.port}"
}

output "address" {
  description = "Host name of the instance."
  value       = aws_db_instance.this.address
}

output "port" {
  description = "Port the database listens on."
  value       = aws_db_instance.this.port
}

output "db_name" {
  description = "Name of the WordPress database."
  value       = aws_db_instance.this.db_name
}

output "master_username" {
  description = "Master user name (also inside the secret)."
  value       = aws_db_instance.this.username
}

output "master_user_secret_arn" {
  description = "ARN of the Secrets Manager secret RDS manages for the master user; JSON with keys \"username\" and \"password\". For administration and the rotation function only: never give it to the service."
  value       = aws_db_instance.this.master_user_secret[0].secret_arn
}

output "master_user_secret_kms_key_id" {
  description = "KMS key that encrypts the master user secret."
  value       = aws_db_instance.this.master_user_secret[0].kms_key_id
}

output "security_group_id" {
  description = "Security group of the database."
  value       = module.security_group.id
}

output "instance_id" {
  description = "RDS instance identifier."
  value       = aws_db_instance.this.identifier
}

output "instance_arn" {
  description = "ARN of the RDS instance."
  value       = aws_db_instance.this.arn
}

output "app_secret_arn" {
  description = "ARN of WordPress's own secret (JSON keys \"username\", \"password\", \"host\", \"port\", \"dbname\"), rotated with alternating users. What the service injects."
  value       = aws_secretsmanager_secret.app.arn
}

output "app_username" {
  description = "WordPress's database user name; rotation alternates between it and <app_username>_clone."
  value       = var.app_username
}

output "rotation_function_name" {
  description = "Name of the rotation function (its logs: /aws/lambda/<name>)."
  value       = aws_lambda_function.rotation.function_name
}

output "log_group_names" {
  description = "CloudWatch Logs groups of the exported database logs, by log (error, slowquery, ...)."
  value       = { for k, g in aws_cloudwatch_log_group.rds : k => g.name }
}
