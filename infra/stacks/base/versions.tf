terraform {
  # 1.10: S3 backend with native locking (use_lockfile), and validation
  # blocks that compare two variables.
  required_version = ">= 1.10"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.60, < 7.0"
    }
  }

  # Partial configuration: bucket, key and region come from
  # infra/envs/<env>/base.backend.hcl and the make targets
  # (`tofu init -backend-config=...`). Nothing account-specific lives here.
  backend "s3" {}
}

provider "aws" {
  region = var.region

  default_tags {
    tags = merge(var.tags, {
      Project     = var.project
      Environment = var.environment
      ManagedBy   = "opentofu"
      Stack       = "base"
    })
  }
}
