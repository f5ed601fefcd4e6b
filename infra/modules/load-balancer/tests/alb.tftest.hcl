# Load balancer, target group, listeners and security group, with the AWS API
# mocked.

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
  # The provider checks ARN syntax even with mocked values.
  mock_resource "aws_lb" {
    defaults = {
      arn        = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/wpecs-test/0123456789abcdef"
      arn_suffix = "app/wpecs-test/0123456789abcdef"
      dns_name   = "wpecs-test-123456789.eu-west-1.elb.amazonaws.com"
      zone_id    = "Z32O12XQLNTSW2"
    }
  }
  mock_resource "aws_lb_target_group" {
    defaults = {
      arn        = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/wpecs-1234/0123456789abcdef"
      arn_suffix = "targetgroup/wpecs-1234/0123456789abcdef"
    }
  }
  mock_resource "aws_lb_listener" {
    defaults = { arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/wpecs-test/0123456789abcdef/0123456789abcdef" }
  }
  mock_resource "aws_security_group" {
    defaults = { id = "sg-0aaaaaaaaaaaaaaaa" }
  }
  # What ACM answers for a DNS-validated certificate: one CNAME to create.
  mock_resource "aws_acm_certificate" {
    defaults = {
      arn = "arn:aws:acm:eu-west-1:123456789012:certificate/99999999-8888-7777-6666-555555555555"
      domain_validation_options = [{
        domain_name           = "blog.example.org"
        resource_record_name  = "_0123456789abcdef.blog.example.org."
        resource_record_type  = "CNAME"
        resource_record_value = "_fedcba9876543210.acm-validations.aws."
      }]
    }
  }
  mock_resource "aws_route53_record" {
    defaults = { fqdn = "_0123456789abcdef.blog.example.org" }
  }
  mock_resource "aws_s3_bucket" {
    defaults = {
      id     = "wpecs-test-alb-logs-20260101000000000000000001"
      bucket = "wpecs-test-alb-logs-20260101000000000000000001"
      arn    = "arn:aws:s3:::wpecs-test-alb-logs-20260101000000000000000001"
    }
  }
  mock_data "aws_elb_service_account" {
    defaults = { arn = "arn:aws:iam::156460612806:root" }
  }
}

variables {
  name       = "wpecs-test"
  vpc_id     = "vpc-0123456789abcdef0"
  vpc_cidr   = "10.0.0.0/16"
  subnet_ids = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2", "subnet-0aaaaaaaaaaaaaaa3"]
}

run "http_only_without_certificate" {
  command = apply

  assert {
    condition     = aws_lb.this.load_balancer_type == "application" && !aws_lb.this.internal && jsonencode(aws_lb.this.subnets) == jsonencode(toset(var.subnet_ids))
    error_message = "The ALB must be internet-facing in the given public subnets."
  }

  assert {
    condition     = aws_lb.this.drop_invalid_header_fields && aws_lb.this.enable_deletion_protection && aws_lb.this.idle_timeout == 60
    error_message = "The ALB must drop invalid headers, be deletion-protected and use a 60 s idle timeout by default."
  }

  assert {
    condition     = !anytrue([for l in aws_lb.this.access_logs : l.enabled])
    error_message = "Access logs must be off without an access_logs bucket."
  }

  assert {
    condition     = aws_lb_target_group.this.target_type == "instance" && aws_lb_target_group.this.port == 80 && aws_lb_target_group.this.protocol == "HTTP"
    error_message = "The target group must default to instance targets on HTTP port 80 (bridge mode, dynamic host ports)."
  }

  assert {
    condition     = aws_lb_target_group.this.health_check[0].path == "/healthz/app" && aws_lb_target_group.this.health_check[0].matcher == "200" && aws_lb_target_group.this.health_check[0].port == "traffic-port"
    error_message = "The health check must ask /healthz/app (deploy verification: WordPress loads) on the traffic port and accept only 200."
  }

  assert {
    condition     = aws_lb_target_group.this.health_check[0].interval == 10 && aws_lb_target_group.this.health_check[0].healthy_threshold == 2 && aws_lb_target_group.this.health_check[0].unhealthy_threshold == 3
    error_message = "Health check timing must default to every 10 s, healthy after 2, unhealthy after 3."
  }

  assert {
    condition     = tonumber(aws_lb_target_group.this.deregistration_delay) == 120
    error_message = "The deregistration delay must default to 120 s, the longest request PHP-FPM lets run (request_terminate_timeout), so a request in flight finishes."
  }

  assert {
    condition     = aws_lb_listener.http.port == 80 && aws_lb_listener.http.default_action[0].type == "forward" && aws_lb_listener.http.default_action[0].target_group_arn == aws_lb_target_group.this.arn
    error_message = "Without a certificate the HTTP listener must forward to the target group."
  }

  assert {
    condition     = length(aws_lb_listener.https) == 0 && output.https_listener_arn == null
    error_message = "Without a certificate there must be no HTTPS listener and https_listener_arn must be null."
  }

  assert {
    condition     = toset([for r in aws_vpc_security_group_ingress_rule.public : r.from_port]) == toset([80])
    error_message = "Without a certificate only port 80 may be open."
  }

  assert {
    condition     = output.alb_arn_suffix == "app/wpecs-test/0123456789abcdef" && output.target_group_arn_suffix == "targetgroup/wpecs-1234/0123456789abcdef" && output.alb_security_group_id == aws_security_group.this.id && output.url == "http://wpecs-test-123456789.eu-west-1.elb.amazonaws.com"
    error_message = "Outputs must expose the ARN suffixes for CloudWatch, the security group and the site URL."
  }
}

