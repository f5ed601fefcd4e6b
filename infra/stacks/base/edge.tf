################################################################################
# The edge (cdn_enabled, waf_enabled): CloudFront in front of the load
# balancer and AWS WAF on whichever of the two faces the Internet.
################################################################################

locals {
  # The name CloudFront connects to: an alias of the load balancer with its
  # own certificate (domain_name itself points at CloudFront).
  origin_domain_name = var.cdn_enabled ? "origin.${var.domain_name}" : null

  # Contract C7: the one list of what a shared cache may keep, the same files
  # the local HAProxy reads (one pattern a line).
  cache_rules_dir = "${path.module}/../../../local/lb/cache-rules"
  cache_rules = {
    bypass_path_prefixes = compact(split("\n", file("${local.cache_rules_dir}/bypass-path-prefixes.lst")))
    cookie_allow_names   = compact(split("\n", file("${local.cache_rules_dir}/cookie-allow-names.lst")))
  }
}

data "aws_ec2_managed_prefix_list" "cloudfront" {
  count = var.cdn_enabled ? 1 : 0

  name = "com.amazonaws.global.cloudfront.origin-facing"
}

# The origin header's value: generated once by Secrets Manager and kept
# there; CloudFront sends it, the load balancer's listener rule checks it.
# Never an output. Replace the secret version (tofu apply -replace) to rotate.
data "aws_secretsmanager_random_password" "origin_header" {
  count = var.cdn_enabled ? 1 : 0

  password_length     = 48
  exclude_punctuation = true
}

resource "aws_secretsmanager_secret" "origin_header" {
  #checkov:skip=CKV2_AWS_57:Rotating means changing CloudFront and the listener rule together: tofu apply -replace of the secret version does both in one apply.
  #checkov:skip=CKV_AWS_149:The value only proves a request came through this distribution; the AWS-managed key (aws/secretsmanager) encrypts it.
  count = var.cdn_enabled ? 1 : 0

  name_prefix             = "${local.name}-origin-header-"
  description             = "Value of the header CloudFront adds to requests to the load balancer of ${local.name}"
  recovery_window_in_days = var.alb_deletion_protection ? 30 : 0
}

resource "aws_secretsmanager_secret_version" "origin_header" {
  count = var.cdn_enabled ? 1 : 0

  secret_id     = aws_secretsmanager_secret.origin_header[0].id
  secret_string = data.aws_secretsmanager_random_password.origin_header[0].random_password

  lifecycle {
    # The data source draws a new value on every plan: keep the first.
    ignore_changes = [secret_string]
  }
}

module "cdn" {
  source = "../../modules/cdn"
  count  = var.cdn_enabled ? 1 : 0

  providers = {
    aws = aws.us_east_1
  }

  name                = local.name
  domain_name         = var.domain_name
  route53_zone_id     = var.route53_zone_id
  origin_domain_name  = local.origin_domain_name
  origin_header_value = aws_secretsmanager_secret_version.origin_header[0].secret_string
  web_acl_arn         = var.waf_enabled ? module.waf_cloudfront[0].web_acl_arn : null
  cache_rules         = local.cache_rules
  page_ttl            = var.cdn_page_ttl
  price_class         = var.cdn_price_class
}

module "waf_cloudfront" {
  source = "../../modules/waf"
  count  = var.waf_enabled && var.cdn_enabled ? 1 : 0

  providers = {
    aws = aws.us_east_1
  }

  name             = "${local.name}-cloudfront"
  scope            = "CLOUDFRONT"
  login_rate_limit = var.waf_login_rate_limit
}

module "waf_regional" {
  source = "../../modules/waf"
  count  = var.waf_enabled && !var.cdn_enabled ? 1 : 0

  name             = "${local.name}-alb"
  scope            = "REGIONAL"
  resource_arn     = module.load_balancer.alb_arn
  login_rate_limit = var.waf_login_rate_limit
}
