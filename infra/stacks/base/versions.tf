terraform {
  # 1.10: S3 backend with native locking (use_lockfile), and validation
  # blocks that compare two variables.
  required_version = ">= 1.10"

  required_providers {
    # Exactly the release the tests ran with, as in the other stack
    # (infra/stacks/README.md, "Provider pin").
    aws = {
      source  = "hashicorp/aws"
      version = "5.100.0"
    }
  }

  # Partial configuration: bucket, key and region come from
  # infra/envs/<env>/base.backend.hcl and the make targets
  # (`tofu init -backend-config=...`). Nothing account-specific lives here.
  backend "s3" {}
}

provider "aws" {
  region = var.region

  # local.tags (main.tf), also given to the instances, which default_tags
  # never reach.
  default_tags {
    tags = local.tags
  }
}

# CloudFront's certificate and a CLOUDFRONT-scope web ACL live in us-east-1,
# whatever the stack's region.
provider "aws" {
  alias  = "us_east_1"
  region = "us-east-1"

  default_tags {
    tags = local.tags
  }
}

# The region of the backup copy vault (backup_copy_region); without a copy it
# is this stack's region and creates nothing.
provider "aws" {
  alias  = "backup_copy"
  region = coalesce(var.backup_copy_region, var.region)

  default_tags {
    tags = local.tags
  }
}
