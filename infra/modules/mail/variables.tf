variable "name" {
  description = "Name prefix of the resources (IAM user, secret), e.g. \"wpecs-prod\"."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9][A-Za-z0-9-]{0,39}$", var.name))
    error_message = "name must be 1-40 letters, digits and hyphens (it prefixes an IAM user name)."
  }
}

variable "domain" {
  description = "Domain the site sends mail from (\"example.org\"): the SES identity, signed with Easy DKIM. Its records go into route53_zone_id."
  type        = string

  validation {
    condition     = can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", var.domain))
    error_message = "domain must be a lower-case domain name such as example.org (no scheme, no trailing dot)."
  }
}

variable "route53_zone_id" {
  description = "Route 53 hosted zone that holds domain: the DKIM, MAIL FROM MX and SPF records are written there."
  type        = string

  validation {
    condition     = can(regex("^[A-Z0-9]{1,32}$", var.route53_zone_id))
    error_message = "route53_zone_id must be a Route 53 hosted zone ID (upper-case letters and digits, without /hostedzone/)."
  }
}

variable "mail_from_subdomain" {
  description = "Custom MAIL FROM (bounce) domain: <mail_from_subdomain>.<domain>, so SPF aligns with the From domain for DMARC."
  type        = string
  default     = "bounce"

  validation {
    condition     = can(regex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$", var.mail_from_subdomain))
    error_message = "mail_from_subdomain must be one DNS label (a-z, 0-9, hyphens), e.g. bounce."
  }
}

variable "from_local_part" {
  description = "Local part of the From address WordPress sends with: <from_local_part>@<domain>."
  type        = string
  default     = "wordpress"

  validation {
    condition     = can(regex("^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$", var.from_local_part))
    error_message = "from_local_part must be the part of an address before @ (letters, digits, . _ + -)."
  }
}

variable "secret_kms_key_arn" {
  description = "Customer-managed KMS key for the SMTP credentials secret; null: aws/secretsmanager."
  type        = string
  default     = null
}

variable "secret_recovery_window_days" {
  description = "Days a deleted SMTP secret can be restored (0: deleted at once, for throwaway environments)."
  type        = number
  default     = 30

  validation {
    condition     = var.secret_recovery_window_days == 0 || (var.secret_recovery_window_days >= 7 && var.secret_recovery_window_days <= 30)
    error_message = "secret_recovery_window_days must be 0 or 7-30 (Secrets Manager's limits)."
  }
}

variable "dns_ttl" {
  description = "TTL of the DNS records, seconds."
  type        = number
  default     = 1800
}
