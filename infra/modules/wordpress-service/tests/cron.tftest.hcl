# Issue 12 item 3: external cron (EventBridge Scheduler, a one-off task, its role and alarms).
mock_provider "aws" {
  mock_data "aws_region" {
    defaults = {
      name = "eu-west-1"
    }
  }
  mock_data "aws_partition" {
    defaults = {
      partition = "aws"
    }
  }
  mock_data "aws_caller_identity" {
    defaults = {
      account_id = "123456789012"
    }
  }
  mock_resource "aws_iam_role" {
    defaults = {
      arn = "arn:aws:iam::123456789012:role/wpecs-test-role"
    }
  }
  mock_resource "aws_cloudwatch_log_group" {
    defaults = {
      arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/wpecs-test"
    }
  }
  mock_resource "aws_secretsmanager_secret" {
    defaults = {
      arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:wpecs-test-wp-admin-AbCdEf"
    }
  }
  mock_resource "aws_sqs_queue" {
    defaults = {
      arn = "arn:aws:sqs:eu-west-1:123456789012:wpecs-test-cron-dlq"
    }
  }
  mock_resource "aws_ecs_task_definition" {
    defaults = {
      arn = "arn:aws:ecs:eu-west-1:123456789012:task-definition/wpecs-test:1"
    }
  }
}

variables {
  name                   = "wpecs-test"
  cluster_arn            = "arn:aws:ecs:eu-west-1:123456789012:cluster/wpecs-test"
  capacity_provider_name = "wpecs-test-asg"
  target_group_arn       = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/wpecs-test/0123456789abcdef"
  repository_url         = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/wordpress-ecs"
  repository_arn         = "arn:aws:ecr:eu-west-1:123456789012:repository/wordpress-ecs"
  image_tag              = "1.2.3"
  db_address             = "wpecs-test.abc.eu-west-1.rds.amazonaws.com"
  db_secret_arn          = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:wpecs-test-wordpress-db-AbCdEf"
  efs_file_system_id     = "fs-0123456789abcdef0"
  efs_file_system_arn    = "arn:aws:elasticfilesystem:eu-west-1:123456789012:file-system/fs-0123456789abcdef0"
  efs_access_point_id    = "fsap-0123456789abcdef0"
  efs_access_point_arn   = "arn:aws:elasticfilesystem:eu-west-1:123456789012:access-point/fsap-0123456789abcdef0"
}

# --- issue 12 item 3: external cron ----------------------------------------------

run "cron_is_wordpress_own_by_default" {
  command = plan

  assert {
    condition     = length(aws_scheduler_schedule.cron) == 0 && length(aws_ecs_task_definition.cron) == 0 && length(aws_iam_role.cron_scheduler) == 0 && length(aws_sqs_queue.cron_dlq) == 0
    error_message = "cron_external defaults to off: no schedule, task definition, role or queue"
  }
  assert {
    condition     = !strcontains(aws_ecs_task_definition.this.container_definitions, "WPECS_CRON")
    error_message = "without external cron the replicas keep WordPress's own cron (no WPECS_CRON)"
  }
  assert {
    condition     = output.cron_schedule_arn == null
    error_message = "no schedule ARN when cron is WordPress's own"
  }
}

