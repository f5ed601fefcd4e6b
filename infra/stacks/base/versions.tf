# Written by infra/generate.sh (make docs) from infra/versions/stack.tf.in: edit that.
terraform {
  # The OpenTofu minor release the tests run with (TOFU_VERSION): the S3
  # backend's native locking (use_lockfile, 1.10) and validation blocks that
  # compare two variables.
  required_version = ">= 1.10"

  required_providers {
    # Exactly the release the tests ran with (PROVIDER_VERSION;
    # infra/stacks/README.md, "Provider pin").
    aws = {
      source  = "hashicorp/aws"
      version = "5.100.0"
    }
  }

  # Partial configuration: bucket, key and region come from
  # infra/envs/<env>/<stack>.backend.hcl and the make targets
  # (`tofu init -backend-config=...`). Nothing account-specific lives here.
  backend "s3" {}
}
