# A DNS-validated ACM certificate, with the AWS API mocked.

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
  # ACM's answer: the CNAME it wants to see in the zone.
  mock_resource "aws_acm_certificate" {
    defaults = {
      arn = "arn:aws:acm:us-east-1:123456789012:certificate/abababab-cdcd-efef-0101-232323232323"
      domain_validation_options = [{
        domain_name           = "shop.example.net"
        resource_record_name  = "_5f5f5f5f5f5f5f5f.shop.example.net."
        resource_record_type  = "CNAME"
        resource_record_value = "_a1a1a1a1a1a1a1a1.acm-validations.aws."
      }]
    }
  }
  mock_resource "aws_route53_record" {
    defaults = { fqdn = "_5f5f5f5f5f5f5f5f.shop.example.net" }
  }
}

variables {
  domain_name     = "shop.example.net"
  route53_zone_id = "Z9ZYXWVUTSRQPONMLKJ1"
  tags            = { Env = "test" }
}

run "certificate_validated_in_the_zone" {
  command = apply

  assert {
    condition     = aws_acm_certificate.this.domain_name == "shop.example.net" && aws_acm_certificate.this.validation_method == "DNS" && aws_acm_certificate.this.tags == tomap({ Env = "test" })
    error_message = "The module must request a DNS-validated certificate for the name, with the given tags."
  }

  assert {
    condition = length(aws_route53_record.validation) == 1 && alltrue([for r in values(aws_route53_record.validation) :
      r.zone_id == "Z9ZYXWVUTSRQPONMLKJ1" && r.type == "CNAME" && r.name == "_5f5f5f5f5f5f5f5f.shop.example.net." && r.records == toset(["_a1a1a1a1a1a1a1a1.acm-validations.aws."]) && r.ttl == 300
    ])
    error_message = "ACM's validation CNAME must be written, as ACM gave it, in the given zone."
  }

  assert {
    condition     = aws_acm_certificate_validation.this.certificate_arn == aws_acm_certificate.this.arn && aws_acm_certificate_validation.this.validation_record_fqdns == toset([for r in aws_route53_record.validation : r.fqdn])
    error_message = "The validation must wait for the certificate's own validation records."
  }

  assert {
    condition     = output.arn == aws_acm_certificate_validation.this.certificate_arn && output.validation_record_fqdns == ["_5f5f5f5f5f5f5f5f.shop.example.net"]
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
