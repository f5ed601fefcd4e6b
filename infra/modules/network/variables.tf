variable "name" {
  description = "Name of the network; prefixes the Name tag of every resource (e.g. \"wpecs-dev\")."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9]([a-z0-9-]{0,22}[a-z0-9])?$", var.name))
    error_message = "name must be 1-24 characters of lowercase letters, digits and hyphens, starting and ending with a letter or digit."
  }
}

variable "cidr" {
  description = "IPv4 CIDR block of the VPC, prefix /16 to /24 (e.g. \"10.0.0.0/16\")."
  type        = string
  default     = "10.0.0.0/16"

  validation {
    condition     = can(regex("^\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}/\\d{1,2}$", var.cidr)) && can(cidrhost(var.cidr, 0))
    error_message = "cidr must be an IPv4 CIDR block such as \"10.0.0.0/16\"."
  }

  validation {
    condition     = (can(regex("^\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}/\\d{1,2}$", var.cidr)) && can(cidrhost(var.cidr, 0))) ? (tonumber(split("/", var.cidr)[1]) >= 16 && tonumber(split("/", var.cidr)[1]) <= 24) : true
    error_message = "cidr prefix must be between /16 and /24 (what AWS allows for a VPC that holds two subnets per AZ)."
  }

  validation {
    condition     = (can(regex("^\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}/\\d{1,2}$", var.cidr)) && can(cidrhost(var.cidr, 0))) ? cidrhost(var.cidr, 0) == split("/", var.cidr)[0] : true
    error_message = "cidr must name the network address (no host bits set), e.g. \"10.0.0.0/16\", not \"10.0.0.1/16\"."
  }
}

variable "azs" {
  description = "Availability zones to spread over, 2 to 6 distinct names (e.g. [\"eu-west-1a\", \"eu-west-1b\", \"eu-west-1c\"]). One public and one private subnet per AZ."
  type        = list(string)

  validation {
    condition     = length(var.azs) >= 2 && length(var.azs) <= 6
    error_message = "azs must list between 2 and 6 availability zones (an ALB needs at least 2)."
  }

  validation {
    condition     = length(distinct(var.azs)) == length(var.azs)
    error_message = "azs must not repeat an availability zone."
  }

  validation {
    condition     = alltrue([for az in var.azs : can(regex("^[a-z]{2}(-[a-z]+)+-\\d[a-z]$", az))])
    error_message = "azs must be availability zone names such as \"eu-west-1a\" (not IDs like \"euw1-az1\" or region names)."
  }
}

variable "subnet_newbits" {
  description = "Bits added to the VPC prefix for each computed subnet (4 turns a /16 into /20 subnets). Public subnets take netnums 0..n-1, private subnets start at half the range, so adding an AZ never renumbers existing subnets. Ignored when both CIDR lists are given."
  type        = number
  default     = 4

  validation {
    condition     = var.subnet_newbits >= 4 && var.subnet_newbits <= 8 && floor(var.subnet_newbits) == var.subnet_newbits
    error_message = "subnet_newbits must be a whole number from 4 to 8 (4 leaves room for 6 AZs)."
  }
}

variable "public_subnet_cidrs" {
  description = "Explicit public subnet CIDRs, one per AZ in the same order. Empty (default) computes them with cidrsubnet. Give both lists or neither."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for c in var.public_subnet_cidrs : can(regex("^\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}/\\d{1,2}$", c)) && can(cidrhost(c, 0))])
    error_message = "public_subnet_cidrs must hold IPv4 CIDR blocks such as \"10.0.0.0/20\"."
  }

  validation {
    condition     = length(var.public_subnet_cidrs) == 0 || length(var.public_subnet_cidrs) == length(var.azs)
    error_message = "public_subnet_cidrs must have one entry per AZ (same length as azs) or be empty."
  }

}

