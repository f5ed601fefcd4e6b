# prod refuses settings that would lose availability or data. Every run
# starts from valid prod settings and breaks one.
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

# CloudFront's certificate and a CLOUDFRONT web ACL: the us-east-1 provider.
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

# The backup copy region's provider (module backup_copy), mocked the same way.
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
  region                     = "xx-test-1"
  environment                = "prod"
  az_count                   = 3
  single_nat_gateway         = false
  db_multi_az                = true
  db_deletion_protection     = true
  db_backup_retention_period = 7
  db_skip_final_snapshot     = false
  certificate_arn            = "arn:aws:acm:xx-test-1:123456789012:certificate/11111111-2222-3333-4444-555555555555"
  flow_logs_enabled          = true
  alb_access_logs_enabled    = true
}

run "valid_prod_plans" {
  command = plan

  assert {
    condition     = length(module.network.nat_gateway_ids) == 3
    error_message = "prod has a NAT gateway in each of its 3 AZs"
  }
}

run "prod_refuses_single_nat" {
  command = plan
  variables {
    single_nat_gateway = true
  }
  expect_failures = [var.single_nat_gateway]
}

run "prod_refuses_two_azs" {
  command = plan
  variables {
    az_count = 2
    azs      = []
  }
  expect_failures = [var.az_count]
}

run "prod_refuses_single_az_database" {
  command = plan
  variables {
    db_multi_az = false
  }
  expect_failures = [var.db_multi_az]
}

run "prod_refuses_unprotected_database" {
  command = plan
  variables {
    db_deletion_protection = false
  }
  expect_failures = [var.db_deletion_protection]
}

run "prod_refuses_short_backups" {
  command = plan
  variables {
    db_backup_retention_period = 3
  }
  expect_failures = [var.db_backup_retention_period]
}

run "prod_refuses_skipping_the_final_snapshot" {
  command = plan
  variables {
    db_skip_final_snapshot = true
  }
  expect_failures = [var.db_skip_final_snapshot]
}

run "prod_refuses_http_only" {
  command = plan
  variables {
    certificate_arn = null
  }
  expect_failures = [var.certificate_arn]
}

run "prod_with_an_acm_certificate_for_its_domain_plans" {
  command = plan
  variables {
    certificate_arn = null
    domain_name     = "blog.example.org"
    route53_zone_id = "Z0123456789ABCDEFGHIJ"
  }
  assert {
    condition     = output.site_url == "https://blog.example.org"
    error_message = "prod with a domain and a zone serves https://<domain>."
  }
}

run "prod_refuses_no_flow_logs" {
  command = plan
  variables {
    flow_logs_enabled = false
  }
  expect_failures = [var.flow_logs_enabled]
}

run "prod_refuses_no_access_logs" {
  command = plan
  variables {
    alb_access_logs_enabled = false
  }
  expect_failures = [var.alb_access_logs_enabled]
}

run "prod_refuses_single_az_cache" {
  command = plan
  variables {
    cache_enabled  = true
    cache_multi_az = false
  }
  expect_failures = [var.cache_multi_az]
}

run "prod_refuses_no_alarms" {
  command = plan
  variables {
    alarms_enabled = false
  }
  expect_failures = [var.alarms_enabled]
}

run "prod_refuses_no_backups" {
  command = plan
  variables {
    backup_enabled = false
  }
  expect_failures = [var.backup_enabled]
}
