################################################################################
# AWS WAF: AWS's managed rule groups for a PHP/WordPress site, then a rate
# limit per client address on the login form and XML-RPC. CLOUDFRONT scope
# lives in us-east-1 and is named by the distribution; REGIONAL is associated
# with the load balancer here.
################################################################################

locals {
  tags = merge({ Name = var.name }, var.tags)

  rules = concat(
    [for i, g in var.managed_rule_groups : { name = g, priority = i, managed = true }],
    [{ name = "login-rate-limit", priority = length(var.managed_rule_groups), managed = false }],
  )
  metric_prefix = replace(var.name, "-", "_")

  # The login paths as one regex that matches exactly what a byte match
  # EXACTLY on each path did: every path anchored at both ends, every regex
  # metacharacter escaped. Only ^ $ | and \ escapes: AWS WAF's dialect
  # (PCRE without captures, lookarounds or backreferences) and the
  # provider's RE2 check both take them. $ also admits a final newline,
  # which a request line cannot carry.
  login_path_regex = join("|", [for p in var.login_paths : "^${replace(p, "/[\\\\^$.|?*+()\\[\\]{}]/", "\\$0")}$"])

  # AWS WAF's quota on a regex's length (a hard limit, not adjustable).
  regex_max_length = 200
}

resource "aws_wafv2_web_acl" "this" {
  #checkov:skip=CKV_AWS_192:The groups come from managed_rule_groups, whose default has AWSManagedRulesKnownBadInputsRuleSet (Log4j lookups); checkov cannot read a dynamic block, tests/waf.tftest.hcl asserts it.
  #checkov:skip=CKV2_AWS_31:Request logging (a Firehose or log group per request) is priced per GB; the ACL keeps CloudWatch metrics and sampled requests for every rule.
  name        = var.name
  description = "${var.name}: AWS managed rules for PHP and WordPress, rate limit on ${join(" and ", var.login_paths)}"
  scope       = var.scope

  default_action {
    allow {}
  }

  dynamic "rule" {
    for_each = [for r in local.rules : r if r.managed]

    content {
      name     = rule.value.name
      priority = rule.value.priority

      override_action {
        none {}
      }

      statement {
        managed_rule_group_statement {
          vendor_name = "AWS"
          name        = rule.value.name
        }
      }

      visibility_config {
        cloudwatch_metrics_enabled = true
        sampled_requests_enabled   = true
        metric_name                = "${local.metric_prefix}_${rule.value.name}"
      }
    }
  }

  rule {
    name     = "login-rate-limit"
    priority = length(var.managed_rule_groups)

    action {
      block {}
    }

    statement {
      rate_based_statement {
        limit              = var.login_rate_limit
        aggregate_key_type = "IP"

        # Count only requests to the login paths (the scope-down): one regex
        # for any number of paths, where byte matches needed an or_statement
        # of two or more and a bare statement for one.
        scope_down_statement {
          regex_match_statement {
            regex_string = local.login_path_regex

            field_to_match {
              uri_path {}
            }

            # //wp-login.php and /a/../wp-login.php count too.
            text_transformation {
              priority = 0
              type     = "NORMALIZE_PATH"
            }

            text_transformation {
              priority = 1
              type     = "LOWERCASE"
            }
          }
        }
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      sampled_requests_enabled   = true
      metric_name                = "${local.metric_prefix}_login_rate_limit"
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    sampled_requests_enabled   = true
    metric_name                = local.metric_prefix
  }

  tags = local.tags

  lifecycle {
    # Checked here, not in login_paths' validation: a validation cannot read
    # local.login_path_regex (a cycle), and the regex has one home.
    precondition {
      condition     = length(local.login_path_regex) <= local.regex_max_length
      error_message = "login_paths make a regex of ${length(local.login_path_regex)} characters; AWS WAF allows ${local.regex_max_length}: list fewer or shorter paths."
    }
  }
}

resource "aws_wafv2_web_acl_association" "this" {
  count = var.scope == "REGIONAL" ? 1 : 0

  resource_arn = var.resource_arn
  web_acl_arn  = aws_wafv2_web_acl.this.arn
}