run "external_cron_runs_a_small_one_off_task_every_minute" {
  command = apply
  variables {
    cron_external = true
  }

  assert {
    condition     = contains(jsondecode(aws_ecs_task_definition.this.container_definitions)[0].environment, { name = "WPECS_CRON", value = "external" })
    error_message = "the replicas get WPECS_CRON=external (DISABLE_WP_CRON)"
  }
  assert {
    condition     = aws_scheduler_schedule.cron[0].schedule_expression == "rate(1 minute)" && aws_scheduler_schedule.cron[0].flexible_time_window[0].mode == "OFF"
    error_message = "the schedule fires every minute, on time (no flexible window)"
  }
  assert {
    condition     = aws_scheduler_schedule.cron[0].target[0].arn == var.cluster_arn && aws_scheduler_schedule.cron[0].target[0].ecs_parameters[0].task_count == 1 && aws_scheduler_schedule.cron[0].target[0].ecs_parameters[0].task_definition_arn == aws_ecs_task_definition.cron[0].arn
    error_message = "each tick runs one task of the cron task definition on the cluster"
  }
  assert {
    condition     = [for c in aws_scheduler_schedule.cron[0].target[0].ecs_parameters[0].capacity_provider_strategy : c.capacity_provider] == [var.capacity_provider_name]
    error_message = "the cron task is placed by the service's capacity provider"
  }
  assert {
    condition     = aws_scheduler_schedule.cron[0].target[0].retry_policy[0].maximum_event_age_in_seconds == 60 && aws_scheduler_schedule.cron[0].target[0].retry_policy[0].maximum_retry_attempts == 2 && aws_scheduler_schedule.cron[0].target[0].dead_letter_config[0].arn == aws_sqs_queue.cron_dlq[0].arn
    error_message = "a tick is retried within its minute, then dead-lettered"
  }
  assert {
    condition     = aws_sqs_queue.cron_dlq[0].sqs_managed_sse_enabled
    error_message = "the dead-letter queue is encrypted"
  }
  assert {
    condition     = aws_ecs_task_definition.cron[0].family == "wpecs-test-cron" && aws_ecs_task_definition.cron[0].family != aws_ecs_task_definition.this.family
    error_message = "the cron task is a family of its own"
  }
  assert {
    condition = alltrue([
      jsondecode(aws_ecs_task_definition.cron[0].container_definitions)[0].command == ["cron"],
      jsondecode(aws_ecs_task_definition.cron[0].container_definitions)[0].cpu == 256,
      jsondecode(aws_ecs_task_definition.cron[0].container_definitions)[0].memory == 512,
      jsondecode(aws_ecs_task_definition.cron[0].container_definitions)[0].image == jsondecode(aws_ecs_task_definition.this.container_definitions)[0].image,
      try(jsondecode(aws_ecs_task_definition.cron[0].container_definitions)[0].portMappings, []) == [],
    ])
    error_message = "the cron task runs `wp-init cron` from the service's image, in 256 CPU units and 512 MiB, with no port"
  }
  assert {
    condition = alltrue([
      contains(jsondecode(aws_ecs_task_definition.cron[0].container_definitions)[0].environment, { name = "WPECS_CRON", value = "external" }),
      contains(jsondecode(aws_ecs_task_definition.cron[0].container_definitions)[0].environment, { name = "WPECS_CRON_TIMEOUT", value = "600" }),
      contains(jsondecode(aws_ecs_task_definition.cron[0].container_definitions)[0].environment, { name = "WORDPRESS_DB_HOST", value = "wpecs-test.abc.eu-west-1.rds.amazonaws.com:3306" }),
    ])
    error_message = "the cron task has the service's settings, WPECS_CRON=external and its timeout"
  }
  assert {
    condition     = !contains([for s in jsondecode(aws_ecs_task_definition.cron[0].container_definitions)[0].secrets : s.name], "WORDPRESS_ADMIN_PASSWORD") && contains([for s in jsondecode(aws_ecs_task_definition.cron[0].container_definitions)[0].secrets : s.name], "WORDPRESS_DB_PASSWORD")
    error_message = "the cron task gets the database secret but not the installer's password"
  }
  assert {
    condition     = jsondecode(aws_ecs_task_definition.cron[0].container_definitions)[0].mountPoints[0].containerPath == "/var/www/shared" && one(aws_ecs_task_definition.cron[0].volume[*].efs_volume_configuration[0].authorization_config[0].access_point_id) == var.efs_access_point_id
    error_message = "the cron task mounts the shared volume (where the cron lock is) through the access point"
  }
  assert {
    condition = alltrue([
      jsondecode(aws_ecs_task_definition.cron[0].container_definitions)[0].readonlyRootFilesystem,
      jsondecode(aws_ecs_task_definition.cron[0].container_definitions)[0].linuxParameters.capabilities.drop == ["ALL"],
      jsondecode(aws_ecs_task_definition.cron[0].container_definitions)[0].dockerSecurityOptions == ["no-new-privileges"],
    ])
    error_message = "the cron task runs with C6's restrictions"
  }
  assert {
    condition     = jsondecode(aws_ecs_task_definition.cron[0].container_definitions)[0].logConfiguration.options["awslogs-group"] == aws_cloudwatch_log_group.this.name && jsondecode(aws_ecs_task_definition.cron[0].container_definitions)[0].logConfiguration.options["awslogs-stream-prefix"] == "cron"
    error_message = "the cron task logs to the service's log group under the stream prefix cron"
  }
  assert {
    condition     = length(aws_cloudwatch_metric_alarm.cron_ticks_failed) == 0 && length(aws_cloudwatch_metric_alarm.cron_runs_failed) == 0
    error_message = "no alarm without an alarm topic"
  }
}

