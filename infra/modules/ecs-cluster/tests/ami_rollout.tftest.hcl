# A new ECS-optimized AMI (AWS changes the public SSM parameter's value) must
# roll the instances: a new launch template version and an instance refresh
# of the Auto Scaling group, and nothing else. The two runs share one state:
# the first applies with AMI A, the second plans with AMI B.

mock_provider "aws" {
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
