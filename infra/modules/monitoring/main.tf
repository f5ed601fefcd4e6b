# Alarms that reach a person: one encrypted SNS topic, CloudWatch alarms on the
# load balancer, the service, the database and the file system, EventBridge
# rules for ECS deployment failures and tasks stopped for health reasons, and a
# dashboard of the same figures. Everything here watches metrics by name and
# dimension, so it can live in the base stack: the service alarms exist before
# the wordpress stack's first deployment and are never touched by one.
data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  tags    = merge({ Name = var.name }, var.tags)
  on      = var.enabled ? 1 : 0
  t       = var.thresholds
  gib     = 1024 * 1024 * 1024
  account = data.aws_caller_identity.current.account_id
  topic   = var.enabled ? [aws_sns_topic.alarms[0].arn] : []
  # arn:...:cluster/<name> -> arn:...:service/<name>/<service>, the resource of
  # ECS's deployment events.
  cluster_arn = "arn:${data.aws_partition.current.partition}:ecs:${data.aws_region.current.name}:${local.account}:cluster/${var.cluster_name}"
  service_arn = "arn:${data.aws_partition.current.partition}:ecs:${data.aws_region.current.name}:${local.account}:service/${var.cluster_name}/${var.service_name}"

  lb = { LoadBalancer = var.load_balancer_arn_suffix }
  tg = { LoadBalancer = var.load_balancer_arn_suffix, TargetGroup = var.target_group_arn_suffix }
  sv = { ClusterName = var.cluster_name, ServiceName = var.service_name }
  db = { DBInstanceIdentifier = var.db_instance_id }
  fs = { FileSystemId = var.efs_file_system_id }

  # One-metric alarms: namespace, metric, statistic, dimensions, comparison,
  # threshold, period (s) and how many periods in a row.
  simple_alarms = merge(
    {
      "target-response-time" = {
        description = "p95 target response time above ${local.t.target_response_seconds} s for 15 minutes."
        namespace   = "AWS/ApplicationELB", metric = "TargetResponseTime", statistic = null, extended = "p95", dims = local.tg
        comparison  = "GreaterThanThreshold", threshold = local.t.target_response_seconds, period = 300, periods = 3, missing = "notBreaching"
      }
      "unhealthy-targets" = {
        description = "A target of the service failed the load balancer's health check (/healthz/app) for 2 minutes. Also a deployment alarm: a deployment that raises it is rolled back."
        namespace   = "AWS/ApplicationELB", metric = "UnHealthyHostCount", statistic = "Maximum", extended = null, dims = local.tg
        comparison  = "GreaterThanThreshold", threshold = 0, period = 60, periods = 2, missing = "notBreaching"
      }
      "no-healthy-targets" = {
        description = "No healthy target behind the load balancer for 2 minutes: the site is down."
        namespace   = "AWS/ApplicationELB", metric = "HealthyHostCount", statistic = "Minimum", extended = null, dims = local.tg
        comparison  = "LessThanThreshold", threshold = 1, period = 60, periods = 2, missing = "breaching"
      }
      "service-cpu" = {
        description = "Service CPU above ${local.t.service_cpu_percent} % of its reservation for 15 minutes (autoscaling at its maximum, or a runaway request)."
        namespace   = "AWS/ECS", metric = "CPUUtilization", statistic = "Average", extended = null, dims = local.sv
        comparison  = "GreaterThanThreshold", threshold = local.t.service_cpu_percent, period = 300, periods = 3, missing = "notBreaching"
      }
      "service-memory" = {
        description = "Service memory above ${local.t.service_memory_percent} % of its reservation for 15 minutes: tasks are close to being killed for memory."
        namespace   = "AWS/ECS", metric = "MemoryUtilization", statistic = "Average", extended = null, dims = local.sv
        comparison  = "GreaterThanThreshold", threshold = local.t.service_memory_percent, period = 300, periods = 3, missing = "notBreaching"
      }
      "db-cpu" = {
        description = "Database CPU above ${local.t.db_cpu_percent} % for 15 minutes."
        namespace   = "AWS/RDS", metric = "CPUUtilization", statistic = "Average", extended = null, dims = local.db
        comparison  = "GreaterThanThreshold", threshold = local.t.db_cpu_percent, period = 300, periods = 3, missing = "notBreaching"
      }
      "db-free-storage" = {
        description = "Database free storage below ${local.t.db_free_storage_gib} GiB."
        namespace   = "AWS/RDS", metric = "FreeStorageSpace", statistic = "Minimum", extended = null, dims = local.db
        comparison  = "LessThanThreshold", threshold = local.t.db_free_storage_gib * local.gib, period = 300, periods = 1, missing = "notBreaching"
      }
      "db-connections" = {
        description = "More than ${local.t.db_connections} database connections for 15 minutes."
        namespace   = "AWS/RDS", metric = "DatabaseConnections", statistic = "Average", extended = null, dims = local.db
        comparison  = "GreaterThanThreshold", threshold = local.t.db_connections, period = 300, periods = 3, missing = "notBreaching"
      }
    },
    { for id in var.db_replica_ids : "db-replica-lag-${id}" => {
      description = "Read replica ${id} more than ${local.t.db_replica_lag_seconds} s behind for 15 minutes."
      namespace   = "AWS/RDS", metric = "ReplicaLag", statistic = "Maximum", extended = null, dims = { DBInstanceIdentifier = id }
      comparison  = "GreaterThanThreshold", threshold = local.t.db_replica_lag_seconds, period = 300, periods = 3, missing = "notBreaching"
    } },
    var.efs_performance_mode == "generalPurpose" ? {
      "efs-io-limit" = {
        description = "The shared file system above ${local.t.efs_io_limit_percent} % of its I/O limit for 15 minutes (generalPurpose)."
        namespace   = "AWS/EFS", metric = "PercentIOLimit", statistic = "Maximum", extended = null, dims = local.fs
        comparison  = "GreaterThanThreshold", threshold = local.t.efs_io_limit_percent, period = 300, periods = 3, missing = "notBreaching"
      }
    } : {},
    var.efs_throughput_mode == "bursting" ? {
      "efs-burst-credits" = {
        description = "The shared file system has less than ${local.t.efs_burst_credit_gib} GiB of burst credits left: throughput drops to the baseline when they run out."
        namespace   = "AWS/EFS", metric = "BurstCreditBalance", statistic = "Minimum", extended = null, dims = local.fs
        comparison  = "LessThanThreshold", threshold = local.t.efs_burst_credit_gib * local.gib, period = 300, periods = 1, missing = "notBreaching"
      }
    } : {},
  )

  alarm_names = merge(
    { for k, a in aws_cloudwatch_metric_alarm.simple : k => a.alarm_name },
    { for a in aws_cloudwatch_metric_alarm.alb_5xx : "alb-5xx-rate" => a.alarm_name },
    { for a in aws_cloudwatch_metric_alarm.tasks_missing : "running-tasks-below-desired" => a.alarm_name },
  )
}

