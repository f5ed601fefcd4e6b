# Subnet, NAT and route layout for 2, 3 and 6 AZs, with the AWS API mocked.

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
  # The provider checks ARN syntax even with mocked values.
  mock_resource "aws_cloudwatch_log_group" {
    defaults = { arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/vpc/wpecs-test/flow-logs" }
  }
  mock_data "aws_region" {
    defaults = { id = "eu-west-1", name = "eu-west-1" }
  }
}

variables {
  name = "wpecs-test"
  azs  = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
}

run "three_azs_default_layout" {
  command = apply

  assert {
    condition     = length(aws_subnet.public) == 3 && length(aws_subnet.private) == 3
    error_message = "3 AZs must give 3 public and 3 private subnets."
  }

  assert {
    condition     = length(aws_nat_gateway.this) == 3 && length(aws_eip.nat) == 3
    error_message = "Without single_nat_gateway there must be one NAT gateway (and EIP) per AZ."
  }

  assert {
    condition     = jsonencode(aws_subnet.public[*].availability_zone) == jsonencode(var.azs) && jsonencode(aws_subnet.private[*].availability_zone) == jsonencode(var.azs)
    error_message = "Subnet i must sit in azs[i], each AZ once."
  }

  assert {
    condition     = jsonencode(aws_subnet.public[*].cidr_block) == jsonencode(["10.0.0.0/20", "10.0.16.0/20", "10.0.32.0/20"])
    error_message = "Public subnets of a /16 must be the first /20 blocks; got ${jsonencode(aws_subnet.public[*].cidr_block)}."
  }

  assert {
    condition     = jsonencode(aws_subnet.private[*].cidr_block) == jsonencode(["10.0.128.0/20", "10.0.144.0/20", "10.0.160.0/20"])
    error_message = "Private subnets must start at the upper half of the VPC; got ${jsonencode(aws_subnet.private[*].cidr_block)}."
  }

  assert {
    condition     = aws_vpc.this.cidr_block == "10.0.0.0/16" && aws_vpc.this.enable_dns_hostnames && aws_vpc.this.enable_dns_support
    error_message = "The VPC must default to 10.0.0.0/16 with DNS support and hostnames on."
  }

  assert {
    condition     = aws_route.public_internet.destination_cidr_block == "0.0.0.0/0" && aws_route.public_internet.gateway_id == aws_internet_gateway.this.id
    error_message = "The public route table must send 0.0.0.0/0 to the internet gateway."
  }

  assert {
    condition = alltrue([
      for i in range(3) : aws_route.private_nat[i].destination_cidr_block == "0.0.0.0/0" && aws_route.private_nat[i].nat_gateway_id == aws_nat_gateway.this[i].id && aws_route.private_nat[i].route_table_id == aws_route_table.private[i].id
    ])
    error_message = "Private route table i must send 0.0.0.0/0 to the NAT gateway of AZ i."
  }

  assert {
    condition     = alltrue([for i in range(3) : aws_nat_gateway.this[i].subnet_id == aws_subnet.public[i].id && aws_nat_gateway.this[i].allocation_id == aws_eip.nat[i].id])
    error_message = "NAT gateway i must sit in public subnet i with EIP i."
  }

  assert {
    condition = alltrue([
      for i in range(3) : aws_route_table_association.private[i].subnet_id == aws_subnet.private[i].id && aws_route_table_association.private[i].route_table_id == aws_route_table.private[i].id && aws_route_table_association.public[i].subnet_id == aws_subnet.public[i].id && aws_route_table_association.public[i].route_table_id == aws_route_table.public.id
    ])
    error_message = "Each subnet must be associated with its tier's route table."
  }

  assert {
    condition     = !anytrue(aws_subnet.public[*].map_public_ip_on_launch)
    error_message = "Public subnets must not hand out public IPs on launch."
  }

  assert {
    condition     = jsonencode(output.private_subnet_ids) == jsonencode(aws_subnet.private[*].id) && jsonencode(output.public_subnet_ids) == jsonencode(aws_subnet.public[*].id) && jsonencode(output.nat_gateway_ids) == jsonencode(aws_nat_gateway.this[*].id) && jsonencode(output.azs) == jsonencode(var.azs) && output.vpc_cidr == "10.0.0.0/16"
    error_message = "Outputs must expose the subnets, NAT gateways and AZs in AZ order."
  }

  assert {
    condition     = aws_default_security_group.this.vpc_id == aws_vpc.this.id && length(aws_default_security_group.this.ingress) == 0 && length(aws_default_security_group.this.egress) == 0
    error_message = "The VPC's default security group must be taken over and left without any rule."
  }

  assert {
    condition     = length(aws_flow_log.this) == 0 && length(aws_cloudwatch_log_group.flow_logs) == 0
    error_message = "Flow logs must be off by default."
  }
}

run "two_azs" {
  command = plan

  variables {
    azs = ["us-east-1a", "us-east-1b"]
  }

  assert {
    condition     = length(aws_subnet.public) == 2 && length(aws_subnet.private) == 2 && length(aws_nat_gateway.this) == 2 && length(aws_route_table.private) == 2
    error_message = "2 AZs must give 2 subnets per tier, 2 NAT gateways and 2 private route tables."
  }
}

run "six_azs" {
  command = plan

  variables {
    azs = ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e", "us-east-1f"]
  }

  assert {
    condition     = length(aws_subnet.public) == 6 && length(aws_subnet.private) == 6 && length(aws_nat_gateway.this) == 6
    error_message = "6 AZs must give 6 subnets per tier and 6 NAT gateways."
  }

  assert {
    condition     = length(distinct(concat(aws_subnet.public[*].availability_zone))) == 6
    error_message = "Subnets must be in 6 distinct AZs."
  }

  assert {
    condition     = length(distinct(concat(aws_subnet.public[*].cidr_block, aws_subnet.private[*].cidr_block))) == 12
    error_message = "12 subnets must get 12 different CIDR blocks."
  }
}

