# Replication group, subnet group, security group and the AUTH token's
# secret, with the AWS API mocked.

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
  # The provider checks ARN and ID syntax even with mocked values.
  mock_resource "aws_security_group" {
    defaults = { id = "sg-0eeeeeeeeeeeeeeee" }
  }
  mock_resource "aws_secretsmanager_secret" {
    defaults = { arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:wpecs-test-cache-auth-AbCdEf" }
  }
  mock_data "aws_secretsmanager_random_password" {
    defaults = { random_password = "TokenTokenTokenTokenTokenTokenTokenTokenTokenTokenTokenToken1234" }
  }
  mock_resource "aws_elasticache_replication_group" {
    defaults = {
      primary_endpoint_address = "master.wpecs-test.abcdef.euw1.cache.amazonaws.com"
      reader_endpoint_address  = "replica.wpecs-test.abcdef.euw1.cache.amazonaws.com"
    }
  }
}

variables {
  name                       = "wpecs-test"
  vpc_id                     = "vpc-0123456789abcdef0"
  subnet_ids                 = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2", "subnet-0aaaaaaaaaaaaaaa3"]
  allowed_security_group_ids = { workload = "sg-0bbbbbbbbbbbbbbbb" }
}

run "defaults" {
  command = apply

  assert {
    condition     = aws_elasticache_replication_group.this.transit_encryption_enabled && aws_elasticache_replication_group.this.transit_encryption_mode == "required" && aws_elasticache_replication_group.this.at_rest_encryption_enabled
    error_message = "The cache must be encrypted in transit (TLS required) and at rest."
  }

  assert {
    condition     = aws_elasticache_replication_group.this.auth_token == data.aws_secretsmanager_random_password.auth.random_password && jsondecode(aws_secretsmanager_secret_version.auth.secret_string).auth_token == data.aws_secretsmanager_random_password.auth.random_password
    error_message = "The group's AUTH token must be the one kept in the secret (JSON key auth_token)."
  }

  assert {
    condition     = data.aws_secretsmanager_random_password.auth.exclude_punctuation && data.aws_secretsmanager_random_password.auth.password_length >= 32 && data.aws_secretsmanager_random_password.auth.password_length <= 128
    error_message = "The token must be 32-128 letters and digits (ElastiCache refuses some punctuation)."
  }

  assert {
    condition     = aws_elasticache_replication_group.this.engine == "valkey" && aws_elasticache_replication_group.this.node_type == "cache.t4g.micro" && aws_elasticache_replication_group.this.num_cache_clusters == 1
    error_message = "Defaults must be one cache.t4g.micro Valkey node."
  }

  assert {
    condition     = !aws_elasticache_replication_group.this.multi_az_enabled && !aws_elasticache_replication_group.this.automatic_failover_enabled
    error_message = "Multi-AZ and failover must be off by default (one node)."
  }

  assert {
    condition     = aws_elasticache_replication_group.this.subnet_group_name == aws_elasticache_subnet_group.this.name && aws_elasticache_subnet_group.this.subnet_ids == toset(var.subnet_ids)
    error_message = "The nodes must sit in the given private subnets."
  }

  assert {
    condition     = aws_elasticache_replication_group.this.security_group_ids == toset([module.security_group.id])
    error_message = "The group must use the module's security group only."
  }

  assert {
    condition     = jsonencode(module.security_group.ingress_rules) == jsonencode({ workload = { cidr_ipv4 = null, from_port = 6379, ip_protocol = "tcp", referenced_security_group_id = "sg-0bbbbbbbbbbbbbbbb", to_port = 6379 } })
    error_message = "Only the cache port, from the given group, may come in."
  }

  assert {
    condition     = aws_secretsmanager_secret.auth.recovery_window_in_days == 30
    error_message = "The secret keeps the default 30-day recovery window."
  }

  assert {
    condition     = output.host == "master.wpecs-test.abcdef.euw1.cache.amazonaws.com" && output.port == 6379 && output.auth_secret_arn == aws_secretsmanager_secret.auth.arn
    error_message = "The outputs must give the primary endpoint, the port and the token's secret."
  }
}

run "prod_shape" {
  command = apply

  variables {
    node_type                   = "cache.t4g.small"
    num_cache_clusters          = 2
    multi_az                    = true
    engine                      = "redis"
    engine_version              = "7.1"
    kms_key_arn                 = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555"
    port                        = 6380
    secret_recovery_window_days = 0
  }

  assert {
    condition     = aws_elasticache_replication_group.this.multi_az_enabled && aws_elasticache_replication_group.this.automatic_failover_enabled && aws_elasticache_replication_group.this.num_cache_clusters == 2
    error_message = "multi_az must turn on Multi-AZ and automatic failover with a replica."
  }

  assert {
    condition     = aws_elasticache_replication_group.this.kms_key_id == var.kms_key_arn && aws_elasticache_replication_group.this.engine == "redis" && aws_elasticache_replication_group.this.engine_version == "7.1"
    error_message = "The engine, its version and the KMS key must be passed through."
  }

  assert {
    condition     = module.security_group.ingress_rules["workload"].from_port == 6380 && module.security_group.ingress_rules["workload"].to_port == 6380 && aws_elasticache_replication_group.this.port == 6380 && output.port == 6380
    error_message = "The port must be used everywhere."
  }

  assert {
    condition     = aws_secretsmanager_secret.auth.recovery_window_in_days == 0
    error_message = "secret_recovery_window_days must reach the secret."
  }
}

# Bad inputs are refused at plan time with a message naming the problem.

run "multi_az_with_one_node_is_refused" {
  command = plan
  variables {
    multi_az = true
  }
  expect_failures = [var.multi_az]
}

run "multi_az_in_one_subnet_is_refused" {
  command = plan
  variables {
    multi_az           = true
    num_cache_clusters = 2
    subnet_ids         = ["subnet-0aaaaaaaaaaaaaaa1"]
  }
  expect_failures = [var.multi_az]
}

run "unknown_engine_is_refused" {
  command = plan
  variables {
    engine = "memcached"
  }
  expect_failures = [var.engine]
}

run "old_engine_version_is_refused" {
  command = plan
  variables {
    engine_version = "5.0"
  }
  expect_failures = [var.engine_version]
}

run "bad_name_is_refused" {
  command = plan
  variables {
    name = "1-cache-with-a-name-much-too-long-for-elasticache"
  }
  expect_failures = [var.name]
}

run "no_source_group_is_refused" {
  command = plan
  variables {
    allowed_security_group_ids = {}
  }
  expect_failures = [var.allowed_security_group_ids]
}

run "bad_node_type_is_refused" {
  command = plan
  variables {
    node_type = "t4g.micro"
  }
  expect_failures = [var.node_type]
}

run "bad_recovery_window_is_refused" {
  command = plan
  variables {
    secret_recovery_window_days = 3
  }
  expect_failures = [var.secret_recovery_window_days]
}
