# Written by infra/generate.sh (make docs) from infra/versions/module.tf.in: edit that.
terraform {
  # Ranges, for the modules' callers; one floor for all, the highest any
  # module needs: OpenTofu >= 1.9 or Terraform >= 1.9 (input checks compare
  # variables with each other), hashicorp/aws >= 5.80 (the cache's engine
  # "valkey").
  required_version = ">= 1.9"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.80, < 7.0"
    }
  }
}
