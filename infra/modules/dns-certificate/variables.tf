variable "domain_name" {
  description = "The name the certificate is for (one name, no wildcard), for example \"blog.example.org\"."
  type        = string

  validation {
    condition     = can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", var.domain_name)) && length(var.domain_name) <= 253
    error_message = "domain_name must be a lower-case DNS name such as \"blog.example.org\" (no wildcard, no trailing dot)."
  }
}

variable "route53_zone_id" {
  description = "ID of the Route 53 hosted zone that holds domain_name, where the validation record goes."
  type        = string

  validation {
    condition     = can(regex("^Z[A-Z0-9]{1,31}$", var.route53_zone_id))
    error_message = "route53_zone_id must be a Route 53 hosted zone ID such as \"Z0123456789ABCDEFGHIJ\"."
  }
}

variable "tags" {
  description = "Tags of the certificate."
  type        = map(string)
  default     = {}
}
