# SES identity with DKIM and MAIL FROM, their records, the SMTP user's
# permission and the credentials secret, with the AWS API mocked.

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
  mock_data "aws_region" {
    defaults = { id = "eu-west-1", name = "eu-west-1" }
  }
  mock_resource "aws_sesv2_email_identity" {
    defaults = {
      arn = "arn:aws:ses:eu-west-1:123456789012:identity/example.org"
      dkim_signing_attributes = {
        tokens = ["tokena", "tokenb", "tokenc"]
      }
    }
  }
  mock_resource "aws_iam_access_key" {
    defaults = {
      id                   = "AKIAMOCKMOCKMOCKMOCK"
      ses_smtp_password_v4 = "derived-smtp-password"
    }
  }
  mock_resource "aws_secretsmanager_secret" {
    defaults = { arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:wpecs-prod-ses-smtp-abc-AbCdEf" }
  }
}

variables {
  name            = "wpecs-prod"
  domain          = "example.org"
  route53_zone_id = "Z0123456789ABCDEFGHIJ"
}

run "identity_signed_with_easy_dkim_and_its_records_in_the_zone" {
  command = apply

  assert {
    condition     = aws_sesv2_email_identity.this.email_identity == "example.org"
    error_message = "The identity must be the domain."
  }
  assert {
    condition     = aws_sesv2_email_identity.this.dkim_signing_attributes[0].next_signing_key_length == "RSA_2048_BIT"
    error_message = "Easy DKIM with 2048-bit keys."
  }
  assert {
    condition = [for r in aws_route53_record.dkim : [r.zone_id, r.type, r.name, one(r.records)]] == [
      ["Z0123456789ABCDEFGHIJ", "CNAME", "tokena._domainkey.example.org", "tokena.dkim.amazonses.com"],
      ["Z0123456789ABCDEFGHIJ", "CNAME", "tokenb._domainkey.example.org", "tokenb.dkim.amazonses.com"],
      ["Z0123456789ABCDEFGHIJ", "CNAME", "tokenc._domainkey.example.org", "tokenc.dkim.amazonses.com"],
    ]
    error_message = "One DKIM CNAME per token, in the given zone."
  }
}

run "custom_mail_from_with_mx_and_spf" {
  command = apply

  assert {
    condition     = aws_sesv2_email_identity_mail_from_attributes.this.mail_from_domain == "bounce.example.org" && aws_sesv2_email_identity_mail_from_attributes.this.behavior_on_mx_failure == "USE_DEFAULT_VALUE"
    error_message = "MAIL FROM must be bounce.<domain>, falling back to SES's domain (not refusing mail) while its MX is missing."
  }
  assert {
    condition     = aws_route53_record.mail_from["MX"].name == "bounce.example.org" && aws_route53_record.mail_from["MX"].type == "MX" && aws_route53_record.mail_from["MX"].records == toset(["10 feedback-smtp.eu-west-1.amazonses.com"])
    error_message = "The MAIL FROM domain's MX must point at SES's feedback endpoint of the region."
  }
  assert {
    condition     = aws_route53_record.mail_from["TXT"].name == "bounce.example.org" && aws_route53_record.mail_from["TXT"].type == "TXT" && aws_route53_record.mail_from["TXT"].records == toset(["v=spf1 include:amazonses.com -all"])
    error_message = "The MAIL FROM domain must publish SPF for SES."
  }
}

run "smtp_user_may_only_send_raw_mail_from_the_identity" {
  command = apply

  assert {
    condition = jsondecode(aws_iam_user_policy.smtp.policy).Statement == [{
      Sid      = "SendThroughSmtpFromTheDomainOnly"
      Effect   = "Allow"
      Action   = "ses:SendRawEmail"
      Resource = "arn:aws:ses:eu-west-1:123456789012:identity/example.org"
    }]
    error_message = "The SMTP user's only permission: ses:SendRawEmail on this identity."
  }
  assert {
    condition     = aws_iam_access_key.smtp.user == aws_iam_user.smtp.name && aws_iam_user.smtp.name == "wpecs-prod-ses-smtp"
    error_message = "The access key must belong to the SMTP user."
  }
}

run "credentials_in_secrets_manager_and_settings_for_the_container" {
  command = apply

  assert {
    condition     = jsondecode(aws_secretsmanager_secret_version.smtp.secret_string) == { username = "AKIAMOCKMOCKMOCKMOCK", password = "derived-smtp-password" }
    error_message = "The secret must hold the access key id as username and the derived SMTP password (v4), not the secret access key."
  }
  assert {
    condition     = aws_secretsmanager_secret.smtp.recovery_window_in_days == 30
    error_message = "A deleted secret stays restorable for 30 days by default."
  }
  assert {
    condition = output.container_settings == {
      host       = "email-smtp.eu-west-1.amazonaws.com"
      port       = 587
      tls        = "starttls"
      from       = "wordpress@example.org"
      secret_arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:wpecs-prod-ses-smtp-abc-AbCdEf"
    }
    error_message = "The container sends through the region's SMTP endpoint, 587 with STARTTLS, from wordpress@<domain>."
  }
  assert {
    condition     = !strcontains(jsonencode(output.container_settings), "derived-smtp-password")
    error_message = "The settings passed in the clear must not contain the password."
  }
}

run "bad_domain_is_refused" {
  command = plan
  variables {
    domain = "https://Example.org/"
  }
  expect_failures = [var.domain]
}

run "bad_zone_is_refused" {
  command = plan
  variables {
    route53_zone_id = "example.org"
  }
  expect_failures = [var.route53_zone_id]
}

run "bad_mail_from_subdomain_is_refused" {
  command = plan
  variables {
    mail_from_subdomain = "mail.from"
  }
  expect_failures = [var.mail_from_subdomain]
}
