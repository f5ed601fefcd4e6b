locals {
  tags = merge({ Name = var.name }, var.tags)

  # HTTPS with a given certificate, or with one this module requests from ACM
  # for domain_name and validates in the Route 53 zone.
  create_certificate = var.certificate_arn == null && var.domain_name != null && var.route53_zone_id != null
  https              = var.certificate_arn != null || local.create_certificate
  certificate_arn    = local.create_certificate ? module.certificate[0].arn : var.certificate_arn

  # Ports open to the world: 80 always (it redirects when HTTPS is on), 443
  # only when there is a listener behind it.
  public_ports = local.https ? [80, 443] : [80]
  # Behind CloudFront (cloudfront_prefix_list_id): only CloudFront's
  # origin-facing addresses, on 443, and nobody else.
  cloudfront_only = var.cloudfront_prefix_list_id != null
  ingress = local.cloudfront_only ? {} : merge(
    { for pair in setproduct(local.public_ports, var.allowed_ipv4_cidrs) : "${pair[0]}-${pair[1]}" => { port = pair[0], ipv4 = pair[1], ipv6 = null } },
    { for pair in setproduct(local.public_ports, var.allowed_ipv6_cidrs) : "${pair[0]}-${pair[1]}" => { port = pair[0], ipv4 = null, ipv6 = pair[1] } },
  )
}

################################################################################
# Security group: 80/443 in from the allowed ranges, out only into the VPC.
################################################################################

