# The edge (edge.tf): CloudFront in front of the load balancer, which then
# admits only CloudFront; WAF on CloudFront or on the load balancer; the
# cache rules read from local/lb/cache-rules (contract C7). AWS mocked.
mock_provider "aws" {
  # Alarm topic and its key, backup vault (ARN syntax is checked).
  mock_resource "aws_kms_key" {
    defaults = { arn = "arn:aws:kms:xx-test-1:123456789012:key/00000000-0000-0000-0000-000000000001" }
  }
  mock_resource "aws_sns_topic" {
    defaults = { arn = "arn:aws:sns:xx-test-1:123456789012:wpecs-alarms" }
  }
  mock_resource "aws_cloudwatch_metric_alarm" {
    defaults = { arn = "arn:aws:cloudwatch:xx-test-1:123456789012:alarm:wpecs" }
  }
  mock_resource "aws_backup_vault" {
    defaults = { arn = "arn:aws:backup:xx-test-1:123456789012:backup-vault:wpecs" }
  }
  # IDs and ARNs in the formats the modules validate (same block in env.tftest.hcl and prod_rules.tftest.hcl).
  mock_data "aws_secretsmanager_random_password" {
    defaults = {
      random_password = "TokenTokenTokenTokenTokenTokenTokenTokenTokenTokenTokenToken1234"
    }
  }
  mock_data "aws_availability_zones" {
    defaults = {
      names = ["xx-test-1a", "xx-test-1b", "xx-test-1c", "xx-test-1d"]
    }
  }
  mock_data "aws_ssm_parameter" {
    defaults = {
      value          = "ami-0123456789abcdef0"
      insecure_value = "ami-0123456789abcdef0"
    }
  }
  mock_data "aws_region" {
    defaults = {
      id   = "xx-test-1"
      name = "xx-test-1"
    }
  }
  mock_data "aws_partition" {
    defaults = {
      partition = "aws"
    }
  }
  mock_data "aws_caller_identity" {
    defaults = {
      account_id = "123456789012"
    }
  }
  mock_resource "aws_vpc" {
    defaults = {
      id = "vpc-0123456789abcdef0"
    }
  }
  mock_resource "aws_subnet" {
    defaults = {
      id = "subnet-0123456789abcdef0"
    }
  }
  mock_resource "aws_security_group" {
    defaults = {
      id = "sg-0123456789abcdef0"
    }
  }
  mock_resource "aws_iam_role" {
    defaults = {
      arn = "arn:aws:iam::123456789012:role/mock"
    }
  }
  mock_resource "aws_iam_instance_profile" {
    defaults = {
      arn = "arn:aws:iam::123456789012:instance-profile/mock"
    }
  }
  mock_resource "aws_lb" {
    defaults = {
      arn        = "arn:aws:elasticloadbalancing:xx-test-1:123456789012:loadbalancer/app/mock/0123456789abcdef"
      arn_suffix = "app/mock/0123456789abcdef"
    }
  }
  mock_resource "aws_lb_target_group" {
    defaults = {
      arn        = "arn:aws:elasticloadbalancing:xx-test-1:123456789012:targetgroup/mock/0123456789abcdef"
      arn_suffix = "targetgroup/mock/0123456789abcdef"
    }
  }
  mock_resource "aws_launch_template" {
    defaults = {
      id = "lt-0123456789abcdef0"
    }
  }
  mock_resource "aws_autoscaling_group" {
    defaults = {
      arn = "arn:aws:autoscaling:xx-test-1:123456789012:autoScalingGroup:0:autoScalingGroupName/mock"
    }
  }
  mock_resource "aws_cloudwatch_log_group" {
    defaults = {
      arn = "arn:aws:logs:xx-test-1:123456789012:log-group:/vpc/mock/flow-logs"
    }
  }
  mock_resource "aws_lb_listener" {
    defaults = {
      arn = "arn:aws:elasticloadbalancing:xx-test-1:123456789012:listener/app/mock/0123456789abcdef/0123456789abcdef"
    }
  }
  mock_resource "aws_acm_certificate" {
    defaults = {
      arn = "arn:aws:acm:xx-test-1:123456789012:certificate/99999999-8888-7777-6666-555555555555"
      # ACM's answer for the domains the tests and infra/envs/prod use.
      domain_validation_options = [
        {
          domain_name           = "blog.example.org"
          resource_record_name  = "_0123456789abcdef.blog.example.org."
          resource_record_type  = "CNAME"
          resource_record_value = "_fedcba9876543210.acm-validations.aws."
        },
        {
          domain_name           = "www.example.com"
          resource_record_name  = "_0123456789abcdef.www.example.com."
          resource_record_type  = "CNAME"
          resource_record_value = "_fedcba9876543210.acm-validations.aws."
        },
        {
          domain_name           = "origin.www.example.com"
          resource_record_name  = "_0123456789abcdef.origin.www.example.com."
          resource_record_type  = "CNAME"
          resource_record_value = "_fedcba9876543210.acm-validations.aws."
        },
        {
          domain_name           = "origin.blog.example.org"
          resource_record_name  = "_0123456789abcdef.origin.blog.example.org."
          resource_record_type  = "CNAME"
          resource_record_value = "_fedcba9876543210.acm-validations.aws."
        },
      ]
    }
  }
  # SES returns three Easy DKIM tokens (one CNAME each).
  mock_resource "aws_sesv2_email_identity" {
    defaults = {
      arn                     = "arn:aws:ses:xx-test-1:123456789012:identity/example.com"
      dkim_signing_attributes = { tokens = ["tokena", "tokenb", "tokenc"] }
    }
  }
  mock_resource "aws_s3_bucket" {
    defaults = {
      arn = "arn:aws:s3:::wpecs-prod-alb-logs-20260101000000000000000001"
    }
  }
  mock_data "aws_elb_service_account" {
    defaults = {
      arn = "arn:aws:iam::156460612806:root"
    }
  }
  mock_data "aws_ecr_repository" {
    defaults = {
      arn            = "arn:aws:ecr:xx-test-1:123456789012:repository/wpecs/dev/wordpress"
      repository_url = "123456789012.dkr.ecr.xx-test-1.amazonaws.com/wpecs/dev/wordpress"
    }
  }
  # The database module's rotation: the provider checks these are ARNs.
  mock_resource "aws_ecs_cluster" {
    defaults = {
      arn = "arn:aws:ecs:xx-test-1:123456789012:cluster/wpecs-test"
    }
  }
  mock_resource "aws_secretsmanager_secret" {
    defaults = {
      arn = "arn:aws:secretsmanager:xx-test-1:123456789012:secret:wpecs-test-wordpress-db-AbCdEf"
    }
  }
  mock_resource "aws_lambda_function" {
    defaults = {
      arn = "arn:aws:lambda:xx-test-1:123456789012:function:wpecs-test-db-rotation"
    }
  }
  mock_resource "aws_db_instance" {
    defaults = {
      master_user_secret = [{
        secret_arn    = "arn:aws:secretsmanager:xx-test-1:123456789012:secret:rds!db-1-AbCdEf"
        kms_key_id    = "arn:aws:kms:xx-test-1:123456789012:key/mock"
        secret_status = "active"
      }]
    }
  }
  mock_data "aws_ec2_managed_prefix_list" {
    defaults = {
      id = "pl-3b927c52"
    }
  }
  mock_resource "aws_wafv2_web_acl" {
    defaults = {
      arn = "arn:aws:wafv2:xx-test-1:123456789012:regional/webacl/wpecs-test-alb/0123abcd-0123-abcd-0123-0123456789ab"
    }
  }
}

