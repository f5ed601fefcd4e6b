terraform {
  # 1.10: S3 backend with native locking (use_lockfile), and validation
  # blocks that compare two variables.
  required_version = ">= 1.10"

  required_providers {
    # A root stack pins the exact provider release its tests ran with
    # (tests/envs/env.tftest.hcl, make test-aws); the modules keep a range.
    # Pinned here rather than in a committed .terraform.lock.hcl: offline,
    # tofu init from the filesystem mirror records only the h1 hash of this
    # platform, so a committed lock file would fail init from the registry on
    # any other platform, and the pinned-commit build (6.48.0) is compiled
    # locally, its hash depends on the Go toolchain and cannot be committed.
    # The version alone works offline (the mirror has it) and online. To
    # run with the pinned-commit build, set it here in both stacks, after
    # make test-infra and make test-aws passed with it.
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
