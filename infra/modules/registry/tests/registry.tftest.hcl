# Plans and applies against a mocked AWS provider: checks what the module
# asks AWS for, without an account.
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
  mock_resource "aws_ecr_repository" {
    defaults = {
      arn            = "arn:aws:ecr:eu-west-1:123456789012:repository/wpecs/dev/wordpress"
      repository_url = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/wpecs/dev/wordpress"
    }
  }
  mock_data "aws_ecr_repository" {
    defaults = {
      arn            = "arn:aws:ecr:eu-west-1:111111111111:repository/wpecs/dev/wordpress"
      repository_url = "111111111111.dkr.ecr.eu-west-1.amazonaws.com/wpecs/dev/wordpress"
    }
  }
}

variables {
  name = "wpecs/dev/wordpress"
}

run "defaults_are_safe" {
  command = plan

  assert {
    condition     = aws_ecr_repository.this[0].image_tag_mutability == "IMMUTABLE"
    error_message = "tags must be immutable so one tag always names one build"
  }
  assert {
    condition     = aws_ecr_repository.this[0].image_scanning_configuration[0].scan_on_push
    error_message = "images must be scanned on push"
  }
  assert {
    condition     = aws_ecr_repository.this[0].encryption_configuration[0].encryption_type == "KMS"
    error_message = "repository must be KMS-encrypted"
  }
  assert {
    condition     = aws_ecr_repository.this[0].force_delete == false
    error_message = "force_delete must default to false"
  }
}

run "lifecycle_policy_expires_untagged_then_keeps_last_n" {
  command = plan

  variables {
    keep_tagged_images   = 5
    untagged_expiry_days = 3
  }

  assert {
    condition     = jsondecode(aws_ecr_lifecycle_policy.this[0].policy).rules[0].selection.tagStatus == "untagged"
    error_message = "rule 1 must select untagged images"
  }
  assert {
    condition     = jsondecode(aws_ecr_lifecycle_policy.this[0].policy).rules[0].selection.countNumber == 3
    error_message = "untagged images must expire after untagged_expiry_days"
  }
  assert {
    condition     = jsondecode(aws_ecr_lifecycle_policy.this[0].policy).rules[1].selection.countType == "imageCountMoreThan" && jsondecode(aws_ecr_lifecycle_policy.this[0].policy).rules[1].selection.countNumber == 5
    error_message = "rule 2 must keep the last keep_tagged_images tagged images"
  }
}

run "outputs_come_from_the_repository" {
  command = apply

  assert {
    condition     = output.repository_url == "123456789012.dkr.ecr.eu-west-1.amazonaws.com/wpecs/dev/wordpress"
    error_message = "repository_url must be the repository's URL"
  }
  assert {
    condition     = output.repository_name == "wpecs/dev/wordpress"
    error_message = "repository_name must be the name given"
  }
}

run "rejects_uppercase_name" {
  command = plan

  variables {
    name = "WordPress"
  }

  expect_failures = [var.name]
}

run "rejects_zero_kept_images" {
  command = plan

  variables {
    keep_tagged_images = 0
  }

  expect_failures = [var.keep_tagged_images]
}

# One image, promoted: the designated environment owns the repository and
# lets the other environments' accounts pull; the others read it and create
# nothing. AWS mocked.

run "owner_lets_the_other_accounts_pull" {
  command = apply

  variables {
    pull_account_ids = ["222222222222", "333333333333"]
  }

  assert {
    condition     = length(aws_ecr_repository.this) == 1 && aws_ecr_repository.this[0].image_tag_mutability == "IMMUTABLE"
    error_message = "The owning environment creates the repository, tags immutable."
  }

  assert {
    condition = jsondecode(aws_ecr_repository_policy.pull[0].policy).Statement == [{
      Sid       = "PullFromOtherEnvironments"
      Effect    = "Allow"
      Principal = { AWS = ["arn:aws:iam::222222222222:root", "arn:aws:iam::333333333333:root"] }
      Action    = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:DescribeImages", "ecr:DescribeRepositories", "ecr:GetDownloadUrlForLayer"]
    }]
    error_message = "The given accounts may pull (and read image digests), nothing more:\n${aws_ecr_repository_policy.pull[0].policy}"
  }

  assert {
    condition     = aws_ecr_repository_policy.pull[0].repository == aws_ecr_repository.this[0].name
    error_message = "The pull policy belongs to the module's repository."
  }
}

run "no_pull_accounts_no_policy" {
  command = plan

  assert {
    condition     = length(aws_ecr_repository_policy.pull) == 0
    error_message = "Without pull_account_ids the repository keeps the account-only default."
  }
}

run "other_environment_reads_the_shared_repository" {
  command = apply

  variables {
    create      = false
    registry_id = "111111111111"
  }

  assert {
    condition     = length(aws_ecr_repository.this) == 0 && length(aws_ecr_lifecycle_policy.this) == 0 && length(aws_ecr_repository_policy.pull) == 0
    error_message = "An environment that reads the shared repository must create nothing (retention is the owner's)."
  }

  assert {
    condition     = data.aws_ecr_repository.shared[0].name == "wpecs/dev/wordpress" && data.aws_ecr_repository.shared[0].registry_id == "111111111111"
    error_message = "The shared repository is looked up by name, in the owner's account."
  }

  assert {
    condition     = output.repository_url == "111111111111.dkr.ecr.eu-west-1.amazonaws.com/wpecs/dev/wordpress" && output.repository_arn == "arn:aws:ecr:eu-west-1:111111111111:repository/wpecs/dev/wordpress" && output.repository_name == "wpecs/dev/wordpress" && !output.owned
    error_message = "Outputs must name the shared repository, so the service pulls the very image tested in the owner's environment."
  }
}

run "pull_accounts_only_on_the_owner" {
  command = plan

  variables {
    create           = false
    pull_account_ids = ["222222222222"]
  }

  expect_failures = [var.pull_account_ids]
}

run "bad_account_id_is_refused" {
  command = plan

  variables {
    pull_account_ids = ["12345"]
  }

  expect_failures = [var.pull_account_ids]
}
