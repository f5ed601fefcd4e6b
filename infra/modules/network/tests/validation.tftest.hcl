# Bad inputs are refused at plan time with a message naming the problem.

mock_provider "aws" {}

variables {
  name = "wpecs-test"
  azs  = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
}

run "one_az_is_refused" {
  command = plan
  variables {
    azs = ["eu-west-1a"]
  }
  expect_failures = [var.azs]
}

run "seven_azs_are_refused" {
  command = plan
  variables {
    azs = ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e", "us-east-1f", "us-east-1g"]
  }
  expect_failures = [var.azs]
}

run "duplicate_azs_are_refused" {
  command = plan
  variables {
    azs = ["eu-west-1a", "eu-west-1b", "eu-west-1a"]
  }
  expect_failures = [var.azs]
}

run "az_ids_are_refused" {
  command = plan
  variables {
    azs = ["euw1-az1", "euw1-az2"]
  }
  expect_failures = [var.azs]
}

run "cidr_that_is_not_a_cidr_is_refused" {
  command = plan
  variables {
    cidr = "10.0.0.0"
  }
  expect_failures = [var.cidr]
}

run "cidr_with_garbage_is_refused" {
  command = plan
  variables {
    cidr = "10.0.300.0/16"
  }
  expect_failures = [var.cidr]
}

run "cidr_too_large_is_refused" {
  command = plan
  variables {
    cidr = "10.0.0.0/8"
  }
  expect_failures = [var.cidr]
}

run "cidr_too_small_is_refused" {
  command = plan
  variables {
    cidr = "10.0.0.0/25"
  }
  expect_failures = [var.cidr]
}

run "cidr_with_host_bits_is_refused" {
  command = plan
  variables {
    cidr = "10.0.0.1/16"
  }
  expect_failures = [var.cidr]
}

run "bad_name_is_refused" {
  command = plan
  variables {
    name = "WordPress_Prod"
  }
  expect_failures = [var.name]
}

run "public_list_of_wrong_length_is_refused" {
  command = plan
  variables {
    public_subnet_cidrs  = ["10.0.0.0/24", "10.0.1.0/24"]
    private_subnet_cidrs = ["10.0.10.0/24", "10.0.11.0/24", "10.0.12.0/24"]
  }
  expect_failures = [var.public_subnet_cidrs]
}

run "private_list_of_wrong_length_is_refused" {
  command = plan
  variables {
    public_subnet_cidrs  = ["10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24"]
    private_subnet_cidrs = ["10.0.10.0/24", "10.0.11.0/24", "10.0.12.0/24", "10.0.13.0/24"]
  }
  expect_failures = [var.private_subnet_cidrs]
}

run "only_one_subnet_list_is_refused" {
  command = plan
  variables {
    public_subnet_cidrs = ["10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24"]
  }
  expect_failures = [var.private_subnet_cidrs]
}

run "overlapping_subnets_are_refused" {
  command = plan
  variables {
    public_subnet_cidrs  = ["10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24"]
    private_subnet_cidrs = ["10.0.0.0/20", "10.0.16.0/20", "10.0.32.0/20"]
  }
  expect_failures = [var.private_subnet_cidrs]
}

run "overlap_within_one_list_is_refused" {
  command = plan
  variables {
    public_subnet_cidrs  = ["10.0.0.0/24", "10.0.1.0/24", "10.0.1.128/25"]
    private_subnet_cidrs = ["10.0.16.0/20", "10.0.32.0/20", "10.0.48.0/20"]
  }
  expect_failures = [var.private_subnet_cidrs]
}

run "subnet_outside_the_vpc_is_refused" {
  command = plan
  variables {
    public_subnet_cidrs  = ["10.0.0.0/24", "10.0.1.0/24", "10.1.2.0/24"]
    private_subnet_cidrs = ["10.0.16.0/20", "10.0.32.0/20", "10.0.48.0/20"]
  }
  expect_failures = [var.private_subnet_cidrs]
}

run "subnet_that_is_not_a_cidr_is_refused" {
  command = plan
  variables {
    public_subnet_cidrs  = ["10.0.0.0/24", "10.0.1.0/24", "banana"]
    private_subnet_cidrs = ["10.0.16.0/20", "10.0.32.0/20", "10.0.48.0/20"]
  }
  expect_failures = [var.public_subnet_cidrs]
}

run "newbits_out_of_range_is_refused" {
  command = plan
  variables {
    subnet_newbits = 2
  }
  expect_failures = [var.subnet_newbits]
}

run "bad_flow_log_retention_is_refused" {
  command = plan
  variables {
    flow_logs = { enabled = true, retention_in_days = 10 }
  }
  expect_failures = [var.flow_logs]
}
