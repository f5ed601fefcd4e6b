output "identity_arn" {
  description = "ARN of the SES domain identity."
  value       = aws_sesv2_email_identity.this.arn
}

output "dkim_tokens" {
  description = "Easy DKIM tokens (<token>._domainkey.<domain> CNAME records)."
  value       = aws_sesv2_email_identity.this.dkim_signing_attributes[0].tokens
}

output "mail_from_domain" {
  description = "Custom MAIL FROM domain."
  value       = local.mail_from_domain
}

output "smtp_user_name" {
  description = "Name of the IAM user whose access key is the SMTP login."
  value       = aws_iam_user.smtp.name
}

output "smtp_secret_arn" {
  description = "Secrets Manager secret with JSON keys username and password (the SES SMTP credentials)."
  value       = aws_secretsmanager_secret.smtp.arn
}

output "container_settings" {
  description = "Plain settings for the container (WPECS_SMTP_HOST, WPECS_SMTP_PORT, WPECS_SMTP_TLS, WPECS_MAIL_FROM); the credentials come from smtp_secret_arn."
  value = {
    host       = "email-smtp.${local.region}.amazonaws.com"
    port       = 587
    tls        = "starttls"
    from       = "${var.from_local_part}@${var.domain}"
    secret_arn = aws_secretsmanager_secret.smtp.arn
  }
}
