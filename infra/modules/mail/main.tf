################################################################################
# Mail through Amazon SES: a domain identity signed with Easy DKIM, a custom
# MAIL FROM domain, their records in Route 53, and SMTP credentials (an IAM
# user allowed only ses:SendRawEmail from that identity) in Secrets Manager
# for the container's WPECS_SMTP_USER / WPECS_SMTP_PASSWORD.
################################################################################

data "aws_region" "current" {}

locals {
  # `id` is the region's name in hashicorp/aws 5 and 6 alike.
  region           = data.aws_region.current.id
  mail_from_domain = "${var.mail_from_subdomain}.${var.domain}"
}

resource "aws_sesv2_email_identity" "this" {
  email_identity = var.domain

  # Easy DKIM: SES makes and rotates the keys; three CNAMEs publish them.
  dkim_signing_attributes {
    next_signing_key_length = "RSA_2048_BIT"
  }
}

resource "aws_route53_record" "dkim" {
  count = 3

  zone_id = var.route53_zone_id
  name    = "${aws_sesv2_email_identity.this.dkim_signing_attributes[0].tokens[count.index]}._domainkey.${var.domain}"
  type    = "CNAME"
  ttl     = var.dns_ttl
  records = ["${aws_sesv2_email_identity.this.dkim_signing_attributes[0].tokens[count.index]}.dkim.amazonses.com"]
}

# Bounces go to a subdomain of the site's own, so SPF passes for the domain
# in From (DMARC alignment) instead of for amazonses.com.
resource "aws_sesv2_email_identity_mail_from_attributes" "this" {
  email_identity         = aws_sesv2_email_identity.this.email_identity
  mail_from_domain       = local.mail_from_domain
  behavior_on_mx_failure = "USE_DEFAULT_VALUE"
}

# The MAIL FROM domain's two records: where bounces go (MX), and SPF.
resource "aws_route53_record" "mail_from" {
  for_each = {
    MX  = "10 feedback-smtp.${local.region}.amazonses.com"
    TXT = "v=spf1 include:amazonses.com -all"
  }

  zone_id = var.route53_zone_id
  name    = local.mail_from_domain
  type    = each.key
  ttl     = var.dns_ttl
  records = [each.value]
}

# SES's SMTP interface accepts only the credentials of an IAM user (an access
# key and the SMTP password derived from it); a role cannot log in to SMTP.
resource "aws_iam_user" "smtp" {
  #checkov:skip=CKV_AWS_273:SES's SMTP interface authenticates only IAM users' access keys (no SSO, no role): the user has no console password and only the one inline permission below.
  name = "${var.name}-ses-smtp"
  path = "/wordpress-ecs/"
}

resource "aws_iam_user_policy" "smtp" {
  #checkov:skip=CKV_AWS_40:SES SMTP needs an IAM user; this one inline statement (send from this identity only) is all it may do, and a group for one user would add nothing.
  name = "send-from-${var.domain}"
  user = aws_iam_user.smtp.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "SendThroughSmtpFromTheDomainOnly"
      Effect   = "Allow"
      Action   = "ses:SendRawEmail"
      Resource = aws_sesv2_email_identity.this.arn
    }]
  })
}

resource "aws_iam_access_key" "smtp" {
  user = aws_iam_user.smtp.name
}

resource "aws_secretsmanager_secret" "smtp" {
  #checkov:skip=CKV2_AWS_57:The value is derived from the IAM access key, which Secrets Manager cannot create; rotate by replacing the key (tofu apply -replace=module.mail[0].aws_iam_access_key.smtp) and rolling the service.
  #checkov:skip=CKV_AWS_149:A customer-managed key is optional (var.secret_kms_key_arn); without it Secrets Manager uses aws/secretsmanager.
  name_prefix             = "${var.name}-ses-smtp-"
  description             = "SES SMTP credentials of ${var.name} (WPECS_SMTP_USER / WPECS_SMTP_PASSWORD)"
  kms_key_id              = var.secret_kms_key_arn
  recovery_window_in_days = var.secret_recovery_window_days
}

resource "aws_secretsmanager_secret_version" "smtp" {
  secret_id = aws_secretsmanager_secret.smtp.id
  secret_string = jsonencode({
    username = aws_iam_access_key.smtp.id
    password = aws_iam_access_key.smtp.ses_smtp_password_v4
  })
}
