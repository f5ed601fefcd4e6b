# The AWS mocks every test file shares: the mocked account, its partition and
# a role ARN in the syntax the provider checks. The one home of these blocks:
# infra/generate.sh (run by `make docs`) writes them into each test file's
# mock_provider "aws" between its ">>> infra/tests/mocks/aws.tfmock.hcl" and
# "<<<" lines, and `make test-unit-infra` fails when a copy differs (OpenTofu
# 1.10's mock_provider has no `source` to read this file itself). What one
# test asserts on (a region, a named ARN) stays in that test file.
mock_data "aws_caller_identity" {
  defaults = { account_id = "123456789012" }
}
mock_data "aws_partition" {
  defaults = { partition = "aws" }
}
mock_resource "aws_iam_role" {
  defaults = { arn = "arn:aws:iam::123456789012:role/mock" }
}
