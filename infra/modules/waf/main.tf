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

        # Count only requests to the login paths (the scope-down).
        scope_down_statement {
          dynamic "or_statement" {
            for_each = length(var.login_paths) > 1 ? [1] : []

            content {
              dynamic "statement" {
                for_each = var.login_paths

                content {
                  byte_match_statement {
                    search_string         = statement.value
                    positional_constraint = "EXACTLY"

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
          }

          dynamic "byte_match_statement" {
            for_each = length(var.login_paths) == 1 ? var.login_paths : []

            content {
              search_string         = byte_match_statement.value
              positional_constraint = "EXACTLY"

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
}

resource "aws_wafv2_web_acl_association" "this" {
  count = var.scope == "REGIONAL" ? 1 : 0

  resource_arn = var.resource_arn
  web_acl_arn  = aws_wafv2_web_acl.this.arn
}