mock_provider "aws" {
  alias = "us_east_1"

  mock_resource "aws_acm_certificate" {
    defaults = {
      arn = "arn:aws:acm:us-east-1:123456789012:certificate/99999999-8888-7777-6666-555555555555"
      domain_validation_options = [
        {
          domain_name           = "blog.example.org"
          resource_record_name  = "_0123456789abcdef.blog.example.org."
          resource_record_type  = "CNAME"
          resource_record_value = "_fedcba9876543210.acm-validations.aws."
        },
        {
          domain_name           = "www.example.com"
          resource_record_name  = "_0123456789abcdef.www.example.com."
          resource_record_type  = "CNAME"
          resource_record_value = "_fedcba9876543210.acm-validations.aws."
        },
      ]
    }
  }
  mock_resource "aws_wafv2_web_acl" {
    defaults = {
      arn = "arn:aws:wafv2:us-east-1:123456789012:global/webacl/wpecs-test-cloudfront/0123abcd-0123-abcd-0123-0123456789ab"
    }
  }
  mock_resource "aws_cloudfront_distribution" {
    defaults = {
      arn            = "arn:aws:cloudfront::123456789012:distribution/E0123456789ABC"
      domain_name    = "d0123456789abc.cloudfront.net"
      hosted_zone_id = "Z2FDTNDATAQYW2"
    }
  }
}