run "https_with_certificate" {
  command = apply

  variables {
    certificate_arn = "arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555"
  }

  assert {
    condition     = aws_lb_listener.http.default_action[0].type == "redirect" && aws_lb_listener.http.default_action[0].redirect[0].protocol == "HTTPS" && aws_lb_listener.http.default_action[0].redirect[0].port == "443" && aws_lb_listener.http.default_action[0].redirect[0].status_code == "HTTP_301"
    error_message = "With a certificate the HTTP listener must redirect (301) to HTTPS on 443."
  }

  assert {
    condition     = length(aws_lb_listener.https) == 1 && aws_lb_listener.https[0].port == 443 && aws_lb_listener.https[0].protocol == "HTTPS" && aws_lb_listener.https[0].certificate_arn == var.certificate_arn
    error_message = "With a certificate there must be an HTTPS listener on 443 using it."
  }

  assert {
    condition     = aws_lb_listener.https[0].ssl_policy == "ELBSecurityPolicy-TLS13-1-2-2021-06"
    error_message = "The HTTPS listener must use the TLS 1.3/1.2 policy."
  }

  assert {
    condition     = aws_lb_listener.https[0].default_action[0].type == "forward" && aws_lb_listener.https[0].default_action[0].target_group_arn == aws_lb_target_group.this.arn
    error_message = "The HTTPS listener must forward to the target group."
  }

  assert {
    condition     = output.https_listener_arn == aws_lb_listener.https[0].arn && startswith(output.url, "https://")
    error_message = "https_listener_arn and url must reflect the HTTPS listener."
  }

  assert {
    condition     = toset([for r in aws_vpc_security_group_ingress_rule.public : r.from_port]) == toset([80, 443])
    error_message = "With a certificate ports 80 and 443 must be open."
  }
}

run "security_group_opens_only_80_and_443_to_the_world" {
  command = apply

  variables {
    certificate_arn = "arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555"
  }

  assert {
    condition     = length(aws_vpc_security_group_ingress_rule.public) == 4
    error_message = "Ports 80 and 443 from 0.0.0.0/0 and ::/0 must give exactly 4 ingress rules."
  }

  assert {
    condition = alltrue([for r in aws_vpc_security_group_ingress_rule.public :
      r.ip_protocol == "tcp" && r.from_port == r.to_port && contains([80, 443], r.from_port) && r.security_group_id == aws_security_group.this.id
    ])
    error_message = "Every ingress rule must open exactly one port, 80 or 443, over TCP."
  }

  assert {
    condition     = toset(compact([for r in aws_vpc_security_group_ingress_rule.public : r.cidr_ipv4])) == toset(["0.0.0.0/0"]) && toset(compact([for r in aws_vpc_security_group_ingress_rule.public : r.cidr_ipv6])) == toset(["::/0"])
    error_message = "Ingress must come from the default allowed ranges 0.0.0.0/0 and ::/0."
  }

  assert {
    condition     = aws_vpc_security_group_egress_rule.targets.cidr_ipv4 == "10.0.0.0/16" && aws_vpc_security_group_egress_rule.targets.cidr_ipv6 == null && aws_vpc_security_group_egress_rule.targets.ip_protocol == "tcp"
    error_message = "Egress must go only to the VPC CIDR over TCP."
  }
}