resource "aws_security_group" "this" {
  name_prefix = "${var.name}-alb-"
  description = "Load balancer ${var.name}: HTTP(S) in, targets in the VPC out"
  vpc_id      = var.vpc_id

  tags = merge(local.tags, { Name = "${var.name}-alb" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "public" {
  for_each = local.ingress

  security_group_id = aws_security_group.this.id
  description       = each.value.port == 443 ? "HTTPS from allowed clients" : "HTTP from allowed clients"
  ip_protocol       = "tcp"
  from_port         = each.value.port
  to_port           = each.value.port
  cidr_ipv4         = each.value.ipv4
  cidr_ipv6         = each.value.ipv6

  tags = local.tags
}

resource "aws_vpc_security_group_ingress_rule" "cloudfront" {
  count = local.cloudfront_only ? 1 : 0

  security_group_id = aws_security_group.this.id
  description       = "HTTPS from CloudFront's origin-facing servers only"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  prefix_list_id    = var.cloudfront_prefix_list_id

  tags = local.tags
}

# Targets are instances on dynamic host ports or task ENIs on port 80, all
# inside the VPC; health checks use the same traffic port.
resource "aws_vpc_security_group_egress_rule" "targets" {
  security_group_id = aws_security_group.this.id
  description       = "Targets and their health checks inside the VPC"
  ip_protocol       = "tcp"
  from_port         = 0
  to_port           = 65535
  cidr_ipv4         = var.vpc_cidr

  tags = local.tags
}

################################################################################
# Load balancer
################################################################################

resource "aws_lb" "this" {
  #checkov:skip=CKV_AWS_91:Access logs are an input (access_logs: a bucket of its own or a given one), on in prod (a rule of the base stack), off where no bucket is wanted (the emulator).
  #checkov:skip=CKV2_AWS_28:WAF is the caller's choice (aws_wafv2_web_acl_association with alb_arn); this module stays WAF-neutral.
  name               = var.name
  load_balancer_type = "application"
  internal           = false
  subnets            = var.subnet_ids
  security_groups    = [aws_security_group.this.id]
  ip_address_type    = var.ip_address_type

  drop_invalid_header_fields = true
  desync_mitigation_mode     = "defensive"
  enable_deletion_protection = var.deletion_protection
  idle_timeout               = var.idle_timeout
  enable_http2               = true

  dynamic "access_logs" {
    for_each = var.access_logs == null ? [] : [var.access_logs]

    content {
      # The bucket's policy must be in place first: the load balancer tests
      # that it may write when logging is turned on.
      bucket  = local.create_log_bucket ? aws_s3_bucket_policy.access_logs[0].bucket : access_logs.value.bucket
      prefix  = access_logs.value.prefix
      enabled = access_logs.value.enabled
    }
  }

  tags = local.tags
}

resource "aws_lb_target_group" "this" {
  #checkov:skip=CKV_AWS_378:TLS ends at the load balancer; targets are private, inside the VPC, and the container serves plain HTTP on port 80.
  # A short prefix, not a fixed name: changing port or target type replaces
  # the group, and create_before_destroy needs the new one to get a new name.
  name_prefix          = "${substr(var.name, 0, 5)}-"
  vpc_id               = var.vpc_id
  target_type          = var.target_type
  protocol             = "HTTP"
  port                 = var.target_port
  deregistration_delay = var.deregistration_delay
  slow_start           = var.slow_start

  health_check {
    enabled             = true
    protocol            = "HTTP"
    port                = "traffic-port"
    path                = var.health_check.path
    matcher             = var.health_check.matcher
    interval            = var.health_check.interval
    timeout             = var.health_check.timeout
    healthy_threshold   = var.health_check.healthy_threshold
    unhealthy_threshold = var.health_check.unhealthy_threshold
  }

  tags = local.tags

  lifecycle {
    create_before_destroy = true
  }
}

################################################################################
# Listeners: HTTP forwards (no certificate) or redirects to HTTPS.
################################################################################

resource "aws_lb_listener" "http" {
  #checkov:skip=CKV_AWS_2:Port 80 redirects to HTTPS whenever certificate_arn is set; without a certificate HTTP is the only choice.
  #checkov:skip=CKV_AWS_103:The HTTP listener has no TLS; the HTTPS listener uses ssl_policy (TLS 1.3/1.2 by default).
  load_balancer_arn = aws_lb.this.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type             = local.https ? "redirect" : "forward"
    target_group_arn = local.https ? null : aws_lb_target_group.this.arn

    dynamic "redirect" {
      for_each = local.https ? [1] : []

      content {
        protocol    = "HTTPS"
        port        = "443"
        status_code = "HTTP_301"
      }
    }
  }

  tags = local.tags
}

resource "aws_lb_listener" "https" {
  count = local.https ? 1 : 0

  load_balancer_arn = aws_lb.this.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = var.ssl_policy
  certificate_arn   = local.certificate_arn

  # Behind CloudFront, only requests carrying the secret origin header are
  # forwarded (the rule below); anything else reaching the listener (another
  # CloudFront distribution shares the prefix list) gets 403.
  default_action {
    type             = local.cloudfront_only ? "fixed-response" : "forward"
    target_group_arn = local.cloudfront_only ? null : aws_lb_target_group.this.arn

    dynamic "fixed_response" {
      for_each = local.cloudfront_only ? [1] : []

      content {
        content_type = "text/plain"
        message_body = "Forbidden"
        status_code  = "403"
      }
    }
  }

  tags = local.tags
}

# Contract C1: no health endpoint is reachable from the Internet. Each
# listener answers these paths itself, before forwarding or redirecting
# anything; the target group's health checks go to the targets directly and
# never pass a listener. Besides /healthz and /healthz/*, the spellings
# Apache normalises onto them (merged slashes, dot segments) are refused:
# no page of the site has such a path.
resource "aws_lb_listener_rule" "hide_health" {
  for_each = local.https ? { http = aws_lb_listener.http.arn, https = aws_lb_listener.https[0].arn } : { http = aws_lb_listener.http.arn }

  listener_arn = each.value
  priority     = 1

  action {
    type = "fixed-response"

    fixed_response {
      content_type = "text/plain"
      message_body = "Not Found"
      status_code  = "404"
    }
  }

  condition {
    path_pattern {
      values = ["/healthz", "/healthz/*", "//*", "*/./*", "*/../*"]
    }
  }

  tags = local.tags
}

resource "aws_lb_listener_rule" "origin_header" {
  count = local.cloudfront_only ? 1 : 0

  listener_arn = aws_lb_listener.https[0].arn
  priority     = 10

  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.this.arn
  }

  condition {
    http_header {
      http_header_name = var.origin_header.name
      values           = [var.origin_header.value]
    }
  }

  tags = local.tags
}
