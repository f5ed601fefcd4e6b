# Cluster, capacity provider, launch template and instance security, with the
# AWS API mocked.

mock_provider "aws" {
  # What the mocked SSM parameter returns: a made-up AMI ID. The module itself
  # reads the ECS-optimized AMI from its public SSM parameter, never an ID.
  mock_data "aws_ssm_parameter" {
    defaults = { value = "ami-0123456789abcdef0", insecure_value = "ami-0123456789abcdef0" }
  }
  mock_data "aws_partition" {
    defaults = { partition = "aws" }
  }
  # The provider checks ARN and ID syntax even with mocked values.
  mock_resource "aws_iam_role" {
    defaults = { arn = "arn:aws:iam::123456789012:role/wpecs-test-instance-1" }
  }
  mock_resource "aws_iam_instance_profile" {
    defaults = { arn = "arn:aws:iam::123456789012:instance-profile/wpecs-test-instance-1" }
  }
  mock_resource "aws_autoscaling_group" {
    defaults = { arn = "arn:aws:autoscaling:eu-west-1:123456789012:autoScalingGroup:11111111-2222-3333-4444-555555555555:autoScalingGroupName/wpecs-test-1" }
  }
  mock_resource "aws_security_group" {
    defaults = { id = "sg-0aaaaaaaaaaaaaaaa" }
  }
  mock_resource "aws_launch_template" {
    defaults = { id = "lt-0123456789abcdef0", latest_version = 1 }
  }
}

variables {
  name       = "wpecs-test"
  vpc_id     = "vpc-0123456789abcdef0"
  subnet_ids = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2", "subnet-0aaaaaaaaaaaaaaa3"]
}

run "defaults" {
  command = apply

  assert {
    condition     = one([for s in aws_ecs_cluster.this.setting : s.value if s.name == "containerInsights"]) == "enabled"
    error_message = "Container Insights must be enabled by default."
  }

  assert {
    condition     = aws_launch_template.this.metadata_options[0].http_tokens == "required" && aws_launch_template.this.metadata_options[0].http_endpoint == "enabled"
    error_message = "The launch template must require IMDSv2 tokens."
  }

  assert {
    condition     = aws_launch_template.this.metadata_options[0].http_put_response_hop_limit == 1
    error_message = "The IMDS hop limit must default to 1 so bridge-mode containers cannot reach instance credentials."
  }

  assert {
    condition     = aws_launch_template.this.key_name == null
    error_message = "The launch template must not name an SSH key pair."
  }

  assert {
    condition     = aws_launch_template.this.image_id == "ami-0123456789abcdef0" && data.aws_ssm_parameter.ami.name == "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id"
    error_message = "The AMI must come from the public ECS-optimized AL2023 SSM parameter."
  }

  assert {
    condition     = alltrue([for b in aws_launch_template.this.block_device_mappings : b.ebs[0].encrypted == "true" && b.ebs[0].volume_size == 30 && b.ebs[0].volume_type == "gp3"])
    error_message = "The root volume must be an encrypted 30 GiB gp3 volume by default."
  }

  assert {
    condition     = aws_launch_template.this.monitoring[0].enabled
    error_message = "Detailed monitoring must be on by default."
  }

  assert {
    condition     = base64decode(aws_launch_template.this.user_data) == <<-EOT
      #!/bin/bash
      # Join the ECS cluster: append to the agent's config, nothing else.
      set -euo pipefail
      cat >>/etc/ecs/ecs.config <<'ECSCONFIG'
      ECS_AWSVPC_BLOCK_IMDS=true
      ECS_CLUSTER=wpecs-test
      ECS_CONTAINER_STOP_TIMEOUT=40s
      ECS_ENABLE_CONTAINER_METADATA=true
      ECSCONFIG
    EOT
    error_message = "User data must only append the cluster name and agent settings to /etc/ecs/ecs.config; got:\n${base64decode(aws_launch_template.this.user_data)}"
  }

  assert {
    condition     = aws_ecs_capacity_provider.this.auto_scaling_group_provider[0].managed_termination_protection == "ENABLED"
    error_message = "The capacity provider must have managed termination protection ENABLED."
  }

  assert {
    condition     = aws_ecs_capacity_provider.this.auto_scaling_group_provider[0].managed_scaling[0].status == "ENABLED" && aws_ecs_capacity_provider.this.auto_scaling_group_provider[0].managed_scaling[0].target_capacity == 100
    error_message = "The capacity provider must have managed scaling ENABLED with target capacity 100 by default."
  }

  assert {
    condition     = aws_ecs_capacity_provider.this.auto_scaling_group_provider[0].auto_scaling_group_arn == aws_autoscaling_group.this.arn
    error_message = "The capacity provider must be backed by the module's Auto Scaling group."
  }

  assert {
    condition     = aws_autoscaling_group.this.protect_from_scale_in
    error_message = "The Auto Scaling group must protect instances from scale-in (needed by managed termination protection)."
  }

  assert {
    condition     = anytrue([for t in aws_autoscaling_group.this.tag : t.key == "AmazonECSManaged" && t.propagate_at_launch])
    error_message = "The Auto Scaling group must carry the AmazonECSManaged tag."
  }

  assert {
    condition     = jsonencode(aws_autoscaling_group.this.vpc_zone_identifier) == jsonencode(toset(var.subnet_ids)) && aws_autoscaling_group.this.min_size == 1 && aws_autoscaling_group.this.max_size == 4
    error_message = "The Auto Scaling group must span the given private subnets with min 1 / max 4 by default."
  }

  assert {
    condition     = aws_autoscaling_group.this.launch_template[0].id == aws_launch_template.this.id && length(aws_autoscaling_group.this.mixed_instances_policy) == 0
    error_message = "Without spot the group must launch from the launch template directly."
  }

  assert {
    condition     = aws_ecs_cluster_capacity_providers.this.capacity_providers == toset([aws_ecs_capacity_provider.this.name]) && one(aws_ecs_cluster_capacity_providers.this.default_capacity_provider_strategy).capacity_provider == aws_ecs_capacity_provider.this.name
    error_message = "The cluster must use the capacity provider, also as its default strategy."
  }

  assert {
    condition = toset(values(aws_iam_role_policy_attachment.instance)[*].policy_arn) == toset([
      "arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role",
      "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
    ])
    error_message = "The instance role must have exactly the ECS-for-EC2 and SSM managed-instance policies."
  }

  assert {
    condition     = jsondecode(aws_iam_role.instance.assume_role_policy).Statement[0].Principal.Service == "ec2.amazonaws.com"
    error_message = "Only EC2 may assume the instance role."
  }

  assert {
    condition     = length(aws_vpc_security_group_ingress_rule.dynamic_ports) == 0
    error_message = "With no source security groups the instances must accept no inbound traffic at all."
  }

  assert {
    condition     = output.cluster_name == "wpecs-test" && output.capacity_provider_name == aws_ecs_capacity_provider.this.name && output.instance_security_group_id == aws_security_group.instances.id && output.asg_name == aws_autoscaling_group.this.name && output.instance_role_arn == aws_iam_role.instance.arn
    error_message = "Outputs must expose the cluster, capacity provider, security group, group and role."
  }
}

