# The base stack with AWS mocked: its contract with the wordpress stack and
# the settings it passes to its modules (contracts C3, C4, C5); the edge
# (edge.tf): CloudFront in front of the load balancer, which then admits only
# CloudFront, WAF on CloudFront or on the load balancer, the cache rules read
# from local/lb/cache-rules (contract C7); and prod's refusals of settings that
# would lose availability or data. One file so that the mocks below are
# written once (OpenTofu 1.10's mock_provider has no `source` to share them
# between files); `infra/stacks/unit.sh envs` also runs tests/envs/env.tftest.hcl
# with these mock_provider blocks and each env's tfvars.
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
  # IDs and ARNs in the formats the modules validate.
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
      # The one domain with CloudFront in these tests and in infra/envs/.
      domain_validation_options = [
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
  # The copy vault's key is in the copy region, like the vault.
  mock_resource "aws_kms_key" {
    defaults = { arn = "arn:aws:kms:xx-other-2:123456789012:key/00000000-0000-0000-0000-000000000002" }
  }
  mock_resource "aws_backup_vault" {
    defaults = { arn = "arn:aws:backup:xx-other-2:123456789012:backup-vault:wpecs" }
  }
  mock_data "aws_region" {
    defaults = {
      name = "xx-other-2"
    }
  }
}

# Every run starts from valid prod settings: a prod run breaks one of them;
# the others pick their environment (prod's rules then do not apply), and the
# runs that assert the URL's scheme drop the given certificate (with one the
# site is https whatever else they set).
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

