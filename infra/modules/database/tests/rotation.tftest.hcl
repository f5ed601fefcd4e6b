# Issue 9 item 1: WordPress has its own database users and secret, rotated
# by this module's function (alternating users), never the master user; the
# rotation rolls the ECS service when it succeeds.
mock_provider "aws" {
  mock_resource "aws_db_instance" {
    defaults = {
      address = "wpecs-test.abc123.eu-west-1.rds.amazonaws.com"
      master_user_secret = [{
        secret_arn    = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-123-AbCdEf"
        kms_key_id    = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555"
        secret_status = "active"
      }]
    }
  }
  mock_resource "aws_secretsmanager_secret" {
    defaults = {
      arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:wpecs-test-wordpress-db-AbCdEf"
    }
  }
  mock_resource "aws_lambda_function" {
    defaults = {
      arn = "arn:aws:lambda:eu-west-1:123456789012:function:wpecs-test-db-rotation"
    }
  }
  mock_resource "aws_iam_role" {
    defaults = {
      arn = "arn:aws:iam::123456789012:role/wpecs-test-mock"
    }
  }
  mock_resource "aws_cloudwatch_log_group" {
    defaults = {
      arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/mock"
    }
  }
  mock_resource "aws_security_group" {
    defaults = {
      id = "sg-0aaaaaaaaaaaaaaa1"
    }
  }
  mock_data "aws_partition" {
    defaults = {
      partition = "aws"
    }
  }
}

variables {
  identifier = "wpecs-test"
  vpc_id     = "vpc-12345678"
  subnet_ids = ["subnet-aaaa1111", "subnet-bbbb2222", "subnet-cccc3333"]
  allowed_security_group_ids = {
    ecs_instances = "sg-0123456789abcdef0"
  }
  roll_ecs_service = {
    cluster_arn  = "arn:aws:ecs:eu-west-1:123456789012:cluster/wpecs-test"
    service_name = "wpecs-test"
  }
}

run "wordpress_has_its_own_secret_never_the_master" {
  command = apply

  assert {
    condition     = output.app_secret_arn == "arn:aws:secretsmanager:eu-west-1:123456789012:secret:wpecs-test-wordpress-db-AbCdEf" && output.app_secret_arn != output.master_user_secret_arn
    error_message = "the module must output a WordPress secret of its own, not the master secret"
  }
  assert {
    condition     = jsondecode(aws_secretsmanager_secret_version.initial.secret_string).username == "wordpress" && aws_db_instance.this.username != "wordpress"
    error_message = "WordPress connects as its own user (wordpress, then wordpress_clone), not the master user"
  }
  assert {
    condition     = jsondecode(aws_secretsmanager_secret_version.initial.secret_string).password == ""
    error_message = "the first version holds no password: the first rotation creates the user with a generated one"
  }
}

run "rotation_schedule_and_function" {
  command = plan

  assert {
    condition     = aws_secretsmanager_secret_rotation.app.rotation_rules[0].automatically_after_days == 30
    error_message = "the WordPress secret must rotate (every 30 days by default)"
  }
  assert {
    condition     = aws_lambda_function.rotation.handler == "rotation.lambda_handler" && startswith(aws_lambda_function.rotation.runtime, "python3.")
    error_message = "the rotation function is this module's Python handler"
  }
  assert {
    condition     = aws_lambda_function.rotation.source_code_hash == filebase64sha256("${path.module}/rotation/package.zip")
    error_message = "the function's code is the committed package (rotation/build.py)"
  }
  assert {
    condition     = aws_lambda_function.rotation.environment[0].variables.MASTER_SECRET_ARN == "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-123-AbCdEf"
    error_message = "the function uses the master secret to manage the users"
  }
  assert {
    condition     = aws_lambda_function.rotation.environment[0].variables.ECS_CLUSTER == "arn:aws:ecs:eu-west-1:123456789012:cluster/wpecs-test" && aws_lambda_function.rotation.environment[0].variables.ECS_SERVICE == "wpecs-test"
    error_message = "finishSecret must know the service to roll"
  }
  assert {
    condition     = toset(aws_lambda_function.rotation.vpc_config[0].subnet_ids) == toset(["subnet-aaaa1111", "subnet-bbbb2222", "subnet-cccc3333"])
    error_message = "the function runs in the database's private subnets"
  }
  assert {
    condition     = aws_lambda_permission.secretsmanager.principal == "secretsmanager.amazonaws.com"
    error_message = "only Secrets Manager may invoke the function"
  }
  assert {
    condition     = aws_vpc_security_group_ingress_rule.from_rotation.from_port == 3306 && aws_vpc_security_group_ingress_rule.from_rotation.referenced_security_group_id == aws_security_group.rotation.id
    error_message = "the database admits the rotation function on 3306"
  }
}

run "rotation_permissions_are_scoped" {
  command = apply

  # Every Secrets Manager action that names a resource names the two secrets
  # only; the master secret is read-only; the service roll names one service.
  assert {
    condition = alltrue([
      for s in jsondecode(aws_iam_role_policy.rotation.policy).Statement :
      alltrue([for r in flatten([s.Resource]) : contains([output.app_secret_arn, output.master_user_secret_arn], r)])
      if anytrue([for a in flatten([s.Action]) : startswith(a, "secretsmanager:") && a != "secretsmanager:GetRandomPassword"])
    ])
    error_message = "the function's Secrets Manager permissions must name only the WordPress and master secrets"
  }
  assert {
    condition = alltrue([
      for s in jsondecode(aws_iam_role_policy.rotation.policy).Statement :
      alltrue([for a in flatten([s.Action]) : contains(["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"], a)])
      if contains(flatten([s.Resource]), output.master_user_secret_arn)
    ])
    error_message = "the master secret may only be read"
  }
  assert {
    condition = anytrue([
      for s in jsondecode(aws_iam_role_policy.rotation.policy).Statement :
      contains(flatten([s.Action]), "secretsmanager:PutSecretValue") && flatten([s.Resource]) == [output.app_secret_arn]
    ])
    error_message = "the function writes new versions of the WordPress secret only"
  }
  assert {
    condition = alltrue([
      for s in jsondecode(aws_iam_role_policy.rotation.policy).Statement :
      flatten([s.Resource]) == ["arn:aws:ecs:eu-west-1:123456789012:service/wpecs-test/wpecs-test"]
      if contains(flatten([s.Action]), "ecs:UpdateService")
    ])
    error_message = "the roll may update the WordPress service only"
  }
  assert {
    condition     = aws_lambda_permission.secretsmanager.source_arn == output.app_secret_arn
    error_message = "Secrets Manager may invoke the function for the WordPress secret only"
  }
}

run "no_roll_without_a_service" {
  command = plan
  variables {
    roll_ecs_service = null
  }

  assert {
    condition     = !contains(keys(aws_lambda_function.rotation.environment[0].variables), "ECS_SERVICE")
    error_message = "without a service there is nothing to roll"
  }
}

run "rejects_a_master_user_named_like_the_wordpress_users" {
  command = plan
  variables {
    master_username = "wordpress_clone"
  }
  expect_failures = [aws_db_instance.this]
}

run "rejects_rotation_every_zero_days" {
  command = plan
  variables {
    rotation_days = 0
  }
  expect_failures = [var.rotation_days]
}
