# External cron (var.cron_external): an EventBridge Scheduler schedule starts a
# one-off ECS task every minute that runs `wp-init cron` and exits. The task is
# a family of its own: the same image, settings, secrets, roles and EFS volume
# as the service's, but its own small CPU/memory, no port, no web server and no
# health check. At most one run at a time across the fleet comes from the cron
# lock on EFS (wp-init, image/init/README.md "Cron"): a tick that finds a run
# still going exits 0 at once.

locals {
  cron_family = "${var.name}-cron"
  # The installer's password is the web tasks' (first install); the runner never installs.
  cron_secrets = { for k, v in local.secrets : k => v if k != "WORDPRESS_ADMIN_PASSWORD" }
  cron_environment = merge(
    { for k, v in local.environment : k => v if k != "WPECS_MEMORY_MB" },
    { WPECS_CRON = "external", WPECS_CRON_TIMEOUT = tostring(var.cron_timeout) },
  )
  # Everything the schedule's role may start: this family's revisions only.
  cron_task_definition_arns = "arn:${local.partition}:ecs:${local.region}:${local.account_id}:task-definition/${local.cron_family}:*"
  cron_alarms               = var.cron_external && var.alarm_topic_arn != null

  # Its task definition: aws_ecs_task_definition.this["cron"] (main.tf), the
  # web tasks' but for these values.
  cron_task = {
    family = local.cron_family
    # None: the family was registered without a runtime platform (adding one
    # would replace it); the capacity provider's instances are all of
    # var.architecture.
    cpu_architecture   = null
    container_name     = "cron"
    cpu                = var.cron_cpu
    memory             = var.cron_memory
    memory_reservation = null
    command            = ["cron"]
    # No port and no health check: nothing serves, the task runs and exits.
    port_mappings = null
    health_check  = null
    # wp-init gets SIGTERM (passed on to PHP) when ECS stops the task.
    stop_timeout = 30
    environment  = local.cron_environment
    secrets      = local.cron_secrets
    log_options  = { awslogs-stream-prefix = "cron" }
    tags         = merge(local.tags, { Name = local.cron_family })
  }
}

# Its own group, so the Scheduler's metrics (dimension ScheduleGroup) are this
# schedule's alone.
resource "aws_scheduler_schedule_group" "cron" {
  count = var.cron_external ? 1 : 0
  name  = local.cron_family
  tags  = merge(local.tags, { Name = local.cron_family })
}

# Ticks the Scheduler could not deliver after its retries (RunTask refused:
# no capacity, throttled, a missing role): kept 4 days for a look at why.
resource "aws_sqs_queue" "cron_dlq" {
  count                     = var.cron_external ? 1 : 0
  name                      = "${local.cron_family}-dlq"
  message_retention_seconds = 345600
  sqs_managed_sse_enabled   = true
  tags                      = merge(local.tags, { Name = "${local.cron_family}-dlq" })
}

resource "aws_iam_role" "cron_scheduler" {
  count              = var.cron_external ? 1 : 0
  name_prefix        = "${substr(var.name, 0, 20)}-cron-"
  description        = "EventBridge Scheduler role of ${var.name}: start the cron task, report failed ticks"
  assume_role_policy = local.assume_scheduler
  tags               = local.tags
}

resource "aws_iam_role_policy" "cron_scheduler" {
  count  = var.cron_external ? 1 : 0
  name   = "run-cron-task"
  role   = aws_iam_role.cron_scheduler[0].id
  policy = local.cron_scheduler_policy
}

