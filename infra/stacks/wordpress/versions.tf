terraform {
  # 1.10: S3 backend with native locking (use_lockfile), and validation
  # blocks that compare two variables (desired_count in prod).
  required_version = ">= 1.10"

  required_providers {
    # Exactly the release the tests ran with, as in the other stack
    # (infra/stacks/README.md, "Provider pin").
    aws = {
      source  = "hashicorp/aws"
      version = "5.100.0"
    }
  }

  # Partial configuration from infra/envs/<env>/wordpress.backend.hcl.
  backend "s3" {}
}

provider "aws" {
  region = var.region

  default_tags {
    tags = merge(var.tags, {
      Project     = data.terraform_remote_state.base.outputs.project
      Environment = var.environment
      ManagedBy   = "opentofu"
      Stack       = "wordpress"
    })
  }
}
