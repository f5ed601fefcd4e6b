locals {
  tags = merge({ Name = var.name }, var.tags)
}

resource "aws_efs_file_system" "this" {
  #checkov:skip=CKV2_AWS_18:Backed up either by EFS's automatic backups (backup_enabled) or by the base stack's AWS Backup plan (modules/backup selects the file system by ARN), which checkov cannot follow across modules.
  creation_token   = var.name
  encrypted        = true
  kms_key_id       = var.kms_key_arn
  performance_mode = var.performance_mode
  throughput_mode  = var.throughput_mode

  provisioned_throughput_in_mibps = var.provisioned_throughput_in_mibps

  dynamic "lifecycle_policy" {
    for_each = var.transition_to_ia == null ? [] : [var.transition_to_ia]

    content {
      transition_to_ia = lifecycle_policy.value
    }
  }

  dynamic "lifecycle_policy" {
    for_each = var.transition_to_ia != null && var.transition_to_primary_on_access ? [1] : []

    content {
      transition_to_primary_storage_class = "AFTER_1_ACCESS"
    }
  }

  tags = local.tags
}

# Only when enabled: a file system created through the API starts with
# automatic backups off, and removing this resource turns them off again.
# (That also keeps moto, which lacks PutBackupPolicy, usable with backups off.)
resource "aws_efs_backup_policy" "this" {
  count = var.backup_enabled ? 1 : 0

  file_system_id = aws_efs_file_system.this.id

  backup_policy {
    status = "ENABLED"
  }
}

################################################################################
# Network: one mount target per private subnet, NFS only from given groups.
################################################################################

module "security_group" {
  source = "../security-group"

  name                       = "${var.name}-efs"
  description                = "EFS ${var.name}: NFS from the given security groups only"
  vpc_id                     = var.vpc_id
  port                       = 2049
  service                    = "NFS"
  allowed_security_group_ids = var.allowed_security_group_ids
  tags                       = local.tags
}

# No egress rule: mount targets only answer (security groups are stateful).

# count over the list's length: the subnet IDs are unknown until the network
# exists, but their number is known, so one plan covers both.
resource "aws_efs_mount_target" "this" {
  count = length(var.subnet_ids)

  file_system_id  = aws_efs_file_system.this.id
  subnet_id       = var.subnet_ids[count.index]
  security_groups = [module.security_group.id]
}

################################################################################
# Access point: every client acts as www-data inside /wordpress.
################################################################################

resource "aws_efs_access_point" "this" {
  #checkov:skip=CKV_AWS_329:root_directory.path is validated never to be "/" (tests/efs.tftest.hcl); checkov cannot resolve the optional() default and crashes on this check.
  file_system_id = aws_efs_file_system.this.id

  posix_user {
    uid = var.access_point.uid
    gid = var.access_point.gid
  }

  root_directory {
    path = var.access_point.path

    # EFS creates the directory on first use with this owner and mode.
    creation_info {
      owner_uid   = var.access_point.uid
      owner_gid   = var.access_point.gid
      permissions = var.access_point.permissions
    }
  }

  tags = local.tags
}

################################################################################
# File system policy: only through the access point, only by the client
# roles, only over TLS, never as root.
################################################################################

# A policy replaces EFS's default "allow every client in the network". The
# one allow lets the client roles mount and write through a mount target and
# this module's access point (which pins uid/gid and the root directory),
# with TLS. The denies hold whatever an identity policy grants: no request
# without TLS, no root access, no mount of the file system's root or through
# another access point. The client roles are matched by ARN pattern
# (aws:PrincipalArn), because the task role belongs to the wordpress stack,
# which is applied after this one: a pattern is valid before the role exists.
locals {
  mount_actions = ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"]
}

resource "aws_efs_file_system_policy" "this" {
  file_system_id = aws_efs_file_system.this.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat([
      {
        Sid       = "MountAndWriteThroughTheAccessPointByTheTaskRole"
        Effect    = "Allow"
        Principal = { AWS = "*" }
        Action    = local.mount_actions
        Resource  = aws_efs_file_system.this.arn
        Condition = merge(
          {
            Bool         = { "elasticfilesystem:AccessedViaMountTarget" = "true", "aws:SecureTransport" = "true" }
            StringEquals = { "elasticfilesystem:AccessPointArn" = aws_efs_access_point.this.arn }
          },
          length(var.client_role_arn_patterns) > 0 ? { ArnLike = { "aws:PrincipalArn" = var.client_role_arn_patterns } } : {},
        )
      },
      {
        Sid       = "DenyWithoutTls"
        Effect    = "Deny"
        Principal = { AWS = "*" }
        Action    = "*"
        Resource  = aws_efs_file_system.this.arn
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
      {
        Sid       = "DenyRootAccess"
        Effect    = "Deny"
        Principal = { AWS = "*" }
        Action    = "elasticfilesystem:ClientRootAccess"
        Resource  = aws_efs_file_system.this.arn
      },
      {
        # StringNotEquals is also true when the key is absent: a mount
        # without an access point (the root) is refused too.
        Sid       = "DenyOutsideTheAccessPoint"
        Effect    = "Deny"
        Principal = { AWS = "*" }
        Action    = local.mount_actions
        Resource  = aws_efs_file_system.this.arn
        Condition = { StringNotEquals = { "elasticfilesystem:AccessPointArn" = aws_efs_access_point.this.arn } }
      },
      ], length(var.client_role_arn_patterns) > 0 ? [
      {
        # Another role whose own policy grants EFS access, or a client
        # without IAM (no principal: ArnNotLike is then true), is refused.
        Sid       = "DenyOtherPrincipals"
        Effect    = "Deny"
        Principal = { AWS = "*" }
        Action    = local.mount_actions
        Resource  = aws_efs_file_system.this.arn
        Condition = { ArnNotLike = { "aws:PrincipalArn" = var.client_role_arn_patterns } }
      },
    ] : [])
  })
}
