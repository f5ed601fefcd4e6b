# The file system policy: mounts only through the module's access point, by
# the given client roles, over TLS; never root access. AWS mocked.

mock_provider "aws" {
  # The provider checks ARN and ID syntax even with mocked values.
  mock_resource "aws_efs_file_system" {
    defaults = {
      id  = "fs-0123456789abcdef0"
      arn = "arn:aws:elasticfilesystem:eu-west-1:123456789012:file-system/fs-0123456789abcdef0"
    }
  }
  mock_resource "aws_efs_access_point" {
    defaults = {
      id  = "fsap-0123456789abcdef0"
      arn = "arn:aws:elasticfilesystem:eu-west-1:123456789012:access-point/fsap-0123456789abcdef0"
    }
  }
  mock_resource "aws_security_group" {
    defaults = { id = "sg-0eeeeeeeeeeeeeeee" }
  }
}

variables {
  name                      = "wpecs-test"
  vpc_id                    = "vpc-0123456789abcdef0"
  subnet_ids                = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2", "subnet-0aaaaaaaaaaaaaaa3"]
  source_security_group_ids = ["sg-0bbbbbbbbbbbbbbbb"]
  # The task role lives in the wordpress stack, applied after this one: the
  # policy names it by pattern, which IAM accepts before the role exists.
  client_role_arn_patterns = ["arn:aws:iam::123456789012:role/wpecs-test-task-*"]
}

run "mount_only_through_the_access_point_by_the_task_role_with_tls" {
  command = apply

  variables {
    # The task role lives in the wordpress stack, applied after this one: the
    # policy names it by pattern, which IAM accepts before the role exists.
    client_role_arn_patterns = ["arn:aws:iam::123456789012:role/wpecs-test-task-*"]
  }

  assert {
    condition = [for s in jsondecode(aws_efs_file_system_policy.this.policy).Statement : s if s.Effect == "Allow"] == [{
      Sid       = "MountAndWriteThroughTheAccessPointByTheTaskRole"
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"]
      Resource  = "arn:aws:elasticfilesystem:eu-west-1:123456789012:file-system/fs-0123456789abcdef0"
      Condition = {
        Bool         = { "elasticfilesystem:AccessedViaMountTarget" = "true", "aws:SecureTransport" = "true" }
        StringEquals = { "elasticfilesystem:AccessPointArn" = "arn:aws:elasticfilesystem:eu-west-1:123456789012:access-point/fsap-0123456789abcdef0" }
        ArnLike      = { "aws:PrincipalArn" = ["arn:aws:iam::123456789012:role/wpecs-test-task-*"] }
      }
    }]
    error_message = "The only allow must be mount and write, through a mount target and the module's access point, with TLS, by the client roles:\n${aws_efs_file_system_policy.this.policy}"
  }

  assert {
    condition = anytrue([for s in jsondecode(aws_efs_file_system_policy.this.policy).Statement :
      s.Effect == "Deny" && s.Principal == { AWS = "*" } && s.Action == "*" && try(s.Condition, null) == { Bool = { "aws:SecureTransport" = "false" } }
    ])
    error_message = "Everything without TLS must be denied."
  }

  assert {
    condition = anytrue([for s in jsondecode(aws_efs_file_system_policy.this.policy).Statement :
      s.Effect == "Deny" && s.Principal == { AWS = "*" } && s.Action == "elasticfilesystem:ClientRootAccess" && try(s.Condition, null) == null
    ])
    error_message = "Root access must be denied to everyone, unconditionally."
  }

  assert {
    condition = anytrue([for s in jsondecode(aws_efs_file_system_policy.this.policy).Statement :
      s.Effect == "Deny" && s.Principal == { AWS = "*" } && try(toset(s.Action), null) == toset(["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"]) &&
      try(s.Condition, null) == { StringNotEquals = { "elasticfilesystem:AccessPointArn" = aws_efs_access_point.this.arn } }
    ])
    error_message = "A mount of the root (no access point) or through another access point must be denied explicitly, whatever an identity policy allows."
  }

  assert {
    condition = anytrue([for s in jsondecode(aws_efs_file_system_policy.this.policy).Statement :
      s.Effect == "Deny" && s.Principal == { AWS = "*" } && try(toset(s.Action), null) == toset(["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"]) &&
      try(s.Condition, null) == { ArnNotLike = { "aws:PrincipalArn" = ["arn:aws:iam::123456789012:role/wpecs-test-task-*"] } }
    ])
    error_message = "Every other principal (another role allowed by its own policy, a client without IAM) must be denied mount and write."
  }

  assert {
    condition     = jsondecode(aws_efs_file_system_policy.this.policy).Version == "2012-10-17" && aws_efs_file_system_policy.this.file_system_id == aws_efs_file_system.this.id
    error_message = "The policy must be attached to the module's file system."
  }
}

run "without_client_roles_any_principal_of_the_account_but_only_through_the_access_point" {
  command = plan

  variables {
    client_role_arn_patterns = []
  }

  assert {
    condition = alltrue([for s in jsondecode(aws_efs_file_system_policy.this.policy).Statement :
      !can(s.Condition.ArnLike) && s.Condition.StringEquals["elasticfilesystem:AccessPointArn"] != null if s.Effect == "Allow"
    ])
    error_message = "Without client roles the allow is not narrowed by principal, still by access point."
  }

  assert {
    condition     = !anytrue([for s in jsondecode(aws_efs_file_system_policy.this.policy).Statement : s.Sid == "DenyOtherPrincipals"])
    error_message = "Without client roles no principal is denied for being another one."
  }
}

run "bad_client_role_pattern_is_refused" {
  command = plan

  variables {
    client_role_arn_patterns = ["wpecs-test-task-*"]
  }

  expect_failures = [var.client_role_arn_patterns]
}