# Contracts C3, C4 and C5: what the wordpress stack reads from this one.
run "load_balancer_settings_are_outputs" {
  command = plan

  variables {
    environment          = "dev"
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
  variables {
    environment = "dev"
  }

  assert {
    condition     = output.lb_idle_timeout == 60 && output.lb_deregistration_delay == 120 && output.lb_health_check_path == "/healthz/app"
    error_message = "Defaults: 60 s idle timeout (Apache's keep-alive is set above it), 120 s deregistration delay (PHP-FPM's request_terminate_timeout)."
  }
}

run "site_url_is_the_domain_over_https" {
  command = plan

  variables {
    environment     = "dev"
    domain_name     = "blog.example.org"
    route53_zone_id = "Z0123456789ABCDEFGHIJ"
    certificate_arn = null
  }

  assert {
    condition     = output.site_url == "https://blog.example.org"
    error_message = "With a domain the site URL (WORDPRESS_SITE_URL) must be https://<domain>."
  }
}

# The instances and their volumes carry the environment's tags. The
# provider's default_tags never reach a launch template's tag_specifications
# or an Auto Scaling group's propagated tags, so the stack passes them.
run "instances_and_volumes_carry_the_environment_tags" {
  command = plan

  variables {
    environment = "dev"
    tags        = { CostCenter = "web" }
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
  variables {
    environment = "dev"
  }

  assert {
    condition     = module.network.s3_endpoint_id != null
    error_message = "The VPC must have the S3 gateway endpoint (S3 traffic off the NAT gateways)."
  }
}

run "efs_is_for_the_task_role_only" {
  command = plan
  variables {
    environment = "dev"
  }

  assert {
    condition     = module.efs.client_role_arn_patterns == tolist(["arn:aws:iam::123456789012:role/wpecs-dev-task-*"])
    error_message = "Only the wordpress stack's task role (named <name>-task-*) may mount the file system."
  }
}

run "mail_is_off_by_default" {
  command = plan
  variables {
    environment = "dev"
  }

  assert {
    condition     = output.mail == null && length(module.mail) == 0
    error_message = "Without mail_enabled there is no SES identity and no mail output (the service keeps PHP's mail())."
  }
}

run "mail_enabled_gives_the_service_ses_smtp_settings" {
  command = apply

  variables {
    environment          = "dev"
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
    environment  = "dev"
    mail_enabled = true
    mail_domain  = "example.org"
  }
  expect_failures = [var.mail_enabled]
}

run "no_cache_outputs_without_the_cache" {
  command = plan
  variables {
    environment = "dev"
  }

  assert {
    condition     = output.cache_host == null && output.cache_port == null && output.cache_secret_arn == null && length(module.cache) == 0
    error_message = "Without cache_enabled there is no cache and its outputs are null."
  }
}

run "cache_outputs_reach_the_wordpress_stack" {
  command = apply

  variables {
    environment    = "dev"
    cache_enabled  = true
    cache_multi_az = true
  }

  assert {
    condition     = output.cache_host != null && output.cache_port == 6379 && startswith(output.cache_secret_arn, "arn:aws:secretsmanager:")
    error_message = "The cache's endpoint, its default port (6379) and its auth secret must be outputs."
  }
  assert {
    condition     = module.cache[0].security_group_id != null && module.cache[0].replication_group_id == "wpecs-dev"
    error_message = "The replication group is named like the stack."
  }
}

# The alarm topic (other modules alarm to it) and the deployment alarms
# the wordpress stack gives to the service.
run "alarm_topic_is_an_output" {
  command = plan

  variables {
    environment = "dev"
    alarm_email = "ops@example.org"
  }

  assert {
    condition     = output.alarm_topic_arn != null
    error_message = "With alarms on (the default), alarm_topic_arn is the topic; alarms_off_export_nothing checks null without."
  }

  assert {
    condition     = jsonencode(output.deployment_alarm_names) == jsonencode(["wpecs-dev-alb-5xx-rate", "wpecs-dev-unhealthy-targets"])
    error_message = "deployment_alarm_names must be the 5xx-rate and unhealthy-targets alarms."
  }
}

run "alarms_off_export_nothing" {
  command = plan

  variables {
    environment    = "dev"
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
    environment    = "dev"
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
    environment        = "dev"
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
    environment        = "dev"
    backup_copy_region = "xx-test-1"
  }

  expect_failures = [var.backup_copy_region]
}

# The edge (edge.tf), contract C7.
run "cdn_and_waf_in_front" {
  command = apply

  variables {
    environment     = "test"
    domain_name     = "www.example.com"
    route53_zone_id = "Z0000000000000000000"
    cdn_enabled     = true
    waf_enabled     = true
    certificate_arn = null
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
    environment     = "test"
    domain_name     = "www.example.com"
    route53_zone_id = "Z0000000000000000000"
    waf_enabled     = true
    certificate_arn = null
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
  variables {
    environment     = "test"
    domain_name     = "www.example.com"
    route53_zone_id = "Z0000000000000000000"
    certificate_arn = null
  }

  assert {
    condition     = length(module.cdn) == 0 && length(module.waf_regional) == 0 && length(module.waf_cloudfront) == 0 && length(aws_secretsmanager_secret.origin_header) == 0
    error_message = "CloudFront, WAF and the origin secret must be off by default."
  }
}

run "cdn_refuses_http_only" {
  command = plan

  variables {
    environment     = "test"
    cdn_enabled     = true
    domain_name     = null
    route53_zone_id = null
    certificate_arn = null
  }

  expect_failures = [var.cdn_enabled]
}

# prod refuses settings that would lose availability or data.
run "valid_prod_plans" {
  command = plan

  assert {
    condition     = length(module.network.nat_gateway_ids) == 3
    error_message = "prod has a NAT gateway in each of its 3 AZs"
  }
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

# Every one of these settings must be refused: a run fails unless each failure
# it expects happens. One plan for them all, as the base stack's plan is the
# slow part of this file.
run "prod_refuses_what_would_lose_availability_or_data" {
  command = plan
  variables {
    single_nat_gateway         = true
    az_count                   = 2
    azs                        = []
    db_multi_az                = false
    db_deletion_protection     = false
    db_backup_retention_period = 3
    db_skip_final_snapshot     = true
    certificate_arn            = null
    flow_logs_enabled          = false
    alb_access_logs_enabled    = false
    cache_enabled              = true
    cache_multi_az             = false
    alarms_enabled             = false
    backup_enabled             = false
  }
  expect_failures = [
    var.single_nat_gateway,
    var.az_count,
    var.db_multi_az,
    var.db_deletion_protection,
    var.db_backup_retention_period,
    var.db_skip_final_snapshot,
    var.certificate_arn,
    var.flow_logs_enabled,
    var.alb_access_logs_enabled,
    var.cache_multi_az,
    var.alarms_enabled,
    var.backup_enabled,
  ]
}
