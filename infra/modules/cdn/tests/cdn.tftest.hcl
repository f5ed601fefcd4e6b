# CloudFront in front of the load balancer: the C7 bypass paths uncached,
# pages keyed by every non-allowlisted cookie, static assets kept long, HTTPS
# only, the secret origin header. AWS mocked.

mock_provider "aws" {
  # >>> infra/tests/mocks/aws.tfmock.hcl
  mock_data "aws_caller_identity" {
    defaults = { account_id = "123456789012" }
  }
  mock_data "aws_partition" {
    defaults = { partition = "aws" }
  }
  mock_resource "aws_iam_role" {
    defaults = { arn = "arn:aws:iam::123456789012:role/mock" }
  }
  # <<< infra/tests/mocks/aws.tfmock.hcl
  mock_resource "aws_acm_certificate" {
    defaults = {
      arn = "arn:aws:acm:us-east-1:123456789012:certificate/99999999-8888-7777-6666-555555555555"
      domain_validation_options = [{
        domain_name           = "www.example.com"
        resource_record_name  = "_0123456789abcdef.www.example.com."
        resource_record_type  = "CNAME"
        resource_record_value = "_fedcba9876543210.acm-validations.aws."
      }]
    }
  }
  mock_resource "aws_cloudfront_cache_policy" {
    defaults = { id = "00000000-0000-0000-0000-00000000cafe" }
  }
  mock_resource "aws_cloudfront_distribution" {
    defaults = {
      arn            = "arn:aws:cloudfront::123456789012:distribution/E0123456789ABC"
      domain_name    = "d0123456789abc.cloudfront.net"
      hosted_zone_id = "Z2FDTNDATAQYW2"
    }
  }
}

variables {
  name                = "wpecs-test"
  domain_name         = "www.example.com"
  route53_zone_id     = "Z0000000000000000000"
  origin_domain_name  = "origin.www.example.com"
  origin_header_value = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKL"
  # The real lists (contract C7), as the base stack reads them.
  cache_rules = {
    bypass_path_prefixes = ["/wp-admin", "/wp-login.php", "/wp-cron.php", "/xmlrpc.php", "/wp-comments-post.php"]
    cookie_allow_names   = ["_ga", "_gid", "wordpress_test_cookie"]
  }
}

run "bypass_paths_are_not_cached" {
  command = apply

  assert {
    condition = alltrue([for p in var.cache_rules.bypass_path_prefixes : anytrue([
      for b in aws_cloudfront_distribution.this.ordered_cache_behavior : b.path_pattern == "${p}*" && b.cache_policy_id == "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
    ])])
    error_message = "Every C7 bypass path prefix must be a behaviour with the managed CachingDisabled policy."
  }

  # Behaviours match in order: a bypass path must win over a static pattern
  # (/wp-admin/css/x.css is admin, not a long-lived asset).
  assert {
    condition = alltrue([for i, b in aws_cloudfront_distribution.this.ordered_cache_behavior :
      b.cache_policy_id == "4135ea2d-6df8-44a3-9df3-4b5a84be39ad" if i < length(var.cache_rules.bypass_path_prefixes)
    ])
    error_message = "The bypass behaviours must come before every static one."
  }

  assert {
    condition = alltrue([for b in aws_cloudfront_distribution.this.ordered_cache_behavior :
      b.origin_request_policy_id == "b689b0a8-53d0-40ab-baf2-68738e2966ac" && length(b.allowed_methods) == 7
      if b.cache_policy_id == "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
    ])
    error_message = "Bypass paths must get every viewer header, cookie and query string (except Host) and every method (logins and comments POST)."
  }

  assert {
    condition     = aws_cloudfront_cache_policy.pages.parameters_in_cache_key_and_forwarded_to_origin[0].cookies_config[0].cookie_behavior == "allExcept" && toset(aws_cloudfront_cache_policy.pages.parameters_in_cache_key_and_forwarded_to_origin[0].cookies_config[0].cookies[0].items) == toset(var.cache_rules.cookie_allow_names)
    error_message = "Pages must be keyed by every cookie except the C7 allowlist, so a logged-in, commenter or post-password cookie never shares an anonymous page."
  }

  assert {
    condition     = aws_cloudfront_cache_policy.pages.min_ttl == 0 && aws_cloudfront_cache_policy.pages.default_ttl == 10
    error_message = "Pages: min TTL 0 (WordPress's no-cache for logged-in users is honoured) and the local cache's 10 s when the page says nothing."
  }

  assert {
    condition     = aws_cloudfront_cache_policy.static.default_ttl >= 86400 && aws_cloudfront_cache_policy.static.parameters_in_cache_key_and_forwarded_to_origin[0].cookies_config[0].cookie_behavior == "none" && aws_cloudfront_cache_policy.static.parameters_in_cache_key_and_forwarded_to_origin[0].query_strings_config[0].query_string_behavior == "all"
    error_message = "Static assets are kept at least a day, without cookies, keyed by ?ver=."
  }

  assert {
    condition     = anytrue([for b in aws_cloudfront_distribution.this.ordered_cache_behavior : b.path_pattern == "*.css" && b.cache_policy_id == aws_cloudfront_cache_policy.static.id && length(b.allowed_methods) == 2])
    error_message = "Styles must use the static policy, GET and HEAD only."
  }

  assert {
    condition     = aws_cloudfront_distribution.this.default_cache_behavior[0].cache_policy_id == aws_cloudfront_cache_policy.pages.id && toset(aws_cloudfront_distribution.this.default_cache_behavior[0].cached_methods) == toset(["GET", "HEAD"])
    error_message = "Pages use the page policy; only GET and HEAD are ever cached (never POST)."
  }

  assert {
    condition     = one(aws_cloudfront_distribution.this.origin).custom_origin_config[0].origin_protocol_policy == "https-only" && one(aws_cloudfront_distribution.this.origin).domain_name == "origin.www.example.com"
    error_message = "CloudFront must reach the load balancer over HTTPS at origin_domain_name."
  }

  assert {
    condition     = one(one(aws_cloudfront_distribution.this.origin).custom_header).name == "X-Origin-Verify"
    error_message = "Every origin request must carry the secret origin header."
  }

  assert {
    condition     = aws_cloudfront_distribution.this.viewer_certificate[0].minimum_protocol_version == "TLSv1.2_2021" && aws_cloudfront_distribution.this.default_cache_behavior[0].viewer_protocol_policy == "redirect-to-https"
    error_message = "Viewers get HTTPS, TLS 1.2 or later."
  }

  assert {
    condition     = aws_route53_record.alias["A"].alias[0].name == "d0123456789abc.cloudfront.net"
    error_message = "The domain must point at CloudFront."
  }
}

run "refuses_a_short_origin_secret" {
  command = plan

  variables {
    origin_header_value = "short"
  }

  expect_failures = [var.origin_header_value]
}

run "refuses_the_site_domain_as_origin" {
  command = plan

  variables {
    origin_domain_name = "www.example.com"
  }

  expect_failures = [var.origin_domain_name]
}
