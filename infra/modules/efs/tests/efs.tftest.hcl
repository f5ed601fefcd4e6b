# File system, mount targets, access point, policy and security group, with
# the AWS API mocked.

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
  name                       = "wpecs-test"
  vpc_id                     = "vpc-0123456789abcdef0"
  subnet_ids                 = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2", "subnet-0aaaaaaaaaaaaaaa3"]
  allowed_security_group_ids = { instances = "sg-0dddddddddddddddd" }
}

run "defaults" {
  command = apply

  assert {
    condition     = aws_efs_file_system.this.encrypted
    error_message = "The file system must be encrypted (AWS managed key by default)."
  }

  assert {
    condition     = aws_efs_file_system.this.performance_mode == "generalPurpose" && aws_efs_file_system.this.throughput_mode == "elastic"
    error_message = "Defaults must be generalPurpose performance and elastic throughput."
  }

  assert {
    condition     = length(aws_efs_file_system.this.lifecycle_policy) == 0
    error_message = "Without transition_to_ia there must be no lifecycle policy."
  }

  assert {
    condition     = length(aws_efs_backup_policy.this) == 1 && aws_efs_backup_policy.this[0].backup_policy[0].status == "ENABLED" && aws_efs_backup_policy.this[0].file_system_id == aws_efs_file_system.this.id
    error_message = "Automatic backups must be enabled by default."
  }

  assert {
    condition     = length(aws_efs_mount_target.this) == length(var.subnet_ids)
    error_message = "There must be one mount target per private subnet."
  }

  assert {
    condition     = jsonencode([for mt in aws_efs_mount_target.this : mt.subnet_id]) == jsonencode(var.subnet_ids) && alltrue([for mt in aws_efs_mount_target.this : mt.security_groups == toset([module.security_group.id]) && mt.file_system_id == aws_efs_file_system.this.id])
    error_message = "Mount target i must sit in subnet i behind the module's security group."
  }

  assert {
    condition     = jsonencode(module.security_group.ingress_rules) == jsonencode({ instances = { cidr_ipv4 = null, from_port = 2049, ip_protocol = "tcp", referenced_security_group_id = "sg-0dddddddddddddddd", to_port = 2049 } })
    error_message = "The only ingress must be 2049/tcp from security groups, never from CIDR ranges."
  }

  assert {
    condition     = aws_efs_access_point.this.posix_user[0].uid == 33 && aws_efs_access_point.this.posix_user[0].gid == 33
    error_message = "The access point must act as uid/gid 33 (www-data)."
  }

  assert {
    condition = (
      aws_efs_access_point.this.root_directory[0].path == "/wordpress" &&
      aws_efs_access_point.this.root_directory[0].creation_info[0].owner_uid == 33 &&
      aws_efs_access_point.this.root_directory[0].creation_info[0].owner_gid == 33 &&
      aws_efs_access_point.this.root_directory[0].creation_info[0].permissions == "0755"
    )
    error_message = "The access point root must be /wordpress, created as 33:33 with mode 0755."
  }

  assert {
    condition     = aws_efs_file_system_policy.this.file_system_id == aws_efs_file_system.this.id
    error_message = "The file system policy must be attached to the module's file system."
  }

  assert {
    condition = anytrue([for s in jsondecode(aws_efs_file_system_policy.this.policy).Statement :
      s.Effect == "Deny" && s.Action == "*" && s.Principal.AWS == "*" && try(s.Condition.Bool["aws:SecureTransport"], "") == "false" && s.Resource == aws_efs_file_system.this.arn
    ])
    error_message = "The policy must deny every action without TLS (aws:SecureTransport false)."
  }

  assert {
    condition = alltrue([for s in jsondecode(aws_efs_file_system_policy.this.policy).Statement :
      !contains(flatten([s.Action]), "elasticfilesystem:ClientRootAccess") if s.Effect == "Allow"
    ])
    error_message = "The policy must not grant root access."
  }

  assert {
    condition     = output.file_system_id == "fs-0123456789abcdef0" && output.access_point_id == aws_efs_access_point.this.id && output.security_group_id == module.security_group.id && length(output.mount_target_ids) == 3
    error_message = "Outputs must expose the file system, access point, security group and mount targets."
  }
}

run "two_subnets_two_mount_targets" {
  command = plan

  variables {
    subnet_ids = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"]
  }

  assert {
    condition     = length(aws_efs_mount_target.this) == 2
    error_message = "Two private subnets must give two mount targets."
  }
}

