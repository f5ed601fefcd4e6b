terraform {
  # OpenTofu >= 1.9 or Terraform >= 1.9, like the other modules of this
  # repository.
  required_version = ">= 1.9"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.60, < 7.0"
    }
  }
}