resource "aws_scheduler_schedule" "cron" {
  count = var.cron_external ? 1 : 0

  name        = local.cron_family
  group_name  = aws_scheduler_schedule_group.cron[0].name
  description = "wp-init cron for ${var.name}: WordPress's due events, every minute"
  state       = "ENABLED"

  schedule_expression = "rate(1 minute)"
  # On time, not spread over a window: a post scheduled for 10:00 goes out at 10:00.
  flexible_time_window {
    mode = "OFF"
  }

  target {
    arn      = var.cluster_arn
    role_arn = aws_iam_role.cron_scheduler[0].arn

    ecs_parameters {
      task_definition_arn = aws_ecs_task_definition.this["cron"].arn
      task_count          = 1

      capacity_provider_strategy {
        capacity_provider = var.capacity_provider_name
        weight            = 1
        base              = 0
      }

      dynamic "network_configuration" {
        for_each = local.awsvpc ? [1] : []
        content {
          subnets          = var.subnet_ids
          security_groups  = var.security_group_ids
          assign_public_ip = false
        }
      }
    }

    # A tick older than a minute is the next tick's job: retry within the
    # minute, then dead-letter it (and alarm) rather than run two at once late.
    retry_policy {
      maximum_event_age_in_seconds = 60
      maximum_retry_attempts       = 2
    }

    dead_letter_config {
      arn = aws_sqs_queue.cron_dlq[0].arn
    }
  }

  # The role's policy must exist before the first tick.
  depends_on = [aws_iam_role_policy.cron_scheduler]
}

# --- alarms (only with an alarm topic) ---------------------------------------------

# Runs that started but failed: wp-init's own lines for a non-zero PHP exit or a
# timeout (image/init/README.md, "Cron"), counted from the log group.
resource "aws_cloudwatch_log_metric_filter" "cron_failed" {
  count = local.cron_alarms ? 1 : 0

  name           = "${local.cron_family}-failed"
  log_group_name = aws_cloudwatch_log_group.this.name
  pattern        = "?\"wp-init: cron command failed\" ?\"wp-init: cron command timed out\""

  metric_transformation {
    name          = "CronRunsFailed"
    namespace     = "WordPressECS/${var.name}"
    value         = "1"
    default_value = "0"
  }
}

locals {
  # What each cron alarm watches (they notify the alarm topic the same way).
  # The names exist only with cron_alarms: one() reads null otherwise.
  cron_alarm_metrics = {
    # A tick that could not start the task after its retries.
    ticks-failed = {
      description = "EventBridge Scheduler could not start the cron task of ${var.name} (RunTask failed after retries; the messages are in ${local.cron_family}-dlq). Due events, such as scheduled posts, are late."
      namespace   = "AWS/Scheduler"
      metric_name = "InvocationsSentToDeadLetterCount"
      dimensions  = { ScheduleGroup = one(aws_scheduler_schedule_group.cron[*].name) }
      periods     = 1
    }
    # Two five-minute windows in a row with failures: a broken plugin hook or
    # a database outage, not one unlucky run.
    runs-failed = {
      description = "wp-init cron of ${var.name} exited non-zero (a hook threw, PHP failed or the run timed out) in two 5-minute windows in a row; see the log streams cron/* of ${aws_cloudwatch_log_group.this.name}."
      namespace   = "WordPressECS/${var.name}"
      metric_name = one(aws_cloudwatch_log_metric_filter.cron_failed[*].metric_transformation[0].name)
      dimensions  = null
      periods     = 2
    }
  }
}

resource "aws_cloudwatch_metric_alarm" "cron" {
  # Static keys: the metrics hold names known only after apply.
  for_each = toset(local.cron_alarms ? keys(local.cron_alarm_metrics) : [])

  alarm_name          = "${local.cron_family}-${each.key}"
  alarm_description   = local.cron_alarm_metrics[each.key].description
  namespace           = local.cron_alarm_metrics[each.key].namespace
  metric_name         = local.cron_alarm_metrics[each.key].metric_name
  dimensions          = local.cron_alarm_metrics[each.key].dimensions
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = local.cron_alarm_metrics[each.key].periods
  datapoints_to_alarm = local.cron_alarm_metrics[each.key].periods == 1 ? null : local.cron_alarm_metrics[each.key].periods
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [var.alarm_topic_arn]
  ok_actions          = [var.alarm_topic_arn]
  tags                = local.tags
}
