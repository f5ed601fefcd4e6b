output "alb_arn" {
  description = "ARN of the load balancer."
  value       = aws_lb.this.arn
}

output "alb_arn_suffix" {
  description = "ARN suffix of the load balancer (the LoadBalancer dimension of CloudWatch metrics)."
  value       = aws_lb.this.arn_suffix
}

output "alb_dns_name" {
  description = "DNS name of the load balancer (point a CNAME/alias here)."
  value       = aws_lb.this.dns_name
}

output "alb_zone_id" {
  description = "Hosted zone ID of the load balancer (for Route 53 alias records)."
  value       = aws_lb.this.zone_id
}

output "alb_security_group_id" {
  description = "Security group of the load balancer (allow it as the source on the instances or tasks)."
  value       = aws_security_group.this.id
}

output "target_group_arn" {
  description = "ARN of the target group (the ECS service's load_balancer block)."
  value       = aws_lb_target_group.this.arn
}

output "target_group_arn_suffix" {
  description = "ARN suffix of the target group (the TargetGroup dimension of CloudWatch metrics)."
  value       = aws_lb_target_group.this.arn_suffix
}

output "http_listener_arn" {
  description = "ARN of the HTTP listener on port 80."
  value       = aws_lb_listener.http.arn
}

output "https_listener_arn" {
  description = "ARN of the HTTPS listener on port 443, null without certificate_arn."
  value       = one(aws_lb_listener.https[*].arn)
}

output "url" {
  description = "Base URL of the site: https://<domain_name> with a domain and HTTPS, otherwise the load balancer's DNS name over https (with a certificate) or http."
  value       = "${local.https ? "https" : "http"}://${var.domain_name != null && local.https ? var.domain_name : aws_lb.this.dns_name}"
}

output "certificate_arn" {
  description = "Certificate of the HTTPS listener (given or requested here), null without HTTPS."
  value       = local.https ? (local.create_certificate ? module.certificate[0].arn : var.certificate_arn) : null
}

output "idle_timeout" {
  description = "Idle timeout of the load balancer in seconds (the web server's keep-alive must exceed it)."
  value       = aws_lb.this.idle_timeout
}

output "health_check_path" {
  description = "Path the target group checks (the wordpress stack's service checks it is the image's deploy verification)."
  value       = aws_lb_target_group.this.health_check[0].path
}

output "deregistration_delay" {
  description = "Deregistration delay of the target group in seconds."
  value       = tonumber(aws_lb_target_group.this.deregistration_delay)
}

output "access_logs_bucket" {
  description = "Bucket the access logs go to (created here or given), null without access logs."
  value       = var.access_logs == null ? null : (local.create_log_bucket ? aws_s3_bucket.access_logs[0].bucket : var.access_logs.bucket)
}

output "ingress_rules" {
  description = "Who the security group admits: { port, cidr, prefix_list_id } per rule (CloudFront's prefix list alone when cloudfront_prefix_list_id is set)."
  value = concat(
    [for r in aws_vpc_security_group_ingress_rule.public : { port = r.from_port, cidr = coalesce(r.cidr_ipv4, r.cidr_ipv6), prefix_list_id = null }],
    [for r in aws_vpc_security_group_ingress_rule.cloudfront : { port = r.from_port, cidr = null, prefix_list_id = r.prefix_list_id }],
  )
}
