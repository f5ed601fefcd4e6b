# Bad inputs are refused at plan time with a message naming the problem.

mock_provider "aws" {
  # A mocked value must still pass the provider's own check of the token.
  mock_data "aws_secretsmanager_random_password" {
    defaults = { random_password = "TokenTokenTokenTokenTokenTokenTokenTokenTokenTokenTokenToken1234" }
  }
}

variables {
  name                       = "wpecs-test"
  vpc_id                     = "vpc-0123456789abcdef0"
  subnet_ids                 = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"]
  allowed_security_group_ids = { workload = "sg-0bbbbbbbbbbbbbbbb" }
}

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