mock_provider "aws" {
  alias = "backup_copy"
  # Alarm topic and its key, backup vault (ARN syntax is checked).
  mock_resource "aws_kms_key" {
    defaults = { arn = "arn:aws:kms:xx-test-1:123456789012:key/00000000-0000-0000-0000-000000000001" }
  }
  mock_resource "aws_sns_topic" {
    defaults = { arn = "arn:aws:sns:xx-test-1:123456789012:wpecs-alarms" }
  }
  mock_resource "aws_cloudwatch_metric_alarm" {
    defaults = { arn = "arn:aws:cloudwatch:xx-test-1:123456789012:alarm:wpecs" }
  }
  mock_resource "aws_backup_vault" {
    defaults = { arn = "arn:aws:backup:xx-other-2:123456789012:backup-vault:wpecs" }
  }
  # IDs and ARNs in the formats the modules validate (same block in env.tftest.hcl and prod_rules.tftest.hcl).
  mock_data "aws_availability_zones" {
    defaults = {
      names = ["xx-test-1a", "xx-test-1b", "xx-test-1c", "xx-test-1d"]
    }
  }
  mock_data "aws_ssm_parameter" {
    defaults = {
      value          = "ami-0123456789abcdef0"
      insecure_value = "ami-0123456789abcdef0"
    }
  }
  mock_data "aws_region" {
    defaults = {
      name = "xx-other-2"
    }
  }
  mock_data "aws_partition" {
    defaults = {
      partition = "aws"
    }
  }
  mock_data "aws_caller_identity" {
    defaults = {
      account_id = "123456789012"
    }
  }
  mock_resource "aws_vpc" {
    defaults = {
      id = "vpc-0123456789abcdef0"
    }
  }
  mock_resource "aws_subnet" {
    defaults = {
      id = "subnet-0123456789abcdef0"
    }
  }
  mock_resource "aws_security_group" {
    defaults = {
      id = "sg-0123456789abcdef0"
    }
  }
  mock_resource "aws_iam_role" {
    defaults = {
      arn = "arn:aws:iam::123456789012:role/mock"
    }
  }
  mock_resource "aws_iam_instance_profile" {
    defaults = {
      arn = "arn:aws:iam::123456789012:instance-profile/mock"
    }
  }
  mock_resource "aws_lb" {
    defaults = {
      arn        = "arn:aws:elasticloadbalancing:xx-test-1:123456789012:loadbalancer/app/mock/0123456789abcdef"
      arn_suffix = "app/mock/0123456789abcdef"
    }
  }
  mock_resource "aws_lb_target_group" {
    defaults = {
      arn        = "arn:aws:elasticloadbalancing:xx-test-1:123456789012:targetgroup/mock/0123456789abcdef"
      arn_suffix = "targetgroup/mock/0123456789abcdef"
    }
  }
  mock_resource "aws_launch_template" {
    defaults = {
      id = "lt-0123456789abcdef0"
    }
  }
  mock_resource "aws_autoscaling_group" {
    defaults = {
      arn = "arn:aws:autoscaling:xx-test-1:123456789012:autoScalingGroup:0:autoScalingGroupName/mock"
    }
  }
  mock_resource "aws_cloudwatch_log_group" {
    defaults = {
      arn = "arn:aws:logs:xx-test-1:123456789012:log-group:/vpc/mock/flow-logs"
    }
  }
  mock_resource "aws_lb_listener" {
    defaults = {
      arn = "arn:aws:elasticloadbalancing:xx-test-1:123456789012:listener/app/mock/0123456789abcdef/0123456789abcdef"
    }
  }
  mock_resource "aws_acm_certificate" {
    defaults = {
      arn = "arn:aws:acm:xx-test-1:123456789012:certificate/99999999-8888-7777-6666-555555555555"
      # ACM's answer for the domains the tests and infra/envs/prod use.
      domain_validation_options = [
        {
          domain_name           = "blog.example.org"
          resource_record_name  = "_0123456789abcdef.blog.example.org."
          resource_record_type  = "CNAME"
          resource_record_value = "_fedcba9876543210.acm-validations.aws."
        },
        {
          domain_name           = "www.example.com"
          resource_record_name  = "_0123456789abcdef.www.example.com."
          resource_record_type  = "CNAME"
          resource_record_value = "_fedcba9876543210.acm-validations.aws."
        },
      ]
    }
  }
  mock_resource "aws_s3_bucket" {
    defaults = {
      arn = "arn:aws:s3:::wpecs-prod-alb-logs-20260101000000000000000001"
    }
  }
  mock_data "aws_elb_service_account" {
    defaults = {
      arn = "arn:aws:iam::156460612806:root"
    }
  }
  mock_data "aws_ecr_repository" {
    defaults = {
      arn            = "arn:aws:ecr:xx-test-1:123456789012:repository/wpecs/dev/wordpress"
      repository_url = "123456789012.dkr.ecr.xx-test-1.amazonaws.com/wpecs/dev/wordpress"
    }
  }
  # The database module's rotation: the provider checks these are ARNs.
  mock_resource "aws_ecs_cluster" {
    defaults = {
      arn = "arn:aws:ecs:xx-test-1:123456789012:cluster/wpecs-test"
    }
  }
  mock_resource "aws_secretsmanager_secret" {
    defaults = {
      arn = "arn:aws:secretsmanager:xx-test-1:123456789012:secret:wpecs-test-wordpress-db-AbCdEf"
    }
  }
  mock_resource "aws_lambda_function" {
    defaults = {
      arn = "arn:aws:lambda:xx-test-1:123456789012:function:wpecs-test-db-rotation"
    }
  }
  mock_resource "aws_db_instance" {
    defaults = {
      master_user_secret = [{
        secret_arn    = "arn:aws:secretsmanager:xx-test-1:123456789012:secret:rds!db-1-AbCdEf"
        kms_key_id    = "arn:aws:kms:xx-test-1:123456789012:key/mock"
        secret_status = "active"
      }]
    }
  }
}

