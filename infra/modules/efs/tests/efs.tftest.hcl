# File system, mount targets, access point, policy and security group, with
# the AWS API mocked.

mock_provider "aws" {
  # The provider checks ARN and ID syntax even with mocked values.
  mock_resource "aws_efs_file_system" {
    defaults = {
      id  = "fs-0123456789abcdef0"
      arn = "arn:aws:elasticfilesystem:eu-west-1:123456789012:file-system/fs-0123456789abcdef0"
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
    condition     = jsonencode([for mt in aws_efs_mount_target.this : mt.subnet_id]) == jsonencode(var.subnet_ids) && alltrue([for mt in aws_efs_mount_target.this : mt.security_groups == toset([aws_security_group.this.id]) && mt.file_system_id == aws_efs_file_system.this.id])
    error_message = "Mount target i must sit in subnet i behind the module's security group."
  }

  assert {
    condition     = length(aws_vpc_security_group_ingress_rule.nfs) == 1 && aws_vpc_security_group_ingress_rule.nfs[0].referenced_security_group_id == "sg-0bbbbbbbbbbbbbbbb"
    error_message = "NFS must be allowed from the given source security group."
  }

  assert {
    condition = alltrue([for r in aws_vpc_security_group_ingress_rule.nfs :
      r.ip_protocol == "tcp" && r.from_port == 2049 && r.to_port == 2049 && r.cidr_ipv4 == null && r.cidr_ipv6 == null
    ])
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
    condition     = output.file_system_id == "fs-0123456789abcdef0" && output.access_point_id == aws_efs_access_point.this.id && output.security_group_id == aws_security_group.this.id && length(output.mount_target_ids) == 3
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
    source_security_group_ids = []
  }

  assert {
    condition     = length(aws_vpc_security_group_ingress_rule.nfs) == 0
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
