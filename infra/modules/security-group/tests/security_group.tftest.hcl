# A security group that admits one TCP port from named source groups, with the
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
  # The provider checks ID syntax even with mocked values.
  mock_resource "aws_security_group" {
    defaults = { id = "sg-0eeeeeeeeeeeeeeee" }
  }
}

variables {
  name        = "wpecs-test-db"
  description = "Database wpecs-test: mysql port from the given security groups only"
  vpc_id      = "vpc-0123456789abcdef0"
  port        = 3306
  service     = "mysql"
  allowed_security_group_ids = {
    workload = "sg-0bbbbbbbbbbbbbbbb"
    admin    = "sg-0cccccccccccccccc"
  }
  tags = { Env = "test" }
}

run "one_port_from_each_named_group" {
  command = apply

  assert {
    condition     = aws_security_group.this.name_prefix == "wpecs-test-db-" && aws_security_group.this.vpc_id == var.vpc_id && aws_security_group.this.description == var.description
    error_message = "The group must take its name prefix, VPC and description from the inputs."
  }

  assert {
    condition     = aws_security_group.this.tags == tomap({ Env = "test", Name = "wpecs-test-db" })
    error_message = "The group must carry the given tags and its own Name."
  }

  assert {
    condition = jsonencode(output.ingress_rules) == jsonencode({
      admin    = { cidr_ipv4 = null, from_port = 3306, ip_protocol = "tcp", referenced_security_group_id = "sg-0cccccccccccccccc", to_port = 3306 }
      workload = { cidr_ipv4 = null, from_port = 3306, ip_protocol = "tcp", referenced_security_group_id = "sg-0bbbbbbbbbbbbbbbb", to_port = 3306 }
    })
    error_message = "Each named group, and nothing else, must be admitted on the one TCP port."
  }

  assert {
    condition = alltrue([for k, r in aws_vpc_security_group_ingress_rule.from_source :
      r.security_group_id == aws_security_group.this.id && r.description == "mysql from ${k}" && r.tags == tomap({ Env = "test", Name = "wpecs-test-db-from-${k}" })
    ])
    error_message = "Each rule must belong to the group and name its source in its description and Name tag."
  }

  assert {
    condition     = output.id == aws_security_group.this.id
    error_message = "The id output must be the group's."
  }
}

run "no_sources_no_rules" {
  command = plan

  variables {
    allowed_security_group_ids = {}
  }

  assert {
    condition     = length(aws_vpc_security_group_ingress_rule.from_source) == 0
    error_message = "Without allowed groups nothing may come in."
  }
}

run "refuses_a_cidr_as_source" {
  command = plan

  variables {
    allowed_security_group_ids = { world = "0.0.0.0/0" }
  }

  expect_failures = [var.allowed_security_group_ids]
}

run "refuses_a_port_out_of_range" {
  command = plan

  variables {
    port = 70000
  }

  expect_failures = [var.port]
}

run "refuses_a_name_ending_in_a_hyphen" {
  command = plan

  variables {
    name = "wpecs-test-"
  }

  expect_failures = [var.name]
}


# The callers' own rules allow a leading digit (efs: "1site"); this module
# must not refuse what they accept.
run "a_name_may_start_with_a_digit" {
  command = plan
  variables {
    name = "1site-efs"
  }

  assert {
    condition     = aws_security_group.this.name_prefix == "1site-efs-"
    error_message = "A name starting with a digit is a valid group name."
  }
}
run "refuses_a_description_ec2_rejects" {
  command = plan

  variables {
    description = "Datenbank für WordPress"
  }

  expect_failures = [var.description]
}
