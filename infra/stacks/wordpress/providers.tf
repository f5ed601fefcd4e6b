# The stack's AWS providers (versions.tf, written by infra/generate.sh, pins
# their release).
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
