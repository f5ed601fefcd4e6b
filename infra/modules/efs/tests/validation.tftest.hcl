# Bad inputs are refused at plan time with a message naming the problem.

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
    source_security_group_ids = ["10.0.0.0/16"]
  }
  expect_failures = [var.source_security_group_ids]
}