# --- the topic -------------------------------------------------------------------

module "alarms_key" {
  source = "../kms-key"
  count  = local.on

  alias       = "${var.name}-alarms"
  description = "SNS topic ${var.name}-alarms"
  # The topic's messages are transient: a short window is enough.
  deletion_window_in_days = 7
  # CloudWatch and EventBridge publish to the encrypted topic: SNS asks KMS for
  # a data key on their behalf.
  policy_statements = [{
    Sid       = "AlarmSourcesPublish"
    Effect    = "Allow"
    Principal = { Service = ["cloudwatch.amazonaws.com", "events.amazonaws.com"] }
    Action    = ["kms:Decrypt", "kms:GenerateDataKey*"]
    Resource  = "*"
    Condition = { StringEquals = { "aws:SourceAccount" = local.account } }
  }]
  tags = local.tags
}

resource "aws_sns_topic" "alarms" {
  count = local.on

  name              = "${var.name}-alarms"
  kms_master_key_id = module.alarms_key[0].arn
  tags              = local.tags
}

resource "aws_sns_topic_policy" "alarms" {
  count = local.on

  arn = aws_sns_topic.alarms[0].arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AccountManages"
        Effect    = "Allow"
        Principal = { AWS = "arn:${data.aws_partition.current.partition}:iam::${local.account}:root" }
        Action    = ["sns:GetTopicAttributes", "sns:SetTopicAttributes", "sns:Subscribe", "sns:ListSubscriptionsByTopic", "sns:Publish", "sns:DeleteTopic"]
        Resource  = aws_sns_topic.alarms[0].arn
      },
      {
        Sid       = "AlarmSourcesPublish"
        Effect    = "Allow"
        Principal = { Service = ["cloudwatch.amazonaws.com", "events.amazonaws.com"] }
        Action    = "sns:Publish"
        Resource  = aws_sns_topic.alarms[0].arn
        Condition = { StringEquals = { "aws:SourceAccount" = local.account } }
      },
    ]
  })
}

resource "aws_sns_topic_subscription" "email" {
  count = var.enabled && var.alarm_email != null ? 1 : 0

  topic_arn = aws_sns_topic.alarms[0].arn
  protocol  = "email"
  endpoint  = var.alarm_email
}

# --- alarms ----------------------------------------------------------------------

resource "aws_cloudwatch_metric_alarm" "simple" {
  for_each = { for k, v in local.simple_alarms : k => v if var.enabled }

  alarm_name          = "${var.name}-${each.key}"
  alarm_description   = each.value.description
  namespace           = each.value.namespace
  metric_name         = each.value.metric
  statistic           = each.value.statistic
  extended_statistic  = each.value.extended
  dimensions          = each.value.dims
  comparison_operator = each.value.comparison
  threshold           = each.value.threshold
  period              = each.value.period
  evaluation_periods  = each.value.periods
  treat_missing_data  = each.value.missing
  alarm_actions       = local.topic
  ok_actions          = local.topic
  tags                = local.tags
}