variable "private_subnet_cidrs" {
  description = "Explicit private subnet CIDRs, one per AZ in the same order. Empty (default) computes them with cidrsubnet. Give both lists or neither."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for c in var.private_subnet_cidrs : can(regex("^\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}/\\d{1,2}$", c)) && can(cidrhost(c, 0))])
    error_message = "private_subnet_cidrs must hold IPv4 CIDR blocks such as \"10.0.128.0/20\"."
  }

  validation {
    condition     = length(var.private_subnet_cidrs) == 0 || length(var.private_subnet_cidrs) == length(var.azs)
    error_message = "private_subnet_cidrs must have one entry per AZ (same length as azs) or be empty."
  }

  validation {
    condition     = length(var.public_subnet_cidrs) == length(var.private_subnet_cidrs)
    error_message = "public_subnet_cidrs and private_subnet_cidrs must be given together (or both left empty)."
  }

  # The checks below look at both lists at once. They skip (pass) when a CIDR
  # is malformed: the format checks above report that with a clearer message.
  validation {
    condition = !(alltrue([for c in concat(var.public_subnet_cidrs, var.private_subnet_cidrs) : can(regex("^\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}/\\d{1,2}$", c)) && can(cidrhost(c, 0))]) && can(regex("^\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}/\\d{1,2}$", var.cidr)) && can(cidrhost(var.cidr, 0))) ? true : alltrue([
      for c in concat(var.public_subnet_cidrs, var.private_subnet_cidrs) :
      tonumber(split("/", c)[1]) >= tonumber(split("/", var.cidr)[1]) &&
      tonumber(split("/", c)[1]) <= 28 &&
      cidrhost("${split("/", c)[0]}/${split("/", var.cidr)[1]}", 0) == cidrhost(var.cidr, 0)
    ])
    error_message = "Every subnet CIDR must lie inside the VPC cidr and be between the VPC prefix and /28."
  }

  validation {
    condition = !alltrue([for c in concat(var.public_subnet_cidrs, var.private_subnet_cidrs) : can(regex("^\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}/\\d{1,2}$", c)) && can(cidrhost(c, 0))]) ? true : alltrue(flatten([
      for i, a in concat(var.public_subnet_cidrs, var.private_subnet_cidrs) : [
        for j, b in concat(var.public_subnet_cidrs, var.private_subnet_cidrs) :
        j <= i || cidrhost("${split("/", a)[0]}/${min(tonumber(split("/", a)[1]), tonumber(split("/", b)[1]))}", 0) != cidrhost("${split("/", b)[0]}/${min(tonumber(split("/", a)[1]), tonumber(split("/", b)[1]))}", 0)
      ]
    ]))
    error_message = "Subnet CIDRs must not overlap: two entries of public_subnet_cidrs/private_subnet_cidrs share addresses."
  }
}

variable "single_nat_gateway" {
  description = "true: one NAT gateway (in the first AZ) shared by all private subnets, cheaper but a single-AZ dependency. false (default): one NAT gateway per AZ."
  type        = bool
  default     = false
}

variable "s3_gateway_endpoint" {
  description = "An S3 gateway endpoint on the private route tables (free; keeps S3 traffic, such as ECR image layers, off the NAT gateways)."
  type        = bool
  default     = true
  nullable    = false
}

variable "flow_logs" {
  description = "VPC flow logs to a CloudWatch Logs group created here. Off by default; retention in days must be a value CloudWatch accepts."
  type = object({
    enabled           = optional(bool, false)
    traffic_type      = optional(string, "REJECT")
    retention_in_days = optional(number, 30)
    kms_key_arn       = optional(string)
  })
  default  = {}
  nullable = false

  validation {
    condition     = contains(["ACCEPT", "REJECT", "ALL"], var.flow_logs.traffic_type)
    error_message = "flow_logs.traffic_type must be ACCEPT, REJECT or ALL."
  }

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.flow_logs.retention_in_days)
    error_message = "flow_logs.retention_in_days must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653."
  }
}

variable "tags" {
  description = "Tags added to every resource (merged with Name)."
  type        = map(string)
  default     = {}
  nullable    = false
}
