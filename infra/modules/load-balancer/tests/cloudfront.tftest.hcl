# Behind CloudFront: the security group admits only CloudFront's managed prefix
# list on 443, and the HTTPS listener forwards only requests carrying the
# secret origin header (others: 403). AWS mocked.

mock_provider "aws" {
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
}

variables {
  name       = "wpecs-test"
  vpc_id     = "vpc-0123456789abcdef0"
  vpc_cidr   = "10.0.0.0/16"
  subnet_ids = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2", "subnet-0aaaaaaaaaaaaaaa3"]
}

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
