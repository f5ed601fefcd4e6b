# Plans the whole base stack with a mocked AWS provider. `infra/stacks/unit.sh
# envs` runs this file once per environment with -var-file of that
# environment's base.tfvars, so every env's settings pass every module's
# validation and give the intended shape.
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
  # IDs and ARNs in the formats the modules validate (the same block in env.tftest.hcl and stack.tftest.hcl: mock_provider cannot be shared).
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

# The backup copy region's provider: module backup_copy makes only a vault
# and its key there (vault_only), so only what those read is mocked.
mock_provider "aws" {
  alias = "backup_copy"

  mock_resource "aws_kms_key" {
    defaults = { arn = "arn:aws:kms:xx-test-1:123456789012:key/00000000-0000-0000-0000-000000000001" }
  }
  mock_resource "aws_backup_vault" {
    defaults = { arn = "arn:aws:backup:xx-other-2:123456789012:backup-vault:wpecs" }
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
  mock_resource "aws_iam_role" {
    defaults = {
      arn = "arn:aws:iam::123456789012:role/mock"
    }
  }
}

# environment and everything else come from the env's base.tfvars
# (file-level variables here would take precedence over -var-file).
variables {
  region = "xx-test-1"
}

run "plans_with_the_given_settings" {
  command = plan

  assert {
    condition     = length(local.azs) == (length(var.azs) > 0 ? length(var.azs) : var.az_count)
    error_message = "the stack uses az_count zones (or the azs given)"
  }
  assert {
    condition     = length(module.network.nat_gateway_ids) == (var.single_nat_gateway ? 1 : length(local.azs))
    error_message = "one NAT gateway per AZ, or one with single_nat_gateway"
  }
  assert {
    condition     = length(module.network.private_subnet_ids) == length(local.azs) && length(module.network.public_subnet_ids) == length(local.azs)
    error_message = "a public and a private subnet per AZ"
  }
  assert {
    condition     = var.environment != "prod" || (length(local.azs) >= 3 && !var.single_nat_gateway && var.db_multi_az && var.db_deletion_protection && var.db_backup_retention_period >= 7)
    error_message = "prod: 3 AZs, a NAT gateway per AZ, Multi-AZ database with deletion protection and 7+ days of backups"
  }
  assert {
    condition     = length(aws_security_group.tasks) == (var.network_mode == "awsvpc" ? 1 : 0)
    error_message = "a task security group exists only in awsvpc mode"
  }
  assert {
    condition     = length(module.cache) == (var.cache_enabled ? 1 : 0) && (var.environment != "prod" || (var.cache_enabled && var.cache_multi_az))
    error_message = "the object cache exists only with cache_enabled; prod has one, Multi-AZ"
  }
  assert {
    condition     = var.environment != "test" || (var.cache_enabled && var.cache_multi_az)
    error_message = "test turns every flag on (the object cache, Multi-AZ), so make test-aws applies it"
  }
}

run "awsvpc_mode_adds_a_task_security_group" {
  command = plan

  variables {
    network_mode = "awsvpc"
  }

  assert {
    condition     = length(aws_security_group.tasks) == 1 && aws_vpc_security_group_ingress_rule.tasks_http_from_alb[0].from_port == 80
    error_message = "awsvpc tasks get their own group, open on 80 from the load balancer"
  }
  assert {
    condition     = contains(keys(aws_vpc_security_group_egress_rule.tasks_in_vpc), "cache") == var.cache_enabled
    error_message = "awsvpc tasks may reach the object cache's port exactly when there is one"
  }
}