# 5xx answers (the load balancer's own and the targets') per request, in
# percent. Also a deployment alarm: a new task definition that raises it is
# rolled back.
resource "aws_cloudwatch_metric_alarm" "alb_5xx" {
  count = local.on

  alarm_name          = "${var.name}-alb-5xx-rate"
  alarm_description   = "More than ${local.t.alb_5xx_percent} % of requests answered 5xx (load balancer or targets) in two 5-minute periods in a row."
  comparison_operator = "GreaterThanThreshold"
  threshold           = local.t.alb_5xx_percent
  evaluation_periods  = 2
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.topic
  ok_actions          = local.topic
  tags                = local.tags

  metric_query {
    id          = "rate"
    expression  = "IF(requests > 0, 100 * (FILL(elb5xx, 0) + FILL(target5xx, 0)) / requests, 0)"
    label       = "5xx per request (%)"
    return_data = true
  }

  dynamic "metric_query" {
    for_each = { elb5xx = "HTTPCode_ELB_5XX_Count", target5xx = "HTTPCode_Target_5XX_Count", requests = "RequestCount" }
    content {
      id = metric_query.key
      metric {
        namespace   = "AWS/ApplicationELB"
        metric_name = metric_query.value
        dimensions  = local.lb
        stat        = "Sum"
        period      = 300
      }
    }
  }
}

# Container Insights reports the service's desired and running task counts;
# fewer running than desired for running_tasks_missing_minutes means tasks
# cannot start or keep crashing (a deployment's extra tasks only add).
resource "aws_cloudwatch_metric_alarm" "tasks_missing" {
  count = var.enabled && var.container_insights ? 1 : 0

  alarm_name          = "${var.name}-running-tasks-below-desired"
  alarm_description   = "Fewer tasks running than desired for ${local.t.running_tasks_missing_minutes} minutes."
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  evaluation_periods  = local.t.running_tasks_missing_minutes
  datapoints_to_alarm = local.t.running_tasks_missing_minutes
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.topic
  ok_actions          = local.topic
  tags                = local.tags

  metric_query {
    id          = "missing"
    expression  = "desired - running"
    label       = "tasks missing"
    return_data = true
  }

  dynamic "metric_query" {
    for_each = { desired = "DesiredTaskCount", running = "RunningTaskCount" }
    content {
      id = metric_query.key
      metric {
        namespace   = "ECS/ContainerInsights"
        metric_name = metric_query.value
        dimensions  = local.sv
        stat        = "Minimum"
        period      = 60
      }
    }
  }
}

# --- EventBridge: what ECS reports as events -----------------------------------

locals {
  # A task of the service that stopped: the two task rules below add why.
  task_stopped = {
    source        = ["aws.ecs"]
    "detail-type" = ["ECS Task State Change"]
    detail = {
      clusterArn = [local.cluster_arn]
      group      = ["service:${var.service_name}"]
      lastStatus = ["STOPPED"]
    }
  }
  event_rules = {
    "deployment-failed" = {
      description = "A deployment of ${var.service_name} failed (circuit breaker or deployment alarm); ECS rolls it back."
      pattern = {
        source        = ["aws.ecs"]
        "detail-type" = ["ECS Deployment State Change"]
        resources     = [local.service_arn]
        detail        = { eventName = ["SERVICE_DEPLOYMENT_FAILED"] }
      }
      paths    = { reason = "$.detail.reason", deployment = "$.detail.deploymentId", time = "$.time" }
      template = "\"<time>: deployment <deployment> of ${var.service_name} failed and is rolled back: <reason>\""
    }
    "task-unhealthy" = {
      description = "A task of ${var.service_name} was stopped because it failed a health check (load balancer or container)."
      pattern = merge(local.task_stopped, {
        detail = merge(local.task_stopped.detail, { stoppedReason = [{ prefix = "Task failed" }] })
      })
      paths    = { reason = "$.detail.stoppedReason", task = "$.detail.taskArn", time = "$.time" }
      template = "\"<time>: task <task> of ${var.service_name} stopped: <reason>\""
    }
    "task-crashed" = {
      description = "A task of ${var.service_name} stopped because its container exited or could not start."
      pattern = merge(local.task_stopped, {
        detail = merge(local.task_stopped.detail, { stopCode = ["EssentialContainerExited", "TaskFailedToStart"] })
      })
      paths    = { reason = "$.detail.stoppedReason", code = "$.detail.stopCode", task = "$.detail.taskArn", time = "$.time" }
      template = "\"<time>: task <task> of ${var.service_name} stopped (<code>): <reason>\""
    }
  }
}

resource "aws_cloudwatch_event_rule" "ecs" {
  for_each = { for k, v in local.event_rules : k => v if var.enabled }

  name          = "${var.name}-${each.key}"
  description   = each.value.description
  event_pattern = jsonencode(each.value.pattern)
  tags          = local.tags
}

resource "aws_cloudwatch_event_target" "ecs" {
  for_each = { for k, v in local.event_rules : k => v if var.enabled }

  rule      = aws_cloudwatch_event_rule.ecs[each.key].name
  target_id = "alarm-topic"
  arn       = aws_sns_topic.alarms[0].arn

  input_transformer {
    input_paths    = each.value.paths
    input_template = each.value.template
  }
}
