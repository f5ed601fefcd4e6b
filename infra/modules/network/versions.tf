terraform {
  # OpenTofu >= 1.9 or Terraform >= 1.9: the input checks compare variables
  # with each other (subnet lists against the AZ list and the VPC CIDR), which
  # older releases reject. `tofu test` with mock_provider needs 1.8+ anyway.
  required_version = ">= 1.9"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.60, < 7.0"
    }
  }
}
