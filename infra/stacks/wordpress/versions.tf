terraform {
  # 1.10: S3 backend with native locking (use_lockfile), and validation
  # blocks that compare two variables (desired_count in prod).
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
