################################################################################
# HTTPS for a domain: an ACM certificate validated by DNS in a Route 53 zone
# (unless certificate_arn is given), and alias records to the load balancer.
################################################################################

resource "aws_acm_certificate" "this" {
  count = local.create_certificate ? 1 : 0

  domain_name       = var.domain_name
  validation_method = "DNS"

  tags = local.tags

  lifecycle {
    create_before_destroy = true
  }
}

# Keyed by the domain (known when planning); ACM's answer for it fills in
# the record, so the first plan already shows every record.
resource "aws_route53_record" "validation" {
  for_each = local.create_certificate ? toset([var.domain_name]) : toset([])

  zone_id         = var.route53_zone_id
  name            = one([for o in aws_acm_certificate.this[0].domain_validation_options : o.resource_record_name if o.domain_name == each.key])
  type            = one([for o in aws_acm_certificate.this[0].domain_validation_options : o.resource_record_type if o.domain_name == each.key])
  records         = [one([for o in aws_acm_certificate.this[0].domain_validation_options : o.resource_record_value if o.domain_name == each.key])]
  ttl             = 300
  allow_overwrite = true
}

resource "aws_acm_certificate_validation" "this" {
  count = local.create_certificate ? 1 : 0

  certificate_arn         = aws_acm_certificate.this[0].arn
  validation_record_fqdns = [for r in aws_route53_record.validation : r.fqdn]
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
