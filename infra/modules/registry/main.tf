# ECR repository for the WordPress image. Tags are immutable: one tag is one
# build, so the tag in a task definition always names the same bytes
# (a tag never moves), and a rollback is a redeploy of an older tag.
#
# One image, promoted: one environment owns the repository (create = true)
# and builds into it; the others read it (create = false) and deploy the
# tags tested there, the very same digests. Retention is the owner's.
resource "aws_ecr_repository" "this" {
  count = var.create ? 1 : 0

  name                 = var.name
  image_tag_mutability = "IMMUTABLE"
  force_delete         = var.force_delete

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = var.kms_key_arn
  }

  tags = merge({ Name = var.name }, var.tags)
}

# Rules are applied in priority order; an image matched by a rule is not
# considered by later ones. Untagged images first, then tagged ones by count.
resource "aws_ecr_lifecycle_policy" "this" {
  count = var.create ? 1 : 0

  repository = aws_ecr_repository.this[0].name

  policy = jsonencode({
    rules = [
      {
        rulePriority = 1
        description  = "Expire untagged images ${var.untagged_expiry_days} days after push"
        selection = {
          tagStatus   = "untagged"
          countType   = "sinceImagePushed"
          countUnit   = "days"
          countNumber = var.untagged_expiry_days
        }
        action = { type = "expire" }
      },
      {
        rulePriority = 2
        description  = "Keep the last ${var.keep_tagged_images} tagged images"
        selection = {
          tagStatus      = "tagged"
          tagPatternList = ["*"]
          countType      = "imageCountMoreThan"
          countNumber    = var.keep_tagged_images
        }
        action = { type = "expire" }
      },
    ]
  })
}

# Environments in other accounts pull from the owner's repository: read
# access only (and DescribeImages, to look a tag's digest up when promoting).
resource "aws_ecr_repository_policy" "pull" {
  count = var.create && length(var.pull_account_ids) > 0 ? 1 : 0

  repository = aws_ecr_repository.this[0].name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "PullFromOtherEnvironments"
      Effect    = "Allow"
      Principal = { AWS = [for a in var.pull_account_ids : "arn:${data.aws_partition.current.partition}:iam::${a}:root"] }
      Action    = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:DescribeImages", "ecr:DescribeRepositories", "ecr:GetDownloadUrlForLayer"]
    }]
  })
}

data "aws_partition" "current" {}

# The shared repository, when another environment owns it.
data "aws_ecr_repository" "shared" {
  count = var.create ? 0 : 1

  name        = var.name
  registry_id = var.registry_id
}

locals {
  repository_url = var.create ? aws_ecr_repository.this[0].repository_url : data.aws_ecr_repository.shared[0].repository_url
  repository_arn = var.create ? aws_ecr_repository.this[0].arn : data.aws_ecr_repository.shared[0].arn
}
