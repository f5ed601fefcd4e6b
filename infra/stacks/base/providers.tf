# The stack's AWS providers (versions.tf, written by infra/generate.sh, pins
# their release).
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
