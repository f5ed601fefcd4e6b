# Bad inputs are refused at plan time with a message naming the problem.

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

run "negative_deregistration_delay_is_refused" {
  command = plan
  variables {
    deregistration_delay = -1
  }
  expect_failures = [var.deregistration_delay]
}

run "huge_deregistration_delay_is_refused" {
  command = plan
  variables {
    deregistration_delay = 3601
  }
  expect_failures = [var.deregistration_delay]
}

run "slow_start_below_30_is_refused" {
  command = plan
  variables {
    slow_start = 10
  }
  expect_failures = [var.slow_start]
}

run "unknown_target_type_is_refused" {
  command = plan
  variables {
    target_type = "lambda"
  }
  expect_failures = [var.target_type]
}

run "single_subnet_is_refused" {
  command = plan
  variables {
    subnet_ids = ["subnet-0aaaaaaaaaaaaaaa1"]
  }
  expect_failures = [var.subnet_ids]
}

run "bad_certificate_arn_is_refused" {
  command = plan
  variables {
    certificate_arn = "my-certificate"
  }
  expect_failures = [var.certificate_arn]
}

run "old_tls_policy_is_refused" {
  command = plan
  variables {
    certificate_arn = "arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555"
    ssl_policy      = "ELBSecurityPolicy-2016-08"
  }
  expect_failures = [var.ssl_policy]
}

run "bad_client_cidr_is_refused" {
  command = plan
  variables {
    allowed_ipv4_cidrs = ["everyone"]
  }
  expect_failures = [var.allowed_ipv4_cidrs]
}

run "ipv4_range_as_ipv6_is_refused" {
  command = plan
  variables {
    allowed_ipv6_cidrs = ["0.0.0.0/0"]
  }
  expect_failures = [var.allowed_ipv6_cidrs]
}

run "health_check_timeout_not_below_interval_is_refused" {
  command = plan
  variables {
    health_check = { interval = 5, timeout = 5 }
  }
  expect_failures = [var.health_check]
}

run "relative_health_check_path_is_refused" {
  command = plan
  variables {
    health_check = { path = "healthz" }
  }
  expect_failures = [var.health_check]
}

run "bad_matcher_is_refused" {
  command = plan
  variables {
    health_check = { matcher = "ok" }
  }
  expect_failures = [var.health_check]
}

run "idle_timeout_zero_is_refused" {
  command = plan
  variables {
    idle_timeout = 0
  }
  expect_failures = [var.idle_timeout]
}

run "internal_prefix_name_is_refused" {
  command = plan
  variables {
    name = "internal-wp"
  }
  expect_failures = [var.name]
}

run "bad_vpc_cidr_is_refused" {
  command = plan
  variables {
    vpc_cidr = "10.0.0.0/33"
  }
  expect_failures = [var.vpc_cidr]
}

run "access_logs_without_expiry_is_refused" {
  command = plan
  variables {
    access_logs = { expiration_days = 0 }
  }
  expect_failures = [var.access_logs]
}

run "access_logs_prefix_with_slashes_is_refused" {
  command = plan
  variables {
    access_logs = { prefix = "/alb/" }
  }
  expect_failures = [var.access_logs]
}

run "bad_zone_id_is_refused" {
  command = plan
  variables {
    domain_name     = "blog.example.org"
    route53_zone_id = "example.org"
  }
  expect_failures = [var.route53_zone_id]
}
