output "arn" {
  description = "ARN of the certificate, known once ACM has validated it: whatever uses it waits for the validation."
  value       = aws_acm_certificate_validation.this.certificate_arn
}

output "validation_record_fqdns" {
  description = "The validation records' names, written in the zone."
  value       = [for r in aws_route53_record.validation : r.fqdn]
}