run "restricted_clients" {
  command = plan

  variables {
    allowed_ipv4_cidrs = ["203.0.113.0/24", "198.51.100.7/32"]
    allowed_ipv6_cidrs = []
  }

  assert {
    condition     = toset([for r in aws_vpc_security_group_ingress_rule.public : r.cidr_ipv4]) == toset(["203.0.113.0/24", "198.51.100.7/32"]) && length(aws_vpc_security_group_ingress_rule.public) == 2
    error_message = "Only the allowed ranges may reach port 80."
  }
}

run "awsvpc_targets_and_settings" {
  command = plan

  variables {
    target_type          = "ip"
    deregistration_delay = 5
    slow_start           = 60
    idle_timeout         = 300
    deletion_protection  = false
    health_check         = { interval = 30, unhealthy_threshold = 5 }
    access_logs          = { bucket = "wpecs-test-alb-logs", prefix = "alb" }
    tags                 = { Env = "test" }
  }

  assert {
    condition     = aws_lb_target_group.this.target_type == "ip" && tonumber(aws_lb_target_group.this.deregistration_delay) == 5 && aws_lb_target_group.this.slow_start == 60
    error_message = "target_type, deregistration_delay and slow_start must reach the target group."
  }

  assert {
    condition     = aws_lb_target_group.this.health_check[0].interval == 30 && aws_lb_target_group.this.health_check[0].unhealthy_threshold == 5 && aws_lb_target_group.this.health_check[0].path == "/healthz/app"
    error_message = "Health check settings must be merged with the defaults."
  }

  assert {
    condition     = aws_lb.this.idle_timeout == 300 && !aws_lb.this.enable_deletion_protection
    error_message = "idle_timeout and deletion_protection must reach the ALB."
  }

  assert {
    condition     = aws_lb.this.access_logs[0].bucket == "wpecs-test-alb-logs" && aws_lb.this.access_logs[0].prefix == "alb" && aws_lb.this.access_logs[0].enabled
    error_message = "access_logs must turn on logging to the given bucket."
  }

  assert {
    condition     = aws_lb.this.tags["Env"] == "test" && aws_lb_target_group.this.tags["Name"] == "wpecs-test" && aws_security_group.this.tags["Env"] == "test"
    error_message = "Tags must be merged with Name on every resource."
  }
}

# Contract C1: no health endpoint is reachable from the Internet. Every
# listener answers 404 itself for /healthz and /healthz/*, before its default
# action, and for the non-canonical spellings Apache would map onto them
# (duplicate slashes, dot segments). The target group's own checks go
# straight to the targets and are not affected.
run "health_endpoints_are_not_public_on_http" {
  command = apply

  assert {
    condition     = length(aws_lb_listener_rule.hide_health) == 1 && aws_lb_listener_rule.hide_health["http"].listener_arn == aws_lb_listener.http.arn
    error_message = "Without a certificate the one listener (HTTP) must have the rule hiding the health endpoints."
  }

  assert {
    condition = alltrue([for r in values(aws_lb_listener_rule.hide_health) :
      r.priority == 1 &&
      r.action[0].type == "fixed-response" &&
      r.action[0].fixed_response[0].status_code == "404" &&
      contains(one(one(r.condition).path_pattern).values, "/healthz") &&
      contains(one(one(r.condition).path_pattern).values, "/healthz/*")
    ])
    error_message = "The rule must come first and answer 404 itself for /healthz and /healthz/*."
  }

  assert {
    condition = alltrue([for r in values(aws_lb_listener_rule.hide_health) :
      length(setsubtract(["//*", "*/./*", "*/../*"], one(one(r.condition).path_pattern).values)) == 0
    ])
    error_message = "The rule must also answer 404 for paths Apache normalises onto /healthz (//healthz, /./healthz, /x/../healthz)."
  }
}

