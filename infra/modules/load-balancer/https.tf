################################################################################
# HTTPS for a domain: an ACM certificate validated by DNS in a Route 53 zone
# (unless certificate_arn is given), and alias records to the load balancer.
################################################################################

module "certificate" {
  source = "../dns-certificate"
  count  = local.create_certificate ? 1 : 0

  domain_name     = var.domain_name
  route53_zone_id = var.route53_zone_id
  tags            = local.tags
}

# A for the load balancer, AAAA too when it answers on IPv6 (an AAAA alias to
# an IPv4-only load balancer resolves to nothing).
resource "aws_route53_record" "alias" {
  for_each = var.domain_name != null && var.route53_zone_id != null ? toset(var.ip_address_type == "dualstack" ? ["A", "AAAA"] : ["A"]) : toset([])

  zone_id = var.route53_zone_id
  name    = var.domain_name
  type    = each.key

  alias {
    name                   = aws_lb.this.dns_name
    zone_id                = aws_lb.this.zone_id
    evaluate_target_health = true
  }
}
