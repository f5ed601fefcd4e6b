# GitHub OIDC: the provider and two roles scoped by the sub claim to one
# repository: plan (read-only, pull requests) and deploy (named GitHub
# environments). AWS mocked.

mock_provider "aws" {
  # >>> infra/tests/mocks/aws.tfmock.hcl
  mock_data "aws_caller_identity" {
    defaults = { account_id = "123456789012" }
  }
  mock_data "aws_partition" {
    defaults = { partition = "aws" }
  }
  mock_resource "aws_iam_role" {
    defaults = { arn = "arn:aws:iam::123456789012:role/mock" }
  }
  # <<< infra/tests/mocks/aws.tfmock.hcl
  mock_resource "aws_iam_openid_connect_provider" {
    defaults = { arn = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" }
  }
}

variables {
  name         = "wpecs"
  repository   = "example/wordpress-ecs"
  state_bucket = "my-tfstate-123456789012"
}

run "roles_trust_this_repository_only" {
  command = apply

  assert {
    condition     = aws_iam_openid_connect_provider.github[0].url == "https://token.actions.githubusercontent.com" && aws_iam_openid_connect_provider.github[0].client_id_list == toset(["sts.amazonaws.com"])
    error_message = "The provider must be GitHub's, for the STS audience."
  }

  assert {
    condition     = jsondecode(aws_iam_role.plan.assume_role_policy).Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:sub"] == ["repo:example/wordpress-ecs:pull_request"] && jsondecode(aws_iam_role.plan.assume_role_policy).Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:aud"] == "sts.amazonaws.com"
    error_message = "The plan role must trust pull requests of this repository only (exact sub, STS audience)."
  }

  assert {
    condition     = jsondecode(aws_iam_role.deploy.assume_role_policy).Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:sub"] == ["repo:example/wordpress-ecs:environment:dev", "repo:example/wordpress-ecs:environment:prod"]
    error_message = "The deploy role must trust only this repository's dev and prod environments."
  }

  assert {
    condition     = !strcontains(aws_iam_role.plan.assume_role_policy, "*") && !strcontains(aws_iam_role.deploy.assume_role_policy, "*") && !strcontains(aws_iam_role.deploy.assume_role_policy, "StringLike")
    error_message = "No wildcard in a trust policy: a wildcard sub would let other repositories or branches in."
  }

  assert {
    condition     = aws_iam_role_policy_attachment.plan_read_only.policy_arn == "arn:aws:iam::aws:policy/ReadOnlyAccess" && !strcontains(aws_iam_role_policy.plan.policy, "s3:::my-tfstate-123456789012/*\"")
    error_message = "The plan role is read-only, writing only the state's lock files."
  }

  assert {
    condition     = alltrue([for r in flatten([for s in jsondecode(aws_iam_role_policy.deploy_iam.policy).Statement : s.Resource if s.Sid == "StacksRolesAndProfiles"]) : strcontains(r, ":role/wpecs-") || strcontains(r, ":instance-profile/wpecs-")])
    error_message = "The deploy role may change only the stacks' own roles and instance profiles."
  }
}

run "existing_provider" {
  command = apply

  variables {
    create_provider = false
    provider_arn    = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"
  }

  assert {
    condition     = length(aws_iam_openid_connect_provider.github) == 0 && output.provider_arn == var.provider_arn
    error_message = "An existing provider is used, not created again."
  }
}

run "wildcard_repository_is_refused" {
  command = plan

  variables {
    repository = "example/*"
  }

  expect_failures = [var.repository]
}

run "existing_provider_needs_its_arn" {
  command = plan

  variables {
    create_provider = false
  }

  expect_failures = [var.provider_arn]
}