run "no_sources_means_no_ingress" {
  command = plan

  variables {
    allowed_security_group_ids = {}
  }

  assert {
    condition     = length(module.security_group.ingress_rules) == 0
    error_message = "Without source security groups nothing may reach NFS."
  }
}

run "settings_are_passed_through" {
  command = plan

  variables {
    kms_key_arn                     = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555"
    throughput_mode                 = "provisioned"
    provisioned_throughput_in_mibps = 64
    transition_to_ia                = "AFTER_30_DAYS"
    backup_enabled                  = false
    access_point                    = { uid = 1000, gid = 1001, path = "/sites/blog", permissions = "0750" }
    tags                            = { Env = "test" }
  }

  assert {
    condition     = aws_efs_file_system.this.kms_key_id == var.kms_key_arn && aws_efs_file_system.this.encrypted
    error_message = "A given KMS key must be used, encryption still on."
  }

  assert {
    condition     = aws_efs_file_system.this.throughput_mode == "provisioned" && aws_efs_file_system.this.provisioned_throughput_in_mibps == 64
    error_message = "Provisioned throughput must reach the file system."
  }

  assert {
    condition     = length(aws_efs_file_system.this.lifecycle_policy) == 2 && aws_efs_file_system.this.lifecycle_policy[0].transition_to_ia == "AFTER_30_DAYS" && aws_efs_file_system.this.lifecycle_policy[1].transition_to_primary_storage_class == "AFTER_1_ACCESS"
    error_message = "transition_to_ia must add the IA transition and the move back on first access."
  }

  assert {
    condition     = length(aws_efs_backup_policy.this) == 0
    error_message = "backup_enabled = false must leave automatic backups off (no backup policy)."
  }

  assert {
    condition     = aws_efs_access_point.this.posix_user[0].uid == 1000 && aws_efs_access_point.this.posix_user[0].gid == 1001 && aws_efs_access_point.this.root_directory[0].path == "/sites/blog" && aws_efs_access_point.this.root_directory[0].creation_info[0].permissions == "0750"
    error_message = "Access point settings must be used for the POSIX user and the root directory."
  }

  assert {
    condition     = aws_efs_file_system.this.tags["Env"] == "test" && aws_efs_file_system.this.tags["Name"] == "wpecs-test" && aws_efs_access_point.this.tags["Env"] == "test"
    error_message = "Tags must be merged with Name on every resource."
  }
}

# The file system policy: mounts only through the module's access point, by
# the given client roles, over TLS; never root access. AWS mocked.

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

# Bad inputs are refused at plan time with a message naming the problem.

run "provisioned_without_throughput_is_refused" {
  command = plan
  variables {
    throughput_mode = "provisioned"
  }
  expect_failures = [var.provisioned_throughput_in_mibps]
}

run "throughput_without_provisioned_mode_is_refused" {
  command = plan
  variables {
    provisioned_throughput_in_mibps = 64
  }
  expect_failures = [var.provisioned_throughput_in_mibps]
}

run "unknown_throughput_mode_is_refused" {
  command = plan
  variables {
    throughput_mode = "fast"
  }
  expect_failures = [var.throughput_mode]
}

run "unknown_performance_mode_is_refused" {
  command = plan
  variables {
    performance_mode = "turbo"
  }
  expect_failures = [var.performance_mode]
}

run "bad_ia_transition_is_refused" {
  command = plan
  variables {
    transition_to_ia = "AFTER_2_DAYS"
  }
  expect_failures = [var.transition_to_ia]
}

run "relative_access_point_path_is_refused" {
  command = plan
  variables {
    access_point = { path = "wordpress" }
  }
  expect_failures = [var.access_point]
}

run "root_path_access_point_is_refused" {
  command = plan
  variables {
    access_point = { path = "/" }
  }
  expect_failures = [var.access_point]
}

run "negative_uid_is_refused" {
  command = plan
  variables {
    access_point = { uid = -1 }
  }
  expect_failures = [var.access_point]
}

run "non_octal_permissions_are_refused" {
  command = plan
  variables {
    access_point = { permissions = "0789" }
  }
  expect_failures = [var.access_point]
}

run "no_subnets_is_refused" {
  command = plan
  variables {
    subnet_ids = []
  }
  expect_failures = [var.subnet_ids]
}

run "bad_kms_key_is_refused" {
  command = plan
  variables {
    kms_key_arn = "alias/aws/elasticfilesystem"
  }
  expect_failures = [var.kms_key_arn]
}

run "cidr_as_source_is_refused" {
  command = plan
  variables {
    allowed_security_group_ids = { vpc = "10.0.0.0/16" }
  }
  expect_failures = [var.allowed_security_group_ids]
}
