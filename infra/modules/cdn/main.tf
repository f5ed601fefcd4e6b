################################################################################
# CloudFront in front of the load balancer, caching what contract C7 lets a
# shared cache keep (local/lb/cache-rules: the rules the local HAProxy applies).
#
# CloudFront cannot "bypass when any cookie is off the allowlist" the way the
# local load balancer does, so the page policy puts every cookie except the
# allowlist into the cache key: a visitor with a session, a commenter or a
# password-protected post's cookie gets pages keyed by that cookie, which no
# one else can ever be served, and WordPress marks logged-in pages
# Cache-Control no-cache/private, which CloudFront honours (min TTL 0).
# The paths of the bypass list are never cached (CachingDisabled) and get
# every viewer header, cookie and query string. POST and the other writes
# are never cached by CloudFront. Everything here is global; the certificate
# must be in us-east-1, so give this module a us-east-1 provider.
################################################################################

locals {
  tags = merge({ Name = var.name }, var.tags)

  # AWS-managed policies (fixed IDs, the same in every account).
  caching_disabled = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
  # Every viewer header, cookie and query string except Host: CloudFront
  # then sends origin_domain_name as Host and SNI, which the load balancer's
  # certificate covers.
  all_viewer_except_host = "b689b0a8-53d0-40ab-baf2-68738e2966ac"

  # A prefix ("starts with", as HAProxy's -m beg) is the pattern "<prefix>*".
  bypass_patterns = [for p in var.cache_rules.bypass_path_prefixes : "${p}*"]
  static_patterns = [for e in var.static_extensions : "*.${e}"]

  origin_id = "load-balancer"
}

resource "aws_cloudfront_cache_policy" "pages" {
  name        = "${var.name}-pages"
  comment     = "Pages: keyed by every cookie except the C7 allowlist, and by the query string"
  min_ttl     = 0
  default_ttl = var.page_ttl
  max_ttl     = 86400

  parameters_in_cache_key_and_forwarded_to_origin {
    enable_accept_encoding_gzip   = true
    enable_accept_encoding_brotli = true

    cookies_config {
      cookie_behavior = "allExcept"
      cookies {
        items = var.cache_rules.cookie_allow_names
      }
    }
    headers_config {
      header_behavior = "none"
    }
    query_strings_config {
      query_string_behavior = "all"
    }
  }
}

resource "aws_cloudfront_cache_policy" "static" {
  name        = "${var.name}-static"
  comment     = "Static assets: no cookies, keyed by the query string (?ver=)"
  min_ttl     = 0
  default_ttl = var.static_ttl
  max_ttl     = 31536000

  parameters_in_cache_key_and_forwarded_to_origin {
    enable_accept_encoding_gzip   = true
    enable_accept_encoding_brotli = true

    cookies_config {
      cookie_behavior = "none"
    }
    headers_config {
      header_behavior = "none"
    }
    query_strings_config {
      query_string_behavior = "all"
    }
  }
}

resource "aws_cloudfront_distribution" "this" {
  #checkov:skip=CKV_AWS_86:Access logs go to an S3 bucket with ACLs (CloudFront's standard logging); the load balancer behind it already logs every request that is not a cache hit (alb_access_logs_enabled, on in prod).
  #checkov:skip=CKV_AWS_310:One origin: the load balancer spans every availability zone; a failover origin would be a second region.
  #checkov:skip=CKV_AWS_305:WordPress answers / itself; a default root object is for buckets.
  #checkov:skip=CKV_AWS_374:No geo restriction: a public site; the caller may add one.
  #checkov:skip=CKV2_AWS_32:WordPress and the image send their own security headers; a response headers policy would override plugins' choices.
  #checkov:skip=CKV2_AWS_47:The web ACL is an input (web_acl_arn, the waf module with AWSManagedRulesKnownBadInputsRuleSet, which covers Log4j); on in prod.
  #checkov:skip=CKV_AWS_68:The web ACL is an input (web_acl_arn); waf_enabled turns it on, and prod does.
  enabled         = true
  is_ipv6_enabled = true
  http_version    = "http2and3"
  comment         = "${var.name}: WordPress through the load balancer"
  aliases         = [var.domain_name]
  price_class     = var.price_class
  web_acl_id      = var.web_acl_arn

  origin {
    origin_id   = local.origin_id
    domain_name = var.origin_domain_name

    custom_origin_config {
      http_port                = 80
      https_port               = 443
      origin_protocol_policy   = "https-only"
      origin_ssl_protocols     = ["TLSv1.2"]
      origin_read_timeout      = 60
      origin_keepalive_timeout = 5
    }

    custom_header {
      name  = var.origin_header_name
      value = var.origin_header_value
    }
  }

  default_cache_behavior {
    target_origin_id         = local.origin_id
    viewer_protocol_policy   = "redirect-to-https"
    allowed_methods          = ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"]
    cached_methods           = ["GET", "HEAD"]
    cache_policy_id          = aws_cloudfront_cache_policy.pages.id
    origin_request_policy_id = local.all_viewer_except_host
    compress                 = true
  }

  # Contract C7's bypass paths first (behaviours match in order), so
  # /wp-admin/*.css is never taken by a static pattern below.
  dynamic "ordered_cache_behavior" {
    for_each = local.bypass_patterns

    content {
      path_pattern             = ordered_cache_behavior.value
      target_origin_id         = local.origin_id
      viewer_protocol_policy   = "redirect-to-https"
      allowed_methods          = ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"]
      cached_methods           = ["GET", "HEAD"]
      cache_policy_id          = local.caching_disabled
      origin_request_policy_id = local.all_viewer_except_host
      compress                 = true
    }
  }

  dynamic "ordered_cache_behavior" {
    for_each = local.static_patterns

    content {
      path_pattern           = ordered_cache_behavior.value
      target_origin_id       = local.origin_id
      viewer_protocol_policy = "redirect-to-https"
      allowed_methods        = ["GET", "HEAD"]
      cached_methods         = ["GET", "HEAD"]
      cache_policy_id        = aws_cloudfront_cache_policy.static.id
      compress               = true
    }
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    acm_certificate_arn      = module.certificate.arn
    ssl_support_method       = "sni-only"
    minimum_protocol_version = "TLSv1.2_2021"
  }

  tags = local.tags
}

################################################################################
# The viewer certificate (us-east-1, CloudFront's region) and DNS.
################################################################################

module "certificate" {
  source = "../dns-certificate"

  domain_name     = var.domain_name
  route53_zone_id = var.route53_zone_id
  tags            = local.tags
}

resource "aws_route53_record" "alias" {
  for_each = toset(["A", "AAAA"])

  zone_id = var.route53_zone_id
  name    = var.domain_name
  type    = each.key

  alias {
    name                   = aws_cloudfront_distribution.this.domain_name
    zone_id                = aws_cloudfront_distribution.this.hosted_zone_id
    evaluate_target_health = false
  }
}
