terraform {
  # OpenTofu >= 1.9 or Terraform >= 1.9: input checks compare variables with
  # each other (min/desired/max), which older releases reject.
  required_version = ">= 1.9"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.60, < 7.0"
    }
  }
}