run "health_endpoints_are_not_public_on_any_listener" {
  command = apply

  variables {
    certificate_arn = "arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555"
  }

  assert {
    condition     = toset(keys(aws_lb_listener_rule.hide_health)) == toset(["http", "https"]) && aws_lb_listener_rule.hide_health["https"].listener_arn == aws_lb_listener.https[0].arn
    error_message = "With HTTPS both listeners (the redirecting HTTP one too) must hide the health endpoints."
  }

  assert {
    condition = alltrue([for r in values(aws_lb_listener_rule.hide_health) :
      r.action[0].type == "fixed-response" && r.action[0].fixed_response[0].status_code == "404" && one(one(r.condition).path_pattern).values == toset(["/healthz", "/healthz/*", "//*", "*/./*", "*/../*"])
    ])
    error_message = "Every listener must answer 404 for the health paths."
  }
}

run "health_check_thresholds_and_path_are_inputs" {
  command = plan

  variables {
    health_check = { path = "/healthz/live", healthy_threshold = 3, unhealthy_threshold = 4, interval = 15, timeout = 6 }
  }

  assert {
    condition     = aws_lb_target_group.this.health_check[0].path == "/healthz/live" && aws_lb_target_group.this.health_check[0].healthy_threshold == 3 && aws_lb_target_group.this.health_check[0].unhealthy_threshold == 4 && aws_lb_target_group.this.health_check[0].interval == 15 && aws_lb_target_group.this.health_check[0].timeout == 6
    error_message = "health_check must reach the target group."
  }
}

# Access logs to an S3 bucket the module creates: encrypted, private, logs
# expire, only the ELB log delivery may write. AWS mocked.

run "access_logs_to_a_bucket_of_its_own" {
  command = apply

  variables {
    access_logs = { prefix = "alb", expiration_days = 30 }
  }

  assert {
    condition     = length(aws_s3_bucket.access_logs) == 1 && startswith(aws_s3_bucket.access_logs[0].bucket_prefix, "wpecs-test-alb-logs-") && !aws_s3_bucket.access_logs[0].force_destroy
    error_message = "Without a bucket name the module must create the log bucket (kept on destroy by default)."
  }

  assert {
    condition     = aws_lb.this.access_logs[0].enabled && aws_lb.this.access_logs[0].bucket == aws_s3_bucket.access_logs[0].bucket && aws_lb.this.access_logs[0].prefix == "alb"
    error_message = "The load balancer must log to the created bucket under the prefix."
  }

  assert {
    condition     = one(one(aws_s3_bucket_server_side_encryption_configuration.access_logs[0].rule).apply_server_side_encryption_by_default).sse_algorithm == "AES256"
    error_message = "The log bucket must be encrypted (SSE-S3: the only encryption ALB log delivery supports)."
  }

  assert {
    condition = (
      aws_s3_bucket_public_access_block.access_logs[0].block_public_acls &&
      aws_s3_bucket_public_access_block.access_logs[0].block_public_policy &&
      aws_s3_bucket_public_access_block.access_logs[0].ignore_public_acls &&
      aws_s3_bucket_public_access_block.access_logs[0].restrict_public_buckets
    )
    error_message = "Public access to the log bucket must be blocked entirely."
  }

  assert {
    condition     = aws_s3_bucket_ownership_controls.access_logs[0].rule[0].object_ownership == "BucketOwnerEnforced"
    error_message = "ACLs must be off (bucket owner enforced)."
  }

  assert {
    condition = anytrue([for r in aws_s3_bucket_lifecycle_configuration.access_logs[0].rule :
      r.status == "Enabled" && r.expiration[0].days == 30 && r.abort_incomplete_multipart_upload[0].days_after_initiation == 1
    ])
    error_message = "Log objects must expire after expiration_days."
  }

  assert {
    condition = anytrue([for s in jsondecode(aws_s3_bucket_policy.access_logs[0].policy).Statement :
      s.Effect == "Allow" && s.Action == "s3:PutObject" && s.Principal == { Service = "logdelivery.elasticloadbalancing.amazonaws.com" } &&
      s.Resource == "arn:aws:s3:::wpecs-test-alb-logs-20260101000000000000000001/alb/AWSLogs/123456789012/*"
    ])
    error_message = "The ELB log delivery service may write only under the prefix and this account's AWSLogs path."
  }

  assert {
    condition = anytrue([for s in jsondecode(aws_s3_bucket_policy.access_logs[0].policy).Statement :
      s.Effect == "Allow" && s.Action == "s3:PutObject" && s.Principal == { AWS = "arn:aws:iam::156460612806:root" }
    ])
    error_message = "The region's ELB account (regions older than August 2022 deliver as that account) may write too."
  }

  assert {
    condition = anytrue([for s in jsondecode(aws_s3_bucket_policy.access_logs[0].policy).Statement :
      s.Effect == "Deny" && s.Condition.Bool["aws:SecureTransport"] == "false"
    ])
    error_message = "The log bucket must refuse requests without TLS."
  }

  assert {
    condition     = output.access_logs_bucket == aws_s3_bucket.access_logs[0].bucket
    error_message = "The bucket name must be an output."
  }
}

