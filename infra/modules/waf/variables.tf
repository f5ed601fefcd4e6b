variable "name" {
  description = "Name of the web ACL and prefix of its metric names, e.g. \"wpecs-prod\"."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9][a-zA-Z0-9_-]{0,120}$", var.name))
    error_message = "name must be 1-121 letters, digits, hyphens or underscores (a WAF web ACL name)."
  }
}

variable "scope" {
  description = "\"CLOUDFRONT\" (give this module a us-east-1 provider and pass the ACL to the distribution) or \"REGIONAL\" (associated with resource_arn, the load balancer)."
  type        = string

  validation {
    condition     = contains(["CLOUDFRONT", "REGIONAL"], var.scope)
    error_message = "scope must be \"CLOUDFRONT\" or \"REGIONAL\"."
  }
}

variable "resource_arn" {
  description = "REGIONAL only: the load balancer the web ACL is associated with."
  type        = string
  default     = null

  validation {
    condition     = (var.scope == "REGIONAL") == (var.resource_arn != null)
    error_message = "resource_arn (the load balancer) is required with scope REGIONAL and unused with CLOUDFRONT (the distribution names the web ACL)."
  }
}

variable "managed_rule_groups" {
  description = "AWS managed rule groups (vendor AWS), evaluated in this order before the rate limit."
  type        = list(string)
  default     = ["AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesPHPRuleSet", "AWSManagedRulesWordPressRuleSet"]
  nullable    = false
}

variable "login_paths" {
  description = "Paths whose requests are rate-limited per client address: the login form and XML-RPC, the targets of password guessing. A request counts when its path, normalised (//x and /a/../x are /x) and lower-cased, equals one of these (written in lower case) exactly; together they make one regex of at most 200 characters (AWS WAF's limit)."
  type        = list(string)
  default     = ["/wp-login.php", "/xmlrpc.php"]

  validation {
    condition     = length(var.login_paths) > 0 && alltrue([for p in var.login_paths : startswith(p, "/")])
    error_message = "login_paths must list at least one path starting with \"/\"."
  }

  validation {
    condition     = alltrue([for p in var.login_paths : !can(regex("[A-Z]", p))])
    error_message = "login_paths must be lower case: the rule lower-cases the request path before comparing, so a path with capitals would never match."
  }
}

variable "login_rate_limit" {
  description = "Requests one client address may send to login_paths in 5 minutes before it is blocked (AWS WAF's minimum is 10)."
  type        = number
  default     = 100

  validation {
    condition     = var.login_rate_limit >= 10 && var.login_rate_limit <= 2000000000 && floor(var.login_rate_limit) == var.login_rate_limit
    error_message = "login_rate_limit must be a whole number of at least 10 (requests per 5 minutes per address)."
  }
}

variable "tags" {
  description = "Extra tags on the web ACL."
  type        = map(string)
  default     = {}
  nullable    = false
}
