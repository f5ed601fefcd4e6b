data "aws_partition" "current" {}

# The AMI comes from AWS's public parameter, never a hard-coded ID, so each
# apply picks up the current patched ECS-optimized image.
data "aws_ssm_parameter" "ami" {
  name = coalesce(var.ami_ssm_parameter_name, local.ami_ssm_parameter_names[var.architecture])
}

locals {
  tags = merge({ Name = var.name }, var.tags)

  # AWS's recommended ECS-optimized Amazon Linux 2023 AMI, per architecture.
  ami_ssm_parameter_names = {
    x86_64 = "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id"
    arm64  = "/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id"
  }

  # Settings the agent reads at start; the AMI's own defaults stay in place,
  # we only append. Sorted so the user data (and the plan) are stable.
  ecs_config = merge(
    {
      ECS_CLUSTER                   = var.name
      ECS_ENABLE_CONTAINER_METADATA = "true"
      ECS_CONTAINER_STOP_TIMEOUT    = "${var.container_stop_timeout_seconds}s"
      # awsvpc tasks must not see the instance's metadata (and its role).
      ECS_AWSVPC_BLOCK_IMDS = "true"
    },
    var.spot.enabled ? { ECS_ENABLE_SPOT_INSTANCE_DRAINING = "true" } : {},
    var.ecs_config,
  )

  # Joined here rather than with a template loop inside the heredoc: the
  # loop would keep the heredoc's indentation and the agent ignores
  # indented keys.
  ecs_config_lines = join("\n", [for k in sort(keys(local.ecs_config)) : "${k}=${local.ecs_config[k]}"])

  user_data = <<-EOT
    #!/bin/bash
    # Join the ECS cluster: append to the agent's config, nothing else.
    set -euo pipefail
    cat >>/etc/ecs/ecs.config <<'ECSCONFIG'
    ${local.ecs_config_lines}
    ECSCONFIG
  EOT

  instance_policy_arns = merge(
    {
      ecs = "arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role"
      ssm = "arn:${data.aws_partition.current.partition}:iam::aws:policy/AmazonSSMManagedInstanceCore"
    },
    { for i, arn in var.additional_instance_policy_arns : "extra-${i}" => arn },
  )
}

################################################################################
# Cluster
################################################################################

resource "aws_ecs_cluster" "this" {
  name = var.name

  setting {
    name  = "containerInsights"
    value = var.container_insights
  }

  dynamic "configuration" {
    for_each = var.exec_enabled ? [1] : []

    content {
      execute_command_configuration {
        kms_key_id = module.exec_key[0].arn
        logging    = "OVERRIDE"

        log_configuration {
          cloud_watch_encryption_enabled = true
          cloud_watch_log_group_name     = aws_cloudwatch_log_group.exec[0].name
        }
      }
    }
  }

  tags = local.tags
}

resource "aws_ecs_capacity_provider" "this" {
  name = var.name

  auto_scaling_group_provider {
    auto_scaling_group_arn = aws_autoscaling_group.this.arn
    # ECS keeps instances that run tasks from being scaled in; needs the
    # group's protect_from_scale_in.
    managed_termination_protection = "ENABLED"
    # Tasks are moved off an instance before the group terminates it.
    managed_draining = "ENABLED"

    managed_scaling {
      status                    = "ENABLED"
      target_capacity           = var.target_capacity
      minimum_scaling_step_size = 1
      maximum_scaling_step_size = 10
      instance_warmup_period    = var.instance_refresh.instance_warmup
    }
  }

  tags = local.tags
}

resource "aws_ecs_cluster_capacity_providers" "this" {
  cluster_name       = aws_ecs_cluster.this.name
  capacity_providers = [aws_ecs_capacity_provider.this.name]

  default_capacity_provider_strategy {
    capacity_provider = aws_ecs_capacity_provider.this.name
    base              = var.default_capacity_provider_strategy.base
    weight            = var.default_capacity_provider_strategy.weight
  }
}

################################################################################
# Instance role: join the cluster, pull images, reachable through SSM only.
################################################################################

resource "aws_iam_role" "instance" {
  name_prefix = "${var.name}-instance-"
  description = "ECS container instances of cluster ${var.name}"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "ec2.amazonaws.com" }
    }]
  })

  tags = local.tags
}

resource "aws_iam_role_policy_attachment" "instance" {
  for_each = local.instance_policy_arns

  role       = aws_iam_role.instance.name
  policy_arn = each.value
}

resource "aws_iam_instance_profile" "instance" {
  name_prefix = "${var.name}-instance-"
  role        = aws_iam_role.instance.name

  tags = local.tags
}

################################################################################
# Security group: nothing in unless a source group is given.
################################################################################

resource "aws_security_group" "instances" {
  name_prefix = "${var.name}-instances-"
  description = "ECS container instances of ${var.name}: dynamic ports from the given groups only"
  vpc_id      = var.vpc_id

  tags = merge(local.tags, { Name = "${var.name}-instances" })

  lifecycle {
    create_before_destroy = true
  }
}

# Bridge-mode tasks publish on dynamic host ports; only the listed groups
# (the load balancer) may reach them. No port 22: access is SSM/ECS Exec.
resource "aws_vpc_security_group_ingress_rule" "dynamic_ports" {
  count = length(var.ingress_source_security_group_ids)

  security_group_id            = aws_security_group.instances.id
  description                  = "Dynamic host ports of bridge-mode tasks"
  referenced_security_group_id = var.ingress_source_security_group_ids[count.index]
  ip_protocol                  = "tcp"
  from_port                    = var.dynamic_port_range.from_port
  to_port                      = var.dynamic_port_range.to_port

  tags = local.tags
}