run "ingress_only_from_given_groups_on_dynamic_ports" {
  command = apply

  variables {
    ingress_source_security_group_ids = ["sg-0bbbbbbbbbbbbbbbb", "sg-0cccccccccccccccc"]
  }

  assert {
    condition     = length(aws_vpc_security_group_ingress_rule.dynamic_ports) == 2
    error_message = "Each source security group must get one ingress rule."
  }

  assert {
    condition = alltrue([for r in aws_vpc_security_group_ingress_rule.dynamic_ports :
      r.ip_protocol == "tcp" && r.from_port == 32768 && r.to_port == 65535 && r.cidr_ipv4 == null && r.cidr_ipv6 == null && r.security_group_id == aws_security_group.instances.id
    ])
    error_message = "Ingress must be TCP on the dynamic port range from security groups only, never from CIDRs."
  }

  assert {
    condition     = toset(aws_vpc_security_group_ingress_rule.dynamic_ports[*].referenced_security_group_id) == toset(["sg-0bbbbbbbbbbbbbbbb", "sg-0cccccccccccccccc"])
    error_message = "Ingress must reference exactly the given source security groups."
  }

  assert {
    condition     = !anytrue([for r in aws_vpc_security_group_ingress_rule.dynamic_ports : r.from_port <= 22 && r.to_port >= 22])
    error_message = "No rule may open port 22."
  }
}

run "spot_capacity" {
  command = apply

  variables {
    spot = { enabled = true, instance_types = ["t3.medium", "t3a.medium", "m6i.large"], on_demand_base_capacity = 1 }
  }

  assert {
    condition     = strcontains(base64decode(aws_launch_template.this.user_data), "\nECS_ENABLE_SPOT_INSTANCE_DRAINING=true\n")
    error_message = "With spot the agent must drain tasks on an interruption notice."
  }

  assert {
    condition     = length(aws_autoscaling_group.this.launch_template) == 0 && length(aws_autoscaling_group.this.mixed_instances_policy) == 1
    error_message = "With spot the group must use a mixed instances policy instead of a plain launch template."
  }

  assert {
    condition     = aws_autoscaling_group.this.mixed_instances_policy[0].instances_distribution[0].on_demand_base_capacity == 1 && length(aws_autoscaling_group.this.mixed_instances_policy[0].launch_template[0].override) == 3
    error_message = "The mixed instances policy must carry the on-demand base and one override per instance type."
  }
}

