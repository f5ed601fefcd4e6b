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
  mock_resource "aws_cloudwatch_log_group" {
    defaults = {
      arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/mock"
    }
  }
  mock_resource "aws_iam_role" {
    defaults = {
      arn = "arn:aws:iam::123456789012:role/wpecs-test-rds-mon-1"
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
}

run "safe_defaults" {
  command = plan

  assert {
    condition     = aws_db_instance.this.storage_encrypted && !aws_db_instance.this.publicly_accessible
    error_message = "storage must be encrypted and the instance must not be public"
  }
  assert {
    condition     = aws_db_instance.this.manage_master_user_password == true
    error_message = "the master password must be managed by RDS in Secrets Manager"
  }
  assert {
    condition     = aws_db_instance.this.multi_az && aws_db_instance.this.deletion_protection && !aws_db_instance.this.skip_final_snapshot
    error_message = "multi_az, deletion protection and a final snapshot must be on by default"
  }
  assert {
    condition     = aws_db_instance.this.final_snapshot_identifier == "wpecs-test-final"
    error_message = "the final snapshot must be named after the instance"
  }
  assert {
    condition     = aws_db_instance.this.backup_retention_period == 7 && aws_db_instance.this.auto_minor_version_upgrade
    error_message = "backups (7 days) and automatic minor upgrades must be on by default"
  }
  assert {
    condition     = aws_db_instance.this.engine == "mariadb" && aws_db_parameter_group.this.family == "mariadb10.11"
    error_message = "the default engine is MariaDB 10.11 with the matching parameter group family"
  }
  assert {
    condition     = length(aws_iam_role.monitoring) == 0 && aws_db_instance.this.monitoring_interval == 0
    error_message = "enhanced monitoring is off by default and then needs no role"
  }
}

run "utf8mb4_parameters" {
  command = plan

  assert {
    condition     = contains([for p in aws_db_parameter_group.this.parameter : "${p.name}=${p.value}"], "character_set_server=utf8mb4")
    error_message = "character_set_server must be utf8mb4"
  }
  assert {
    condition     = contains([for p in aws_db_parameter_group.this.parameter : "${p.name}=${p.value}"], "collation_server=utf8mb4_unicode_ci")
    error_message = "collation_server must be a utf8mb4 collation"
  }
}

run "port_open_only_to_given_groups" {
  command = plan

  assert {
    condition     = length(aws_vpc_security_group_ingress_rule.from_source) == 1
    error_message = "one ingress rule per allowed security group"
  }
  assert {
    condition     = aws_vpc_security_group_ingress_rule.from_source["ecs_instances"].from_port == 3306 && aws_vpc_security_group_ingress_rule.from_source["ecs_instances"].to_port == 3306
    error_message = "only port 3306 may be opened"
  }
  assert {
    condition     = aws_vpc_security_group_ingress_rule.from_source["ecs_instances"].referenced_security_group_id == "sg-0123456789abcdef0" && aws_vpc_security_group_ingress_rule.from_source["ecs_instances"].cidr_ipv4 == null
    error_message = "the rule must reference the source security group, never a CIDR"
  }
}

run "mysql_with_monitoring_and_dev_settings" {
  command = plan

  variables {
    engine              = "mysql"
    engine_version      = "8.0.39"
    multi_az            = false
    deletion_protection = false
    skip_final_snapshot = true
    monitoring_interval = 60
  }

  assert {
    condition     = aws_db_parameter_group.this.family == "mysql8.0"
    error_message = "mysql 8.0.39 needs the mysql8.0 family"
  }
  assert {
    condition     = aws_db_instance.this.final_snapshot_identifier == null
    error_message = "no final snapshot name when skipping it"
  }
  assert {
    condition     = length(aws_iam_role.monitoring) == 1
    error_message = "enhanced monitoring needs its role"
  }
}

run "outputs" {
  command = apply

  assert {
    condition     = output.endpoint == "wpecs-test.abc123.eu-west-1.rds.amazonaws.com:3306"
    error_message = "endpoint must be address:port"
  }
  assert {
    condition     = output.master_user_secret_arn == "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-123-AbCdEf"
    error_message = "master_user_secret_arn must come from the RDS-managed secret"
  }
}

run "rejects_postgres" {
  command = plan
  variables {
    engine = "postgres"
  }
  expect_failures = [var.engine]
}

run "rejects_single_subnet" {
  command = plan
  variables {
    subnet_ids = ["subnet-aaaa1111"]
  }
  expect_failures = [var.subnet_ids]
}

run "rejects_zero_backup_retention" {
  command = plan
  variables {
    backup_retention_period = 0
  }
  expect_failures = [var.backup_retention_period]
}

run "rejects_mysql_5_7" {
  command = plan
  variables {
    engine         = "mysql"
    engine_version = "5.7"
  }
  expect_failures = [aws_db_instance.this]
}

# The restore path: the instance starts from a snapshot (make restore-aws).
run "restored_from_a_snapshot" {
  command = plan

  variables {
    snapshot_identifier = "awsbackup:job-0123abcd"
  }

  assert {
    condition     = aws_db_instance.this.snapshot_identifier == "awsbackup:job-0123abcd" && aws_db_instance.this.storage_encrypted
    error_message = "A restore must start the instance from the snapshot, encrypted."
  }
}

run "new_database_by_default" {
  command = plan

  assert {
    condition     = aws_db_instance.this.db_name == "wordpress"
    error_message = "Without a snapshot the instance creates the WordPress database."
  }
}