# Egress stays open: the agent, image pulls (ECR and its S3 layers), SSM,
# CloudWatch Logs and Secrets Manager are reached through the NAT gateways on
# 443, and the database/EFS inside the VPC on their own ports. The instances
# take no inbound connections from outside, so this opens no door.
resource "aws_vpc_security_group_egress_rule" "all" {
  #checkov:skip=CKV_AWS_382:Instances reach ECR, S3, SSM, Logs and Secrets Manager through NAT; AWS publishes no fixed address ranges to narrow this to.
  security_group_id = aws_security_group.instances.id
  description       = "AWS APIs via NAT, database and EFS in the VPC"
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "-1"

  tags = local.tags
}

################################################################################
# Launch template and Auto Scaling group
################################################################################

resource "aws_launch_template" "this" {
  name_prefix            = "${var.name}-"
  description            = "ECS container instances of cluster ${var.name}"
  image_id               = nonsensitive(data.aws_ssm_parameter.ami.value)
  instance_type          = var.instance_type
  user_data              = base64encode(local.user_data)
  update_default_version = true
  ebs_optimized          = true
  # No key_name: there is no SSH. Shell access goes through SSM Session Manager.

  iam_instance_profile {
    arn = aws_iam_instance_profile.instance.arn
  }

  vpc_security_group_ids = [aws_security_group.instances.id]

  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = var.metadata_hop_limit
    instance_metadata_tags      = "disabled"
  }

  monitoring {
    enabled = var.detailed_monitoring
  }

  block_device_mappings {
    device_name = "/dev/xvda"

    ebs {
      volume_size           = var.root_volume.size_gib
      volume_type           = var.root_volume.type
      encrypted             = true
      kms_key_id            = var.root_volume.kms_key_arn
      delete_on_termination = true
    }
  }

  tag_specifications {
    resource_type = "instance"
    tags          = local.tags
  }

  tag_specifications {
    resource_type = "volume"
    tags          = local.tags
  }

  tags = local.tags
}

resource "aws_autoscaling_group" "this" {
  name_prefix         = "${var.name}-"
  vpc_zone_identifier = var.subnet_ids
  min_size            = var.min_size
  max_size            = var.max_size
  # null (default) leaves the count to managed scaling, and plans stay clean.
  # No ignore_changes here: it would also drop a given value on create.
  desired_capacity = var.desired_capacity

  # Required by the capacity provider's managed termination protection:
  # ECS lifts the protection only from instances without tasks.
  protect_from_scale_in = true
  # On destroy, instances are still protected from scale-in and would never
  # terminate; by then the services and the capacity provider are gone, so
  # let the group delete them.
  force_delete = true

  health_check_type         = "EC2"
  health_check_grace_period = 300
  enabled_metrics           = ["GroupInServiceInstances", "GroupDesiredCapacity", "GroupMinSize", "GroupMaxSize", "GroupTotalInstances"]

  dynamic "launch_template" {
    for_each = var.spot.enabled ? [] : [1]

    content {
      id      = aws_launch_template.this.id
      version = aws_launch_template.this.latest_version
    }
  }

  dynamic "mixed_instances_policy" {
    for_each = var.spot.enabled ? [1] : []

    content {
      instances_distribution {
        on_demand_base_capacity                  = var.spot.on_demand_base_capacity
        on_demand_percentage_above_base_capacity = var.spot.on_demand_percentage_above_base_capacity
        spot_allocation_strategy                 = var.spot.allocation_strategy
      }

      launch_template {
        launch_template_specification {
          launch_template_id = aws_launch_template.this.id
          version            = aws_launch_template.this.latest_version
        }

        dynamic "override" {
          for_each = length(var.spot.instance_types) > 0 ? var.spot.instance_types : [var.instance_type]

          content {
            instance_type = override.value
          }
        }
      }
    }
  }

  # A new launch template version (a new AMI from the SSM parameter, or any
  # other change of the template) changes launch_template.version above,
  # and that change starts this refresh: instances are replaced in rolling
  # batches. Launch before terminate (100 % healthy, up to 200 %), so the
  # running task capacity never drops below what the services need; each
  # old instance is drained by ECS first (managed draining: its tasks are
  # started elsewhere, then stopped); instances already on the new version
  # are kept (skip_matching). Every instance with tasks is protected from
  # scale-in (managed termination protection), and a refresh skips protected
  # instances unless told to replace them: "Refresh".
  instance_refresh {
    strategy = "Rolling"

    preferences {
      # Never below the running capacity: replacements first. A lower
      # value terminates instances before their tasks have a new home.
      min_healthy_percentage       = 100
      max_healthy_percentage       = var.instance_refresh.max_healthy_percentage
      instance_warmup              = var.instance_refresh.instance_warmup
      skip_matching                = true
      scale_in_protected_instances = "Refresh"
      standby_instances            = "Terminate"
    }
  }

  # ECS checks for this tag before it manages the group's scaling.
  tag {
    key                 = "AmazonECSManaged"
    value               = "true"
    propagate_at_launch = true
  }

  dynamic "tag" {
    for_each = local.tags

    content {
      key                 = tag.key
      value               = tag.value
      propagate_at_launch = true
    }
  }
}
