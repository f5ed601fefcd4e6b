# Access logs to an S3 bucket the module creates: encrypted, private, logs
# expire, only the ELB log delivery may write. AWS mocked.

mock_provider "aws" {
  # The provider checks ARN syntax even with mocked values.
  mock_resource "aws_lb" {
    defaults = {
      arn        = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/wpecs-test/0123456789abcdef"
      arn_suffix = "app/wpecs-test/0123456789abcdef"
      dns_name   = "wpecs-test-123456789.eu-west-1.elb.amazonaws.com"
    }
  }
  mock_resource "aws_lb_target_group" {
    defaults = {
      arn        = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/wpecs-1234/0123456789abcdef"
      arn_suffix = "targetgroup/wpecs-1234/0123456789abcdef"
    }
  }
  mock_resource "aws_lb_listener" {
    defaults = { arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/wpecs-test/0123456789abcdef/0123456789abcdef" }
  }
  mock_resource "aws_s3_bucket" {
    defaults = {
      id     = "wpecs-test-alb-logs-20260101000000000000000001"
      bucket = "wpecs-test-alb-logs-20260101000000000000000001"
      arn    = "arn:aws:s3:::wpecs-test-alb-logs-20260101000000000000000001"
    }
  }
  mock_data "aws_elb_service_account" {
    defaults = { arn = "arn:aws:iam::156460612806:root" }
  }
  mock_data "aws_caller_identity" {
    defaults = { account_id = "123456789012" }
  }
  mock_data "aws_partition" {
    defaults = { partition = "aws" }
  }
  mock_resource "aws_security_group" {
    defaults = { id = "sg-0aaaaaaaaaaaaaaaa" }
  }
}

variables {
  name       = "wpecs-test"
  vpc_id     = "vpc-0123456789abcdef0"
  vpc_cidr   = "10.0.0.0/16"
  subnet_ids = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2", "subnet-0aaaaaaaaaaaaaaa3"]
}

run "access_logs_to_a_bucket_of_its_own" {
  command = apply

  variables {
    access_logs = { prefix = "alb", expiration_days = 30 }
  }

  assert {
    condition     = length(aws_s3_bucket.access_logs) == 1 && startswith(aws_s3_bucket.access_logs[0].bucket_prefix, "wpecs-test-alb-logs-") && !aws_s3_bucket.access_logs[0].force_destroy
    error_message = "Without a bucket name the module must create the log bucket (kept on destroy by default)."
  }

  assert {
    condition     = aws_lb.this.access_logs[0].enabled && aws_lb.this.access_logs[0].bucket == aws_s3_bucket.access_logs[0].bucket && aws_lb.this.access_logs[0].prefix == "alb"
    error_message = "The load balancer must log to the created bucket under the prefix."
  }

  assert {
    condition     = one(one(aws_s3_bucket_server_side_encryption_configuration.access_logs[0].rule).apply_server_side_encryption_by_default).sse_algorithm == "AES256"
    error_message = "The log bucket must be encrypted (SSE-S3: the only encryption ALB log delivery supports)."
  }

  assert {
    condition = (
      aws_s3_bucket_public_access_block.access_logs[0].block_public_acls &&
      aws_s3_bucket_public_access_block.access_logs[0].block_public_policy &&
      aws_s3_bucket_public_access_block.access_logs[0].ignore_public_acls &&
      aws_s3_bucket_public_access_block.access_logs[0].restrict_public_buckets
    )
    error_message = "Public access to the log bucket must be blocked entirely."
  }

  assert {
    condition     = aws_s3_bucket_ownership_controls.access_logs[0].rule[0].object_ownership == "BucketOwnerEnforced"
    error_message = "ACLs must be off (bucket owner enforced)."
  }

  assert {
    condition = anytrue([for r in aws_s3_bucket_lifecycle_configuration.access_logs[0].rule :
      r.status == "Enabled" && r.expiration[0].days == 30 && r.abort_incomplete_multipart_upload[0].days_after_initiation == 1
    ])
    error_message = "Log objects must expire after expiration_days."
  }

  assert {
    condition = anytrue([for s in jsondecode(aws_s3_bucket_policy.access_logs[0].policy).Statement :
      s.Effect == "Allow" && s.Action == "s3:PutObject" && s.Principal == { Service = "logdelivery.elasticloadbalancing.amazonaws.com" } &&
      s.Resource == "arn:aws:s3:::wpecs-test-alb-logs-20260101000000000000000001/alb/AWSLogs/123456789012/*"
    ])
    error_message = "The ELB log delivery service may write only under the prefix and this account's AWSLogs path."
  }

  assert {
    condition = anytrue([for s in jsondecode(aws_s3_bucket_policy.access_logs[0].policy).Statement :
      s.Effect == "Allow" && s.Action == "s3:PutObject" && s.Principal == { AWS = "arn:aws:iam::156460612806:root" }
    ])
    error_message = "The region's ELB account (regions older than August 2022 deliver as that account) may write too."
  }

  assert {
    condition = anytrue([for s in jsondecode(aws_s3_bucket_policy.access_logs[0].policy).Statement :
      s.Effect == "Deny" && s.Condition.Bool["aws:SecureTransport"] == "false"
    ])
    error_message = "The log bucket must refuse requests without TLS."
  }

  assert {
    condition     = output.access_logs_bucket == aws_s3_bucket.access_logs[0].bucket
    error_message = "The bucket name must be an output."
  }
}

run "access_logs_to_a_given_bucket_create_nothing" {
  command = plan

  variables {
    access_logs = { bucket = "someone-elses-log-bucket" }
  }

  assert {
    condition     = length(aws_s3_bucket.access_logs) == 0 && aws_lb.this.access_logs[0].bucket == "someone-elses-log-bucket"
    error_message = "A given bucket is used as it is."
  }
}

run "no_access_logs_by_default" {
  command = plan

  assert {
    condition     = length(aws_s3_bucket.access_logs) == 0 && output.access_logs_bucket == null
    error_message = "Without access_logs there is no bucket."
  }
}