variables {
  region          = "xx-test-1"
  environment     = "test"
  domain_name     = "www.example.com"
  route53_zone_id = "Z0000000000000000000"
}

run "cdn_and_waf_in_front" {
  command = apply

  variables {
    cdn_enabled = true
    waf_enabled = true
  }

  assert {
    condition     = output.site_url == "https://www.example.com" && output.url == "https://www.example.com"
    error_message = "With CloudFront, the site's URL is the domain (which points at CloudFront)."
  }

  assert {
    condition     = output.cdn_distribution_id != null
    error_message = "cdn_enabled must create the distribution."
  }

  assert {
    condition     = strcontains(output.web_acl_arn, ":global/webacl/") && length(module.waf_regional) == 0
    error_message = "With CloudFront, the web ACL is a CLOUDFRONT one (us-east-1) and none is on the load balancer."
  }

  # Contract C7: the same list HAProxy reads, one uncached behaviour a prefix.
  assert {
    condition     = module.cdn[0].bypass_path_patterns == [for p in split("\n", trimspace(file("../../../local/lb/cache-rules/bypass-path-prefixes.lst"))) : "${p}*"]
    error_message = "Every path of local/lb/cache-rules/bypass-path-prefixes.lst must be an uncached CloudFront behaviour."
  }

  assert {
    condition     = contains(module.cdn[0].bypass_path_patterns, "/wp-admin*") && contains(module.cdn[0].bypass_path_patterns, "/wp-login.php*") && contains(module.cdn[0].bypass_path_patterns, "/xmlrpc.php*") && contains(module.cdn[0].bypass_path_patterns, "/wp-cron.php*")
    error_message = "Admin, login, XML-RPC and cron must bypass CloudFront's cache."
  }

  assert {
    condition     = data.aws_ec2_managed_prefix_list.cloudfront[0].name == "com.amazonaws.global.cloudfront.origin-facing"
    error_message = "The load balancer must admit CloudFront's origin-facing managed prefix list."
  }

  assert {
    condition     = module.load_balancer.ingress_rules == [{ port = 443, prefix_list_id = "pl-3b927c52", cidr = null }]
    error_message = "With CloudFront, the load balancer's security group must admit only CloudFront's prefix list, on 443."
  }
}

run "waf_alone_is_on_the_load_balancer" {
  command = apply

  variables {
    waf_enabled = true
  }

  assert {
    condition     = length(module.waf_regional) == 1 && length(module.cdn) == 0 && output.cdn_distribution_id == null && strcontains(output.web_acl_arn, ":regional/webacl/")
    error_message = "Without CloudFront, the web ACL must be REGIONAL, on the load balancer."
  }

  assert {
    condition     = length(module.load_balancer.ingress_rules) > 0 && alltrue([for r in module.load_balancer.ingress_rules : r.prefix_list_id == null && contains(["0.0.0.0/0", "::/0"], r.cidr)])
    error_message = "Without CloudFront, the load balancer stays open to allowed_ipv4_cidrs."
  }
}

run "edge_off_by_default" {
  command = plan

  assert {
    condition     = length(module.cdn) == 0 && length(module.waf_regional) == 0 && length(module.waf_cloudfront) == 0 && length(aws_secretsmanager_secret.origin_header) == 0
    error_message = "CloudFront, WAF and the origin secret must be off by default."
  }
}

run "cdn_refuses_http_only" {
  command = plan

  variables {
    cdn_enabled     = true
    domain_name     = null
    route53_zone_id = null
  }

  expect_failures = [var.cdn_enabled]
}
