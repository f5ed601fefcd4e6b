# A DNS-validated ACM certificate, with the AWS API mocked.

mock_provider "aws" {
  # ACM's answer: the CNAME it wants to see in the zone.
  mock_resource "aws_acm_certificate" {
    defaults = {
      arn = "arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555"
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
  domain_name     = "blog.example.org"
  route53_zone_id = "Z0123456789ABCDEFGHIJ"
  tags            = { Env = "test" }
}

run "certificate_validated_in_the_zone" {
  command = apply

  assert {
    condition     = aws_acm_certificate.this.domain_name == "blog.example.org" && aws_acm_certificate.this.validation_method == "DNS" && aws_acm_certificate.this.tags == tomap({ Env = "test" })
    error_message = "The module must request a DNS-validated certificate for the name, with the given tags."
  }

  assert {
    condition = length(aws_route53_record.validation) == 1 && alltrue([for r in values(aws_route53_record.validation) :
      r.zone_id == "Z0123456789ABCDEFGHIJ" && r.type == "CNAME" && r.name == "_0123456789abcdef.blog.example.org." && r.records == toset(["_fedcba9876543210.acm-validations.aws."]) && r.ttl == 300
    ])
    error_message = "ACM's validation CNAME must be written, as ACM gave it, in the given zone."
  }

  assert {
    condition     = aws_acm_certificate_validation.this.certificate_arn == aws_acm_certificate.this.arn && aws_acm_certificate_validation.this.validation_record_fqdns == toset([for r in aws_route53_record.validation : r.fqdn])
    error_message = "The validation must wait for the certificate's own validation records."
  }

  assert {
    condition     = output.arn == aws_acm_certificate_validation.this.certificate_arn && output.validation_record_fqdns == ["_0123456789abcdef.blog.example.org"]
    error_message = "arn must come from the validation (users wait for it); the record names must be an output."
  }
}

run "refuses_a_wildcard" {
  command = plan

  variables {
    domain_name = "*.example.org"
  }

  expect_failures = [var.domain_name]
}

run "refuses_a_zone_that_is_no_zone_id" {
  command = plan

  variables {
    route53_zone_id = "example.org"
  }

  expect_failures = [var.route53_zone_id]
}
