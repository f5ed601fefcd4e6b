output "distribution_id" {
  description = "ID of the CloudFront distribution (for invalidations: aws cloudfront create-invalidation --distribution-id)."
  value       = aws_cloudfront_distribution.this.id
}

output "distribution_arn" {
  description = "ARN of the CloudFront distribution."
  value       = aws_cloudfront_distribution.this.arn
}

output "distribution_domain_name" {
  description = "CloudFront's own name of the distribution (*.cloudfront.net)."
  value       = aws_cloudfront_distribution.this.domain_name
}

output "url" {
  description = "The site's URL through CloudFront: https://<domain_name>."
  value       = "https://${var.domain_name}"
}

output "bypass_path_patterns" {
  description = "Path patterns served uncached (CachingDisabled), from cache_rules.bypass_path_prefixes."
  value       = local.bypass_patterns
}
