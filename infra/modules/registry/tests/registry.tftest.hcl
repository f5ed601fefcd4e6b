# Plans and applies against a mocked AWS provider: checks what the module
# asks AWS for, without an account.
mock_provider "aws" {
  mock_resource "aws_ecr_repository" {
    defaults = {
      arn            = "arn:aws:ecr:eu-west-1:123456789012:repository/wordpress-ecs-test"
      repository_url = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/wordpress-ecs-test"
    }
  }
}

variables {
  name = "wordpress-ecs-test"
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
    condition     = output.repository_url == "123456789012.dkr.ecr.eu-west-1.amazonaws.com/wordpress-ecs-test"
    error_message = "repository_url must be the repository's URL"
  }
  assert {
    condition     = output.repository_name == "wordpress-ecs-test"
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