run "settings_are_passed_through" {
  command = apply

  variables {
    container_insights              = "enhanced"
    target_capacity                 = 80
    metadata_hop_limit              = 2
    detailed_monitoring             = false
    container_stop_timeout_seconds  = 60
    root_volume                     = { size_gib = 50 }
    ecs_config                      = { ECS_ENABLE_TASK_IAM_ROLE = "true", ECS_IMAGE_PULL_BEHAVIOR = "prefer-cached" }
    architecture                    = "arm64"
    instance_type                   = "m7g.large"
    ami_ssm_parameter_name          = "/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id"
    additional_instance_policy_arns = ["arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy"]
    desired_capacity                = 2
    tags                            = { Env = "test" }
  }

  assert {
    condition     = one(aws_ecs_cluster.this.setting).value == "enhanced" && aws_ecs_capacity_provider.this.auto_scaling_group_provider[0].managed_scaling[0].target_capacity == 80
    error_message = "container_insights and target_capacity must reach the cluster and capacity provider."
  }

  assert {
    condition     = aws_launch_template.this.metadata_options[0].http_put_response_hop_limit == 2 && aws_launch_template.this.metadata_options[0].http_tokens == "required" && !aws_launch_template.this.monitoring[0].enabled
    error_message = "metadata_hop_limit and detailed_monitoring must reach the launch template, IMDSv2 still required."
  }

  assert {
    condition = alltrue([for line in ["ECS_CONTAINER_STOP_TIMEOUT=60s", "ECS_ENABLE_TASK_IAM_ROLE=true", "ECS_IMAGE_PULL_BEHAVIOR=prefer-cached"] :
    strcontains(base64decode(aws_launch_template.this.user_data), "\n${line}\n")])
    error_message = "Extra agent settings must be appended to ecs.config."
  }

  assert {
    condition     = aws_launch_template.this.block_device_mappings[0].ebs[0].volume_size == 50 && data.aws_ssm_parameter.ami.name == var.ami_ssm_parameter_name
    error_message = "root_volume and ami_ssm_parameter_name must be used."
  }

  assert {
    condition     = length(aws_iam_role_policy_attachment.instance) == 3 && aws_iam_role_policy_attachment.instance["extra-0"].policy_arn == "arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy"
    error_message = "Additional instance policies must be attached besides the two defaults."
  }

  assert {
    condition     = anytrue([for t in aws_autoscaling_group.this.tag : t.key == "Env" && t.value == "test" && t.propagate_at_launch])
    error_message = "Tags must reach the Auto Scaling group and propagate to instances."
  }

  assert {
    condition     = aws_ecs_cluster.this.tags["Env"] == "test" && aws_launch_template.this.tags["Name"] == "wpecs-test"
    error_message = "Tags must be merged with Name on every resource."
  }

  assert {
    condition = alltrue([for t in ["instance", "volume"] :
      one([for ts in aws_launch_template.this.tag_specifications : ts.tags if ts.resource_type == t]) == tomap({ Name = "wpecs-test", Env = "test" })
    ])
    error_message = "Instances and their volumes must be launched with the tags (cost and ownership)."
  }

  assert {
    condition     = output.instance_tags == tomap({ instance = tomap({ Name = "wpecs-test", Env = "test" }), volume = tomap({ Name = "wpecs-test", Env = "test" }) })
    error_message = "instance_tags must say what the instances and volumes are tagged with."
  }
}

run "desired_capacity_is_the_initial_size" {
  command = plan

  variables {
    desired_capacity = 2
  }

  assert {
    condition     = aws_autoscaling_group.this.desired_capacity == 2
    error_message = "desired_capacity must set the group's initial size."
  }
}

run "arm64_uses_graviton_and_the_arm64_ami" {
  command = plan

  variables {
    architecture  = "arm64"
    instance_type = "t4g.small"
    spot          = { enabled = true, instance_types = ["t4g.small", "m7g.medium", "c7gn.large"] }
  }

  assert {
    condition     = data.aws_ssm_parameter.ami.name == "/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id"
    error_message = "architecture arm64 must read the arm64 ECS-optimized AMI's parameter."
  }

  assert {
    condition     = aws_launch_template.this.instance_type == "t4g.small" && output.architecture == "arm64"
    error_message = "The Graviton type must reach the launch template and the architecture the output."
  }
}

run "x86_64_is_the_default" {
  command = plan

  assert {
    condition     = output.architecture == "x86_64" && data.aws_ssm_parameter.ami.name == "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id"
    error_message = "By default the instances are x86_64 with the x86_64 AMI."
  }
}