run "access_logs_to_a_given_bucket_create_nothing" {
  command = plan

  variables {
    access_logs = { bucket = "someone-elses-log-bucket" }
  }

  assert {
    condition     = length(aws_s3_bucket.access_logs) == 0 && aws_lb.this.access_logs[0].bucket == "someone-elses-log-bucket"
    error_message = "A given bucket is used as it is."
  }
}

run "no_access_logs_by_default" {
  command = plan

  assert {
    condition     = length(aws_s3_bucket.access_logs) == 0 && output.access_logs_bucket == null
    error_message = "Without access_logs there is no bucket."
  }
}

# Behind CloudFront: the security group admits only CloudFront's managed prefix
# list on 443, and the HTTPS listener forwards only requests carrying the
# secret origin header (others: 403). AWS mocked.

run "only_cloudfront_with_the_origin_header" {
  command = apply

  variables {
    certificate_arn           = "arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555"
    cloudfront_prefix_list_id = "pl-3b927c52"
    origin_header             = { name = "X-Origin-Verify", value = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKL" }
  }

  assert {
    condition     = length(aws_vpc_security_group_ingress_rule.public) == 0
    error_message = "Behind CloudFront, no address range may reach the load balancer directly."
  }

  assert {
    condition     = aws_vpc_security_group_ingress_rule.cloudfront[0].prefix_list_id == "pl-3b927c52" && aws_vpc_security_group_ingress_rule.cloudfront[0].from_port == 443 && aws_vpc_security_group_ingress_rule.cloudfront[0].to_port == 443 && aws_vpc_security_group_ingress_rule.cloudfront[0].cidr_ipv4 == null
    error_message = "The security group must admit CloudFront's prefix list on 443 only."
  }

  assert {
    condition     = output.ingress_rules == [{ port = 443, cidr = null, prefix_list_id = "pl-3b927c52" }]
    error_message = "The only ingress rule must be CloudFront's prefix list."
  }

  assert {
    condition     = aws_lb_listener.https[0].default_action[0].type == "fixed-response" && aws_lb_listener.https[0].default_action[0].fixed_response[0].status_code == "403"
    error_message = "Without the origin header, the HTTPS listener must answer 403."
  }

  assert {
    condition     = aws_lb_listener_rule.origin_header[0].action[0].type == "forward" && one(one(aws_lb_listener_rule.origin_header[0].condition).http_header).http_header_name == "X-Origin-Verify" && aws_lb_listener_rule.origin_header[0].priority > aws_lb_listener_rule.hide_health["https"].priority
    error_message = "Only requests with the origin header are forwarded, after the health paths are refused."
  }
}

run "open_without_cloudfront" {
  command = apply

  variables {
    certificate_arn = "arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555"
  }

  assert {
    condition     = length(aws_vpc_security_group_ingress_rule.cloudfront) == 0 && length(aws_lb_listener_rule.origin_header) == 0 && aws_lb_listener.https[0].default_action[0].type == "forward"
    error_message = "Without CloudFront, the HTTPS listener forwards everything and no prefix list is used."
  }
}

run "cloudfront_needs_https" {
  command = plan

  variables {
    cloudfront_prefix_list_id = "pl-3b927c52"
    origin_header             = { name = "X-Origin-Verify", value = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKL" }
  }

  expect_failures = [var.cloudfront_prefix_list_id]
}

# HTTPS: an existing certificate, or an ACM certificate for domain_name
# validated by DNS in a Route 53 zone; an alias record for the domain; HTTP
# redirected (301); a TLS 1.2+ policy. AWS mocked.

run "acm_certificate_validated_in_route53" {
  command = apply

  variables {
    domain_name     = "blog.example.org"
    route53_zone_id = "Z0123456789ABCDEFGHIJ"
  }

  assert {
    condition     = length(module.certificate) == 1 && module.certificate[0].validation_record_fqdns == ["_0123456789abcdef.blog.example.org"]
    error_message = "With domain_name and route53_zone_id (and no certificate_arn) the module must request a DNS-validated certificate for the domain (dns-certificate's own test checks the record)."
  }

  assert {
    condition     = length(aws_lb_listener.https) == 1 && aws_lb_listener.https[0].certificate_arn == module.certificate[0].arn
    error_message = "The HTTPS listener must use the validated certificate (and so wait for its validation)."
  }

  assert {
    condition     = aws_lb_listener.https[0].ssl_policy == "ELBSecurityPolicy-TLS13-1-2-2021-06" && aws_lb_listener.http.default_action[0].type == "redirect" && aws_lb_listener.http.default_action[0].redirect[0].status_code == "HTTP_301" && aws_lb_listener.http.default_action[0].redirect[0].protocol == "HTTPS"
    error_message = "HTTP must redirect (301) to HTTPS with a TLS 1.2+ policy."
  }

  assert {
    condition = (
      aws_route53_record.alias["A"].zone_id == "Z0123456789ABCDEFGHIJ" &&
      aws_route53_record.alias["A"].name == "blog.example.org" &&
      aws_route53_record.alias["A"].alias[0].name == "wpecs-test-123456789.eu-west-1.elb.amazonaws.com" &&
      aws_route53_record.alias["A"].alias[0].zone_id == "Z32O12XQLNTSW2" &&
      aws_route53_record.alias["A"].alias[0].evaluate_target_health
    )
    error_message = "An alias A record must point the domain at the load balancer."
  }

  assert {
    condition     = !contains(keys(aws_route53_record.alias), "AAAA")
    error_message = "An IPv4-only load balancer gets no AAAA record (it would resolve to nothing)."
  }

  assert {
    condition     = output.url == "https://blog.example.org" && output.certificate_arn == module.certificate[0].arn
    error_message = "The site URL must be https:// and the domain; the certificate ARN must be an output."
  }
}

run "dualstack_gets_an_aaaa_alias_too" {
  command = plan

  variables {
    domain_name     = "blog.example.org"
    route53_zone_id = "Z0123456789ABCDEFGHIJ"
    ip_address_type = "dualstack"
  }

  assert {
    condition     = toset(keys(aws_route53_record.alias)) == toset(["A", "AAAA"]) && aws_route53_record.alias["AAAA"].type == "AAAA"
    error_message = "A dual-stack load balancer gets A and AAAA alias records."
  }
}

run "existing_certificate_with_domain" {
  command = apply

  variables {
    certificate_arn = "arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555"
    domain_name     = "blog.example.org"
    route53_zone_id = "Z0123456789ABCDEFGHIJ"
  }

  assert {
    condition     = length(module.certificate) == 0
    error_message = "A given certificate_arn is used as it is: no new certificate, no validation records."
  }

  assert {
    condition     = aws_lb_listener.https[0].certificate_arn == var.certificate_arn && length(aws_route53_record.alias) == 1
    error_message = "The listener must use the given certificate and the domain still gets its alias record."
  }

  assert {
    condition     = output.url == "https://blog.example.org"
    error_message = "With a domain the URL is https://domain."
  }
}

run "existing_certificate_without_domain" {
  command = apply

  variables {
    certificate_arn = "arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555"
  }

  assert {
    condition     = length(aws_route53_record.alias) == 0 && output.url == "https://wpecs-test-123456789.eu-west-1.elb.amazonaws.com"
    error_message = "Without a domain there is no DNS record and the URL is the load balancer's own name over HTTPS."
  }
}

run "domain_without_zone_or_certificate_is_refused" {
  command = plan

  variables {
    domain_name = "blog.example.org"
  }

  expect_failures = [var.certificate_arn]
}

run "zone_without_domain_is_refused" {
  command = plan

  variables {
    route53_zone_id = "Z0123456789ABCDEFGHIJ"
  }

  expect_failures = [var.route53_zone_id]
}

run "bad_domain_is_refused" {
  command = plan

  variables {
    domain_name     = "https://blog.example.org/"
    route53_zone_id = "Z0123456789ABCDEFGHIJ"
  }

  expect_failures = [var.domain_name]
}

# Bad inputs are refused at plan time with a message naming the problem.

run "negative_deregistration_delay_is_refused" {
  command = plan
  variables {
    deregistration_delay = -1
  }
  expect_failures = [var.deregistration_delay]
}

run "huge_deregistration_delay_is_refused" {
  command = plan
  variables {
    deregistration_delay = 3601
  }
  expect_failures = [var.deregistration_delay]
}

run "slow_start_below_30_is_refused" {
  command = plan
  variables {
    slow_start = 10
  }
  expect_failures = [var.slow_start]
}

run "unknown_target_type_is_refused" {
  command = plan
  variables {
    target_type = "lambda"
  }
  expect_failures = [var.target_type]
}

run "single_subnet_is_refused" {
  command = plan
  variables {
    subnet_ids = ["subnet-0aaaaaaaaaaaaaaa1"]
  }
  expect_failures = [var.subnet_ids]
}

run "bad_certificate_arn_is_refused" {
  command = plan
  variables {
    certificate_arn = "my-certificate"
  }
  expect_failures = [var.certificate_arn]
}

run "old_tls_policy_is_refused" {
  command = plan
  variables {
    certificate_arn = "arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555"
    ssl_policy      = "ELBSecurityPolicy-2016-08"
  }
  expect_failures = [var.ssl_policy]
}

run "bad_client_cidr_is_refused" {
  command = plan
  variables {
    allowed_ipv4_cidrs = ["everyone"]
  }
  expect_failures = [var.allowed_ipv4_cidrs]
}

run "ipv4_range_as_ipv6_is_refused" {
  command = plan
  variables {
    allowed_ipv6_cidrs = ["0.0.0.0/0"]
  }
  expect_failures = [var.allowed_ipv6_cidrs]
}

run "health_check_timeout_not_below_interval_is_refused" {
  command = plan
  variables {
    health_check = { interval = 5, timeout = 5 }
  }
  expect_failures = [var.health_check]
}

run "relative_health_check_path_is_refused" {
  command = plan
  variables {
    health_check = { path = "healthz" }
  }
  expect_failures = [var.health_check]
}

run "bad_matcher_is_refused" {
  command = plan
  variables {
    health_check = { matcher = "ok" }
  }
  expect_failures = [var.health_check]
}

run "idle_timeout_zero_is_refused" {
  command = plan
  variables {
    idle_timeout = 0
  }
  expect_failures = [var.idle_timeout]
}

run "internal_prefix_name_is_refused" {
  command = plan
  variables {
    name = "internal-wp"
  }
  expect_failures = [var.name]
}

run "bad_vpc_cidr_is_refused" {
  command = plan
  variables {
    vpc_cidr = "10.0.0.0/33"
  }
  expect_failures = [var.vpc_cidr]
}

run "access_logs_without_expiry_is_refused" {
  command = plan
  variables {
    access_logs = { expiration_days = 0 }
  }
  expect_failures = [var.access_logs]
}

run "access_logs_prefix_with_slashes_is_refused" {
  command = plan
  variables {
    access_logs = { prefix = "/alb/" }
  }
  expect_failures = [var.access_logs]
}

run "bad_zone_id_is_refused" {
  command = plan
  variables {
    domain_name     = "blog.example.org"
    route53_zone_id = "example.org"
  }
  expect_failures = [var.route53_zone_id]
}
