output "web_acl_arn" {
  description = "ARN of the web ACL (a CloudFront distribution's web_acl_id when scope is CLOUDFRONT)."
  value       = aws_wafv2_web_acl.this.arn
}

output "web_acl_name" {
  description = "Name of the web ACL."
  value       = aws_wafv2_web_acl.this.name
}

output "rule_names" {
  description = "Names of the web ACL's rules in priority order: the managed groups, then the login rate limit."
  value       = [for r in local.rules : r.name]
}
