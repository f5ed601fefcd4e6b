# The base stack's contract with the wordpress stack, and the settings it
# passes to its modules. AWS mocked.
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
  region      = "xx-test-1"
  environment = "dev"
}

# Contracts C3, C4 and C5: what the wordpress stack reads from this one.
run "load_balancer_settings_are_outputs" {
  command = plan

  variables {
    idle_timeout         = 90
    deregistration_delay = 150
  }

  assert {
    condition     = output.lb_idle_timeout == 90 && output.lb_deregistration_delay == 150
    error_message = "lb_idle_timeout and lb_deregistration_delay must be the load balancer's settings (idle_timeout, deregistration_delay)."
  }
}

run "defaults_fit_the_image" {
  command = plan

  assert {
    condition     = output.lb_idle_timeout == 60 && output.lb_deregistration_delay == 120 && output.lb_health_check_path == "/healthz/app"
    error_message = "Defaults: 60 s idle timeout (Apache's keep-alive is set above it), 120 s deregistration delay (PHP-FPM's request_terminate_timeout)."
  }
}

run "site_url_is_the_domain_over_https" {
  command = plan

  variables {
    domain_name     = "blog.example.org"
    route53_zone_id = "Z0123456789ABCDEFGHIJ"
  }

  assert {
    condition     = output.site_url == "https://blog.example.org"
    error_message = "With a domain the site URL (WORDPRESS_SITE_URL) must be https://<domain>."
  }
}

# Item 9: the instances and their volumes carry the environment's tags. The
# provider's default_tags never reach a launch template's tag_specifications
# or an Auto Scaling group's propagated tags, so the stack passes them.
run "instances_and_volumes_carry_the_environment_tags" {
  command = plan

  variables {
    tags = { CostCenter = "web" }
  }

  assert {
    condition = alltrue([for t in ["instance", "volume"] :
      module.ecs_cluster.instance_tags[t]["Environment"] == "dev" &&
      module.ecs_cluster.instance_tags[t]["Project"] == "wpecs" &&
      module.ecs_cluster.instance_tags[t]["CostCenter"] == "web"
    ])
    error_message = "Instances and volumes must be tagged with Project, Environment and the extra tags."
  }
}

run "s3_gateway_endpoint_is_on" {
  command = plan

  assert {
    condition     = module.network.s3_endpoint_id != null
    error_message = "The VPC must have the S3 gateway endpoint (S3 traffic off the NAT gateways)."
  }
}

run "efs_is_for_the_task_role_only" {
  command = plan

  assert {
    condition     = module.efs.client_role_arn_patterns == tolist(["arn:aws:iam::123456789012:role/wpecs-dev-task-*"])
    error_message = "Only the wordpress stack's task role (named <name>-task-*) may mount the file system."
  }
}

run "mail_is_off_by_default" {
  command = plan

  assert {
    condition     = output.mail == null && length(module.mail) == 0
    error_message = "Without mail_enabled there is no SES identity and no mail output (the service keeps PHP's mail())."
  }
}

run "mail_enabled_gives_the_service_ses_smtp_settings" {
  command = apply

  variables {
    mail_enabled         = true
    mail_domain          = "example.org"
    mail_route53_zone_id = "Z0123456789ABCDEFGHIJ"
  }

  assert {
    condition     = output.mail.host == "email-smtp.xx-test-1.amazonaws.com" && output.mail.port == 587 && output.mail.tls == "starttls" && output.mail.from == "wordpress@example.org"
    error_message = "The service must send through the region's SES SMTP endpoint, 587 with STARTTLS, from wordpress@<mail_domain>."
  }
  assert {
    condition     = output.mail.secret_arn == module.mail[0].smtp_secret_arn
    error_message = "The credentials reach the service through the mail module's secret."
  }
  assert {
    condition     = alltrue([for r in module.mail[0].dkim_tokens : r != ""]) && module.mail[0].mail_from_domain == "bounce.example.org"
    error_message = "The identity is mail_domain, with DKIM and MAIL FROM bounce.<mail_domain>."
  }
}

run "mail_enabled_without_a_zone_is_refused" {
  command = plan

  variables {
    mail_enabled = true
    mail_domain  = "example.org"
  }
  expect_failures = [var.mail_enabled]
}

run "no_cache_outputs_without_the_cache" {
  command = plan

  assert {
    condition     = output.cache_host == null && output.cache_port == null && output.cache_secret_arn == null && length(module.cache) == 0
    error_message = "Without cache_enabled there is no cache and its outputs are null."
  }
}

run "cache_outputs_reach_the_wordpress_stack" {
  command = apply

  variables {
    cache_enabled  = true
    cache_multi_az = true
  }

  assert {
    condition     = output.cache_host == module.cache[0].host && output.cache_port == 6379 && output.cache_secret_arn == module.cache[0].auth_secret_arn
    error_message = "The cache's endpoint, port and secret must be outputs."
  }
  assert {
    condition     = module.cache[0].security_group_id != null && module.cache[0].replication_group_id == "wpecs-dev"
    error_message = "The replication group is named like the stack."
  }
}

# The alarm topic (A6: other modules alarm to it) and the deployment alarms
# the wordpress stack gives to the service.
run "alarm_topic_is_an_output" {
  command = plan

  variables {
    alarm_email = "ops@example.org"
  }

  assert {
    condition     = output.alarm_topic_arn == module.monitoring.topic_arn && output.alarm_topic_arn != null
    error_message = "alarm_topic_arn must be the monitoring module's topic."
  }

  assert {
    condition     = jsonencode(output.deployment_alarm_names) == jsonencode(["wpecs-dev-alb-5xx-rate", "wpecs-dev-unhealthy-targets"])
    error_message = "deployment_alarm_names must be the 5xx-rate and unhealthy-targets alarms."
  }
}

run "alarms_off_export_nothing" {
  command = plan

  variables {
    alarms_enabled = false
  }

  assert {
    condition     = output.alarm_topic_arn == null && length(output.deployment_alarm_names) == 0
    error_message = "Without alarms the topic is null and no deployment alarm is named."
  }
}

run "email_without_alarms_fails" {
  command = plan

  variables {
    alarms_enabled = false
    alarm_email    = "ops@example.org"
  }

  expect_failures = [var.alarm_email]
}

# The backup plan selects this environment's database and file system; a
# copy goes to a vault in the second region.
run "backup_selects_database_and_files" {
  command = plan

  variables {
    backup_copy_region = "xx-other-2"
  }

  override_resource {
    target = module.backup_copy.aws_backup_vault.this
    values = { arn = "arn:aws:backup:xx-other-2:123456789012:backup-vault:wpecs-dev" }
  }

  assert {
    condition     = module.backup.vault_name == "wpecs-dev" && output.backup_role_arn != null && output.backup_copy_vault_arn == "arn:aws:backup:xx-other-2:123456789012:backup-vault:wpecs-dev"
    error_message = "Backups on by default: a vault, the role restores use, and the copy vault."
  }
}

run "backup_copy_region_equal_to_the_source_fails" {
  command = plan

  variables {
    backup_copy_region = "xx-test-1"
  }

  expect_failures = [var.backup_copy_region]
}
