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
  description = "Base URL of the site through the load balancer (https when a certificate is set)."
  value       = "${var.certificate_arn == null ? "http" : "https"}://${aws_lb.this.dns_name}"
}
