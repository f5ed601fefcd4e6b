terraform {
  # 1.8: validation blocks that compare two variables (memory_reservation
  # against memory). OpenTofu 1.8+ or Terraform 1.9+.
  required_version = ">= 1.8"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.60, < 7.0"
    }
  }
}
