################################################################################
# GitHub Actions without long-lived keys: GitHub's OIDC provider and two
# roles its tokens may assume, each scoped by the token's sub claim to this
# repository: plan (read-only, pull requests) and deploy (the jobs of the
# named GitHub environments, whose protection rules gate them).
################################################################################

data "aws_partition" "current" {}

locals {
  tags         = merge({ Name = var.name }, var.tags)
  partition    = data.aws_partition.current.partition
  provider_arn = var.create_provider ? aws_iam_openid_connect_provider.github[0].arn : var.provider_arn
  issuer       = "token.actions.githubusercontent.com"

  plan_subjects   = ["repo:${var.repository}:pull_request"]
  deploy_subjects = [for e in var.deploy_environments : "repo:${var.repository}:environment:${e}"]

  trust = { for role, subjects in { plan = local.plan_subjects, deploy = local.deploy_subjects } : role => jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = local.provider_arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = { "${local.issuer}:aud" = "sts.amazonaws.com", "${local.issuer}:sub" = subjects }
      }
    }]
  }) }
}

resource "aws_iam_openid_connect_provider" "github" {
  count = var.create_provider ? 1 : 0

  url            = "https://${local.issuer}"
  client_id_list = ["sts.amazonaws.com"]
  # AWS no longer checks GitHub's thumbprint (it trusts GitHub's CA), but
  # older provider versions require one.
  thumbprint_list = ["6938fd4d98bab03faadb97b34396831e3780aea1"]

  tags = local.tags
}

resource "aws_iam_role" "plan" {
  name                 = "${var.name}-github-plan"
  description          = "Read-only: make plan from pull requests of ${var.repository}"
  assume_role_policy   = local.trust["plan"]
  max_session_duration = 3600
  tags                 = local.tags
}

resource "aws_iam_role_policy_attachment" "plan_read_only" {
  role       = aws_iam_role.plan.name
  policy_arn = "arn:${local.partition}:iam::aws:policy/ReadOnlyAccess"
}

# What a plan needs beyond ReadOnlyAccess: the state's lock file (S3 native
# locking writes and deletes <key>.tflock) and the values a refresh reads.
resource "aws_iam_role_policy" "plan" {
  name = "plan-state-lock-and-secrets"
  role = aws_iam_role.plan.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "StateLockFile"
        Effect   = "Allow"
        Action   = ["s3:PutObject", "s3:DeleteObject"]
        Resource = "arn:${local.partition}:s3:::${var.state_bucket}/*.tflock"
      },
      {
        Sid      = "RefreshReadsTheStacksSecrets"
        Effect   = "Allow"
        Action   = ["secretsmanager:GetSecretValue", "secretsmanager:GetRandomPassword"]
        Resource = "*"
        Condition = {
          StringEquals = { "aws:ResourceTag/Project" = var.resource_prefix }
        }
      },
    ]
  })
}

resource "aws_iam_role" "deploy" {
  name                 = "${var.name}-github-deploy"
  description          = "Deploy from tag builds of ${var.repository} (environments ${join(", ", var.deploy_environments)})"
  assume_role_policy   = local.trust["deploy"]
  max_session_duration = 7200
  tags                 = local.tags
}

resource "aws_iam_role_policy_attachment" "deploy" {
  for_each = toset(var.deploy_policy_arns)

  role       = aws_iam_role.deploy.name
  policy_arn = each.value
}

# IAM only on what the stacks create (names start with the project), so a
# deploy cannot grant itself more.
resource "aws_iam_role_policy" "deploy_iam" {
  #checkov:skip=CKV_AWS_289:Changes are limited to resource_prefix-* roles and instance profiles; only reads and CreateServiceLinkedRole (which makes AWS-defined roles only) are unscoped.
  #checkov:skip=CKV_AWS_355:iam:ListRoles/ListPolicies-style reads and CreateServiceLinkedRole have no resource scope; everything that changes IAM is limited to resource_prefix-* below.
  name = "iam-on-the-stacks-roles"
  role = aws_iam_role.deploy.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "StacksRolesAndProfiles"
        Effect = "Allow"
        Action = [
          "iam:CreateRole", "iam:DeleteRole", "iam:UpdateRole", "iam:UpdateAssumeRolePolicy", "iam:TagRole", "iam:UntagRole",
          "iam:PutRolePolicy", "iam:DeleteRolePolicy", "iam:AttachRolePolicy", "iam:DetachRolePolicy", "iam:PassRole",
          "iam:CreateInstanceProfile", "iam:DeleteInstanceProfile", "iam:AddRoleToInstanceProfile",
          "iam:RemoveRoleFromInstanceProfile", "iam:TagInstanceProfile", "iam:UntagInstanceProfile",
        ]
        Resource = [
          "arn:${local.partition}:iam::*:role/${var.resource_prefix}-*",
          "arn:${local.partition}:iam::*:instance-profile/${var.resource_prefix}-*",
        ]
      },
      {
        Sid      = "ReadIamAndServiceLinkedRoles"
        Effect   = "Allow"
        Action   = ["iam:Get*", "iam:List*", "iam:CreateServiceLinkedRole"]
        Resource = "*"
      },
    ]
  })
}