run "single_nat_gateway" {
  command = apply

  variables {
    single_nat_gateway = true
  }

  assert {
    condition     = length(aws_nat_gateway.this) == 1 && length(aws_eip.nat) == 1
    error_message = "single_nat_gateway must create exactly one NAT gateway and one EIP."
  }

  assert {
    condition     = length(aws_route_table.private) == 3 && alltrue([for r in aws_route.private_nat : r.nat_gateway_id == aws_nat_gateway.this[0].id])
    error_message = "With a single NAT gateway every private route table must still exist and point at it."
  }

  assert {
    condition     = aws_nat_gateway.this[0].subnet_id == aws_subnet.public[0].id
    error_message = "The single NAT gateway must sit in the first public subnet."
  }
}

run "small_vpc_and_newbits" {
  command = plan

  variables {
    cidr           = "172.20.8.0/24"
    subnet_newbits = 4
    azs            = ["eu-west-1a", "eu-west-1b", "eu-west-1c", "eu-west-1d", "eu-west-1e", "eu-west-1f"]
  }

  assert {
    condition     = aws_subnet.public[5].cidr_block == "172.20.8.80/28" && aws_subnet.private[0].cidr_block == "172.20.8.128/28"
    error_message = "A /24 with 4 new bits must give /28 subnets, private ones in the upper half."
  }
}

run "explicit_cidrs" {
  command = plan

  variables {
    azs                  = ["eu-west-1a", "eu-west-1b"]
    public_subnet_cidrs  = ["10.0.0.0/24", "10.0.1.0/24"]
    private_subnet_cidrs = ["10.0.10.0/23", "10.0.12.0/23"]
  }

  assert {
    condition     = jsonencode(aws_subnet.public[*].cidr_block) == jsonencode(var.public_subnet_cidrs) && jsonencode(aws_subnet.private[*].cidr_block) == jsonencode(var.private_subnet_cidrs)
    error_message = "Given subnet CIDRs must be used as they are, in AZ order."
  }
}

run "tags_merged_everywhere" {
  command = plan

  variables {
    tags = { Project = "wordpress-ecs", Env = "test" }
  }

  assert {
    condition     = aws_vpc.this.tags["Project"] == "wordpress-ecs" && aws_vpc.this.tags["Name"] == "wpecs-test"
    error_message = "The VPC must carry Name plus the given tags."
  }

  assert {
    condition     = alltrue([for s in concat(aws_subnet.public, aws_subnet.private) : s.tags["Env"] == "test" && startswith(s.tags["Name"], "wpecs-test-")])
    error_message = "Every subnet must carry the given tags and a Name derived from name."
  }
}

run "flow_logs_enabled" {
  command = apply

  variables {
    flow_logs = { enabled = true, traffic_type = "ALL", retention_in_days = 14 }
  }

  assert {
    condition     = length(aws_flow_log.this) == 1 && aws_flow_log.this[0].vpc_id == aws_vpc.this.id && aws_flow_log.this[0].traffic_type == "ALL"
    error_message = "flow_logs.enabled must create one flow log on the VPC with the given traffic type."
  }

  assert {
    condition     = aws_cloudwatch_log_group.flow_logs[0].retention_in_days == 14 && aws_flow_log.this[0].iam_role_arn == aws_iam_role.flow_logs[0].arn
    error_message = "Flow logs must go to a log group with the given retention, written by their own role."
  }

  assert {
    condition     = jsondecode(aws_iam_role.flow_logs[0].assume_role_policy).Statement[0].Principal.Service == "vpc-flow-logs.amazonaws.com" && jsondecode(aws_iam_role_policy.flow_logs[0].policy).Statement[0].Resource == "${aws_cloudwatch_log_group.flow_logs[0].arn}:*"
    error_message = "Only the flow logs service may assume the role, and it may write only to its log group."
  }
}

# S3 traffic of the private subnets goes through a gateway endpoint, not the
# NAT gateways (image layers from ECR live in S3). AWS mocked.

run "s3_gateway_endpoint_on_every_private_route_table" {
  command = apply

  assert {
    condition     = length(aws_vpc_endpoint.s3) == 1 && aws_vpc_endpoint.s3[0].vpc_endpoint_type == "Gateway" && aws_vpc_endpoint.s3[0].service_name == "com.amazonaws.eu-west-1.s3" && aws_vpc_endpoint.s3[0].vpc_id == aws_vpc.this.id
    error_message = "The VPC must have an S3 gateway endpoint of its region."
  }

  assert {
    condition     = aws_vpc_endpoint.s3[0].route_table_ids == toset(aws_route_table.private[*].id) && length(aws_route_table.private) == 3
    error_message = "The S3 endpoint must be on every private route table (one per AZ), so S3 traffic skips the NAT gateways."
  }

  assert {
    condition     = output.s3_endpoint_id == aws_vpc_endpoint.s3[0].id
    error_message = "The endpoint's ID must be an output."
  }
}

run "s3_gateway_endpoint_can_be_left_out" {
  command = plan

  variables {
    s3_gateway_endpoint = false
  }

  assert {
    condition     = length(aws_vpc_endpoint.s3) == 0 && output.s3_endpoint_id == null
    error_message = "s3_gateway_endpoint = false must leave the endpoint out."
  }
}

# Bad inputs are refused at plan time with a message naming the problem.

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
