# S3 traffic of the private subnets goes through a gateway endpoint, not the
# NAT gateways (image layers from ECR live in S3). AWS mocked.

mock_provider "aws" {
  # The provider checks ARN syntax even with mocked values.
  mock_resource "aws_cloudwatch_log_group" {
    defaults = { arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/vpc/wpecs-test/flow-logs" }
  }
  mock_data "aws_region" {
    defaults = { id = "eu-west-1", name = "eu-west-1" }
  }
  mock_resource "aws_iam_role" {
    defaults = { arn = "arn:aws:iam::123456789012:role/wpecs-test-flowlogs" }
  }
}

variables {
  name = "wpecs-test"
  azs  = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
}

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