run "cron_scheduler_role_has_least_privilege" {
  command = apply
  variables {
    cron_external = true
  }

  assert {
    condition     = jsondecode(aws_iam_role.cron_scheduler[0].assume_role_policy).Statement[0].Principal.Service == "scheduler.amazonaws.com" && jsondecode(aws_iam_role.cron_scheduler[0].assume_role_policy).Statement[0].Condition.StringEquals["aws:SourceAccount"] == "123456789012"
    error_message = "only EventBridge Scheduler acting for this account assumes the role"
  }
  assert {
    condition     = jsonencode(sort(flatten([for s in jsondecode(aws_iam_role_policy.cron_scheduler[0].policy).Statement : s.Action]))) == jsonencode(["ecs:RunTask", "iam:PassRole", "sqs:SendMessage"])
    error_message = "the schedule's role may run a task, pass its roles and dead-letter a tick, nothing else"
  }
  assert {
    condition = alltrue([
      for s in jsondecode(aws_iam_role_policy.cron_scheduler[0].policy).Statement :
      s.Resource == "arn:aws:ecs:eu-west-1:123456789012:task-definition/wpecs-test-cron:*" && s.Condition.ArnEquals["ecs:cluster"] == var.cluster_arn if s.Action == "ecs:RunTask"
    ])
    error_message = "RunTask only for the cron family, only on this cluster"
  }
  assert {
    condition = alltrue([
      for s in jsondecode(aws_iam_role_policy.cron_scheduler[0].policy).Statement :
      sort(s.Resource) == sort([aws_iam_role.execution.arn, aws_iam_role.task.arn]) && s.Condition.StringEquals["iam:PassedToService"] == "ecs-tasks.amazonaws.com" if s.Action == "iam:PassRole"
    ])
    error_message = "PassRole only for the task's two roles, only to ECS tasks"
  }
  assert {
    condition = alltrue([
      for s in jsondecode(aws_iam_role_policy.cron_scheduler[0].policy).Statement :
      s.Resource == aws_sqs_queue.cron_dlq[0].arn if s.Action == "sqs:SendMessage"
    ])
    error_message = "SendMessage only to the cron dead-letter queue"
  }
  assert {
    condition     = !strcontains(aws_iam_role_policy.cron_scheduler[0].policy, "\"*\"")
    error_message = "no wildcard resource in the schedule's role"
  }
}

run "cron_alarms_go_to_the_alarm_topic" {
  command = apply
  variables {
    cron_external   = true
    alarm_topic_arn = "arn:aws:sns:eu-west-1:123456789012:wpecs-test-alarms"
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.cron_ticks_failed[0].namespace == "AWS/Scheduler" && aws_cloudwatch_metric_alarm.cron_ticks_failed[0].metric_name == "InvocationsSentToDeadLetterCount" && aws_cloudwatch_metric_alarm.cron_ticks_failed[0].dimensions.ScheduleGroup == aws_scheduler_schedule_group.cron[0].name
    error_message = "a tick that could not start the task (dead-lettered after retries) alarms, for this schedule group only"
  }
  assert {
    condition     = aws_cloudwatch_metric_alarm.cron_ticks_failed[0].alarm_actions == toset([var.alarm_topic_arn]) && aws_cloudwatch_metric_alarm.cron_runs_failed[0].alarm_actions == toset([var.alarm_topic_arn])
    error_message = "both cron alarms notify the alarm topic"
  }
  assert {
    condition     = strcontains(aws_cloudwatch_log_metric_filter.cron_failed[0].pattern, "wp-init: cron command failed") && strcontains(aws_cloudwatch_log_metric_filter.cron_failed[0].pattern, "wp-init: cron command timed out") && aws_cloudwatch_log_metric_filter.cron_failed[0].log_group_name == aws_cloudwatch_log_group.this.name
    error_message = "failed runs are counted from wp-init's failure lines in the service's log group"
  }
  assert {
    condition     = aws_cloudwatch_metric_alarm.cron_runs_failed[0].metric_name == "CronRunsFailed" && aws_cloudwatch_metric_alarm.cron_runs_failed[0].evaluation_periods == 2 && aws_cloudwatch_metric_alarm.cron_runs_failed[0].treat_missing_data == "notBreaching"
    error_message = "failed runs in two 5-minute windows in a row alarm"
  }
}

run "no_cron_alarm_without_external_cron" {
  command = plan
  variables {
    alarm_topic_arn = "arn:aws:sns:eu-west-1:123456789012:wpecs-test-alarms"
  }

  assert {
    condition     = length(aws_cloudwatch_metric_alarm.cron_ticks_failed) == 0 && length(aws_cloudwatch_log_metric_filter.cron_failed) == 0
    error_message = "no cron alarm when there is no scheduled cron"
  }
}

run "rejects_a_bad_alarm_topic" {
  command = plan
  variables {
    alarm_topic_arn = "wpecs-test-alarms"
  }
  expect_failures = [var.alarm_topic_arn]
}

run "rejects_a_cron_task_too_small_for_wordpress" {
  command = plan
  variables {
    cron_external = true
    cron_memory   = 256
  }
  expect_failures = [var.cron_memory]
}

run "rejects_a_fractional_cron_timeout" {
  command = plan
  variables {
    cron_timeout = 90.5
  }
  expect_failures = [var.cron_timeout]
}
