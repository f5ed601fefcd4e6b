# HTTPS: an existing certificate, or an ACM certificate for domain_name
# validated by DNS in a Route 53 zone; an alias record for the domain; HTTP
# redirected (301); a TLS 1.2+ policy. AWS mocked.

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

run "acm_certificate_validated_in_route53" {
  command = apply

  variables {
    domain_name     = "blog.example.org"
    route53_zone_id = "Z0123456789ABCDEFGHIJ"
  }

  assert {
    condition     = length(aws_acm_certificate.this) == 1 && aws_acm_certificate.this[0].domain_name == "blog.example.org" && aws_acm_certificate.this[0].validation_method == "DNS"
    error_message = "With domain_name and route53_zone_id (and no certificate_arn) the module must request a DNS-validated ACM certificate for the domain."
  }

  assert {
    condition = alltrue([for r in values(aws_route53_record.validation) :
      r.zone_id == "Z0123456789ABCDEFGHIJ" && r.type == "CNAME" && r.name == "_0123456789abcdef.blog.example.org." && r.records == toset(["_fedcba9876543210.acm-validations.aws."])
    ]) && length(aws_route53_record.validation) == 1
    error_message = "ACM's validation CNAME must be created in the given zone."
  }

  assert {
    condition     = aws_acm_certificate_validation.this[0].certificate_arn == aws_acm_certificate.this[0].arn && aws_acm_certificate_validation.this[0].validation_record_fqdns == toset([for r in aws_route53_record.validation : r.fqdn])
    error_message = "The certificate validation must wait for the validation records."
  }

  assert {
    condition     = length(aws_lb_listener.https) == 1 && aws_lb_listener.https[0].certificate_arn == aws_acm_certificate_validation.this[0].certificate_arn
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
    condition     = output.url == "https://blog.example.org" && output.certificate_arn == aws_acm_certificate.this[0].arn
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
    condition     = length(aws_acm_certificate.this) == 0 && length(aws_acm_certificate_validation.this) == 0 && length(aws_route53_record.validation) == 0
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
