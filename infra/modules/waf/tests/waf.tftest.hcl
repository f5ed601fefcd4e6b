# AWS WAF: the four managed rule groups, then the rate limit on the login
# paths; associated with the load balancer only when REGIONAL. AWS mocked.

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
  mock_resource "aws_wafv2_web_acl" {
    defaults = { arn = "arn:aws:wafv2:us-east-1:123456789012:global/webacl/wpecs-test/0123abcd-0123-abcd-0123-0123456789ab" }
  }
}

variables {
  name  = "wpecs-test"
  scope = "CLOUDFRONT"
}

run "managed_groups_and_login_rate_limit" {
  command = apply

  assert {
    condition = [for r in aws_wafv2_web_acl.this.rule : r.statement[0].managed_rule_group_statement[0].name if length(r.statement[0].managed_rule_group_statement) > 0] == [
      "AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesPHPRuleSet", "AWSManagedRulesWordPressRuleSet",
    ]
    error_message = "The web ACL must use AWS's common, known-bad-inputs, PHP and WordPress rule groups."
  }

  assert {
    condition = alltrue([for r in aws_wafv2_web_acl.this.rule :
    length(r.override_action[0].none) == 1 if length(r.statement[0].managed_rule_group_statement) > 0])
    error_message = "Managed groups must block (override none), not merely count."
  }

  assert {
    condition     = one([for r in aws_wafv2_web_acl.this.rule : r.statement[0].rate_based_statement[0] if length(r.statement[0].rate_based_statement) > 0]).limit == 100
    error_message = "A rate-based rule must limit each address to 100 requests per 5 minutes."
  }

  assert {
    condition     = one([for r in aws_wafv2_web_acl.this.rule : r.statement[0].rate_based_statement[0] if length(r.statement[0].rate_based_statement) > 0]).scope_down_statement[0].regex_match_statement[0].regex_string == "^/wp-login\\.php$|^/xmlrpc\\.php$"
    error_message = "The rate rule must count the requests whose path is exactly /wp-login.php or /xmlrpc.php (one regex)."
  }

  assert {
    condition = alltrue([for p in ["/wp-login.php", "/xmlrpc.php"] : can(regex(local.login_path_regex, p))]) && !anytrue([
      for p in ["/wp-loginXphp", "/wp-login.php/x", "/x/wp-login.php", "/xmlrpc.php5", "/"] : can(regex(local.login_path_regex, p))
    ])
    error_message = "The regex must match the login paths and nothing longer, shorter or similar."
  }

  assert {
    condition = length(one([for r in aws_wafv2_web_acl.this.rule : r.statement[0].rate_based_statement[0] if length(r.statement[0].rate_based_statement) > 0]).scope_down_statement[0].regex_match_statement[0].field_to_match[0].uri_path) == 1 && join(",", sort([
      for t in one([for r in aws_wafv2_web_acl.this.rule : r.statement[0].rate_based_statement[0] if length(r.statement[0].rate_based_statement) > 0]).scope_down_statement[0].regex_match_statement[0].text_transformation : "${t.priority}:${t.type}"
    ])) == "0:NORMALIZE_PATH,1:LOWERCASE"
    error_message = "The regex must see the URI path normalised, then lower-cased (//wp-login.php and /WP-Login.php count)."
  }

  assert {
    condition     = length([for r in aws_wafv2_web_acl.this.rule : r if length(r.action) > 0 && length(r.action[0].block) > 0]) == 1
    error_message = "The rate rule must block."
  }

  assert {
    condition     = aws_wafv2_web_acl.this.scope == "CLOUDFRONT" && length(aws_wafv2_web_acl_association.this) == 0
    error_message = "A CLOUDFRONT web ACL is named by the distribution, not associated here."
  }
}

run "regional_is_associated_with_the_load_balancer" {
  command = apply

  variables {
    scope        = "REGIONAL"
    resource_arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/wpecs-test/0123456789abcdef"
  }

  assert {
    condition     = aws_wafv2_web_acl_association.this[0].resource_arn == var.resource_arn
    error_message = "A REGIONAL web ACL must be associated with the load balancer."
  }
}

run "one_login_path" {
  command = apply

  variables {
    login_paths = ["/wp-login.php"]
  }

  assert {
    condition     = one([for r in aws_wafv2_web_acl.this.rule : r.statement[0].rate_based_statement[0] if length(r.statement[0].rate_based_statement) > 0]).scope_down_statement[0].regex_match_statement[0].regex_string == "^/wp-login\\.php$"
    error_message = "One login path is one anchored regex, like several."
  }
}

run "regex_metacharacters_in_a_path_are_literal" {
  command = plan

  variables {
    login_paths = ["/a.b+c(d)[e]{f}|g^h$i*j?k\\l/m-n", "/wp-login.php"]
  }

  assert {
    condition     = one([for r in aws_wafv2_web_acl.this.rule : r.statement[0].rate_based_statement[0] if length(r.statement[0].rate_based_statement) > 0]).scope_down_statement[0].regex_match_statement[0].regex_string == "^/a\\.b\\+c\\(d\\)\\[e\\]\\{f\\}\\|g\\^h\\$i\\*j\\?k\\\\l/m-n$|^/wp-login\\.php$"
    error_message = "Every regex metacharacter of a login path must be escaped."
  }

  assert {
    condition     = can(regex(local.login_path_regex, "/a.b+c(d)[e]{f}|g^h$i*j?k\\l/m-n")) && !can(regex(local.login_path_regex, "/aXb+c(d)[e]{f}|g^h$i*j?k\\l/m-n")) && !can(regex(local.login_path_regex, "g^h$i*j?k\\l/m-n"))
    error_message = "A path with metacharacters must match itself only."
  }
}

run "refuses_an_upper_case_login_path" {
  command = plan

  variables {
    login_paths = ["/WP-Login.php"]
  }

  expect_failures = [var.login_paths]
}

# The limit counts the regex, escapes included: these paths have 133
# characters, and 65 or 66 dots that each take a backslash.
run "a_regex_of_200_characters_is_accepted" {
  command = plan

  variables {
    login_paths = ["/x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.xx"]
  }

  assert {
    condition     = length(one([for r in aws_wafv2_web_acl.this.rule : r.statement[0].rate_based_statement[0] if length(r.statement[0].rate_based_statement) > 0]).scope_down_statement[0].regex_match_statement[0].regex_string) == 200
    error_message = "A regex of exactly AWS WAF's 200 characters must be accepted."
  }
}

run "refuses_login_paths_beyond_the_regex_limit" {
  command = plan

  variables {
    login_paths = ["/x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x."]
  }

  expect_failures = [aws_wafv2_web_acl.this]
}

run "regional_needs_the_load_balancer" {
  command = plan

  variables {
    scope = "REGIONAL"
  }

  expect_failures = [var.resource_arn]
}

run "refuses_a_rate_limit_below_waf_minimum" {
  command = plan

  variables {
    login_rate_limit = 5
  }

  expect_failures = [var.login_rate_limit]
}
