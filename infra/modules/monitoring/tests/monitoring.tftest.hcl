# Topic, alarms, EventBridge rules and dashboard, with the AWS API mocked.

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
  mock_data "aws_region" {
    defaults = { name = "eu-west-1" }
  }
  mock_resource "aws_kms_key" {
    defaults = { arn = "arn:aws:kms:eu-west-1:123456789012:key/00000000-0000-0000-0000-000000000001" }
  }
  mock_resource "aws_sns_topic" {
    defaults = { arn = "arn:aws:sns:eu-west-1:123456789012:wpecs-test-alarms" }
  }
  mock_resource "aws_cloudwatch_metric_alarm" {
    defaults = { arn = "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:x" }
  }
}

variables {
  name                     = "wpecs-test"
  load_balancer_arn_suffix = "app/wpecs-test/0123456789abcdef"
  target_group_arn_suffix  = "targetgroup/wpecs-test/0123456789abcdef"
  cluster_name             = "wpecs-test"
  service_name             = "wpecs-test"
  db_instance_id           = "wpecs-test"
  efs_file_system_id       = "fs-0123456789abcdef0"
}

run "defaults" {
  command = apply

  assert {
    condition     = aws_sns_topic.alarms[0].kms_master_key_id == module.alarms_key[0].arn
    error_message = "The topic must be encrypted with the module's own key, which rotates."
  }

  assert {
    condition = alltrue([for s in jsondecode(module.alarms_key[0].policy).Statement : s.Sid != "AlarmSourcesPublish" || (
      toset(s.Principal.Service) == toset(["cloudwatch.amazonaws.com", "events.amazonaws.com"]) && contains(s.Action, "kms:GenerateDataKey*")
    )]) && length([for s in jsondecode(module.alarms_key[0].policy).Statement : s if s.Sid == "AlarmSourcesPublish"]) == 1
    error_message = "The key policy must let CloudWatch and EventBridge use the key (SNS encrypts what they publish)."
  }

  assert {
    condition     = length([for s in jsondecode(aws_sns_topic_policy.alarms[0].policy).Statement : s if s.Sid == "AlarmSourcesPublish" && s.Action == "sns:Publish" && toset(s.Principal.Service) == toset(["cloudwatch.amazonaws.com", "events.amazonaws.com"])]) == 1
    error_message = "The topic policy must let CloudWatch and EventBridge publish."
  }

  assert {
    condition     = length(aws_sns_topic_subscription.email) == 0 && output.topic_arn == aws_sns_topic.alarms[0].arn
    error_message = "Without alarm_email there is no subscription; topic_arn is the topic."
  }

  # Every listed metric has its alarm, with the documented default threshold,
  # and every alarm notifies the topic on ALARM and OK.
  assert {
    condition = (
      aws_cloudwatch_metric_alarm.simple["target-response-time"].metric_name == "TargetResponseTime" && aws_cloudwatch_metric_alarm.simple["target-response-time"].extended_statistic == "p95" && aws_cloudwatch_metric_alarm.simple["target-response-time"].threshold == 2 &&
      aws_cloudwatch_metric_alarm.simple["unhealthy-targets"].metric_name == "UnHealthyHostCount" && aws_cloudwatch_metric_alarm.simple["unhealthy-targets"].comparison_operator == "GreaterThanThreshold" && aws_cloudwatch_metric_alarm.simple["unhealthy-targets"].threshold == 0 &&
      aws_cloudwatch_metric_alarm.simple["no-healthy-targets"].metric_name == "HealthyHostCount" && aws_cloudwatch_metric_alarm.simple["no-healthy-targets"].comparison_operator == "LessThanThreshold" && aws_cloudwatch_metric_alarm.simple["no-healthy-targets"].threshold == 1 &&
      aws_cloudwatch_metric_alarm.simple["service-cpu"].metric_name == "CPUUtilization" && aws_cloudwatch_metric_alarm.simple["service-cpu"].namespace == "AWS/ECS" && aws_cloudwatch_metric_alarm.simple["service-cpu"].threshold == 85 &&
      aws_cloudwatch_metric_alarm.simple["service-memory"].metric_name == "MemoryUtilization" && aws_cloudwatch_metric_alarm.simple["service-memory"].threshold == 85 &&
      aws_cloudwatch_metric_alarm.simple["db-cpu"].namespace == "AWS/RDS" && aws_cloudwatch_metric_alarm.simple["db-cpu"].threshold == 80 &&
      aws_cloudwatch_metric_alarm.simple["db-free-storage"].metric_name == "FreeStorageSpace" && aws_cloudwatch_metric_alarm.simple["db-free-storage"].threshold == 2 * 1024 * 1024 * 1024 &&
      aws_cloudwatch_metric_alarm.simple["db-connections"].metric_name == "DatabaseConnections" && aws_cloudwatch_metric_alarm.simple["db-connections"].threshold == 150 &&
      aws_cloudwatch_metric_alarm.simple["efs-io-limit"].metric_name == "PercentIOLimit" && aws_cloudwatch_metric_alarm.simple["efs-io-limit"].threshold == 90
    )
    error_message = "Each listed metric must have its alarm with the documented default threshold."
  }

  assert {
    condition     = alltrue([for a in concat(values(aws_cloudwatch_metric_alarm.simple), aws_cloudwatch_metric_alarm.alb_5xx, aws_cloudwatch_metric_alarm.tasks_missing) : a.alarm_actions == toset([aws_sns_topic.alarms[0].arn]) && a.ok_actions == toset([aws_sns_topic.alarms[0].arn])])
    error_message = "Every alarm must notify the topic when it fires and when it clears."
  }

  assert {
    condition = (
      jsonencode(aws_cloudwatch_metric_alarm.simple["service-cpu"].dimensions) == jsonencode({ ClusterName = "wpecs-test", ServiceName = "wpecs-test" }) &&
      jsonencode(aws_cloudwatch_metric_alarm.simple["unhealthy-targets"].dimensions) == jsonencode({ LoadBalancer = var.load_balancer_arn_suffix, TargetGroup = var.target_group_arn_suffix }) &&
      jsonencode(aws_cloudwatch_metric_alarm.simple["db-cpu"].dimensions) == jsonencode({ DBInstanceIdentifier = "wpecs-test" }) &&
      jsonencode(aws_cloudwatch_metric_alarm.simple["efs-io-limit"].dimensions) == jsonencode({ FileSystemId = "fs-0123456789abcdef0" })
    )
    error_message = "The alarms must watch this service, target group, database and file system."
  }

  assert {
    condition     = length([for k in keys(aws_cloudwatch_metric_alarm.simple) : k if startswith(k, "db-replica-lag") || k == "efs-burst-credits"]) == 0
    error_message = "No replica, no lag alarm; elastic throughput, no burst-credit alarm."
  }

  assert {
    condition = (
      aws_cloudwatch_metric_alarm.alb_5xx[0].threshold == 5 &&
      length([for q in aws_cloudwatch_metric_alarm.alb_5xx[0].metric_query : q if q.return_data == true && strcontains(q.expression, "elb5xx") && strcontains(q.expression, "target5xx") && strcontains(q.expression, "/ requests")]) == 1 &&
      toset([for q in aws_cloudwatch_metric_alarm.alb_5xx[0].metric_query : q.metric[0].metric_name if length(q.metric) > 0]) == toset(["HTTPCode_ELB_5XX_Count", "HTTPCode_Target_5XX_Count", "RequestCount"])
    )
    error_message = "The 5xx alarm must be (ELB 5xx + target 5xx) / requests, in percent, above 5."
  }

  assert {
    condition = (
      aws_cloudwatch_metric_alarm.tasks_missing[0].evaluation_periods == 10 &&
      toset([for q in aws_cloudwatch_metric_alarm.tasks_missing[0].metric_query : q.metric[0].metric_name if length(q.metric) > 0]) == toset(["DesiredTaskCount", "RunningTaskCount"]) &&
      alltrue([for q in aws_cloudwatch_metric_alarm.tasks_missing[0].metric_query : q.metric[0].namespace == "ECS/ContainerInsights" if length(q.metric) > 0])
    )
    error_message = "Running below desired must compare Container Insights' DesiredTaskCount and RunningTaskCount for 10 minutes."
  }

  assert {
    condition     = jsonencode(output.deployment_alarm_names) == jsonencode(["wpecs-test-alb-5xx-rate", "wpecs-test-unhealthy-targets"])
    error_message = "The deployment alarms (for ECS's alarm-based rollback) must be the 5xx rate and the unhealthy targets."
  }

  assert {
    condition = (
      jsondecode(aws_cloudwatch_event_rule.ecs["deployment-failed"].event_pattern).detail.eventName == ["SERVICE_DEPLOYMENT_FAILED"] &&
      jsondecode(aws_cloudwatch_event_rule.ecs["deployment-failed"].event_pattern).resources == ["arn:aws:ecs:eu-west-1:123456789012:service/wpecs-test/wpecs-test"] &&
      jsondecode(aws_cloudwatch_event_rule.ecs["task-unhealthy"].event_pattern)["detail-type"] == ["ECS Task State Change"] &&
      jsondecode(aws_cloudwatch_event_rule.ecs["task-unhealthy"].event_pattern).detail.stoppedReason == [{ prefix = "Task failed" }] &&
      jsondecode(aws_cloudwatch_event_rule.ecs["task-crashed"].event_pattern).detail.stopCode == ["EssentialContainerExited", "TaskFailedToStart"]
    )
    error_message = "EventBridge must match failed deployments of this service and its tasks stopped for health reasons."
  }

  assert {
    condition = alltrue([for k in ["task-unhealthy", "task-crashed"] : {
      for f in ["source", "detail-type", "clusterArn", "group", "lastStatus"] : f => try(jsondecode(aws_cloudwatch_event_rule.ecs[k].event_pattern)[f], jsondecode(aws_cloudwatch_event_rule.ecs[k].event_pattern).detail[f])
      } == {
      source        = ["aws.ecs"]
      "detail-type" = ["ECS Task State Change"]
      clusterArn    = ["arn:aws:ecs:eu-west-1:123456789012:cluster/wpecs-test"]
      group         = ["service:wpecs-test"]
      lastStatus    = ["STOPPED"]
    }])
    error_message = "Both task rules must match only stopped tasks of this service in this cluster."
  }

  assert {
    condition     = alltrue([for t in aws_cloudwatch_event_target.ecs : t.arn == aws_sns_topic.alarms[0].arn && length(t.input_transformer) == 1]) && length(aws_cloudwatch_event_target.ecs) == 3
    error_message = "Each rule must send a readable message to the topic."
  }

  assert {
    condition     = length(jsondecode(aws_cloudwatch_dashboard.this[0].dashboard_body).widgets) == 9 && jsondecode(aws_cloudwatch_dashboard.this[0].dashboard_body).widgets[0].type == "alarm"
    error_message = "The dashboard must show the alarms and eight metric panels."
  }
}

run "email_replica_bursting" {
  command = apply

  variables {
    alarm_email         = "ops@example.org"
    db_replica_ids      = ["wpecs-test-replica"]
    efs_throughput_mode = "bursting"
    container_insights  = false
    thresholds          = { db_connections = 40, alb_5xx_percent = 2 }
  }

  assert {
    condition     = aws_sns_topic_subscription.email[0].protocol == "email" && aws_sns_topic_subscription.email[0].endpoint == "ops@example.org"
    error_message = "alarm_email must subscribe that address to the topic."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.simple["db-replica-lag-wpecs-test-replica"].metric_name == "ReplicaLag" && aws_cloudwatch_metric_alarm.simple["db-replica-lag-wpecs-test-replica"].threshold == 60
    error_message = "A replica must get a ReplicaLag alarm."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.simple["efs-burst-credits"].metric_name == "BurstCreditBalance"
    error_message = "Bursting throughput must get a burst-credit alarm."
  }

  assert {
    condition     = length(aws_cloudwatch_metric_alarm.tasks_missing) == 0
    error_message = "Without Container Insights there is no running-below-desired alarm (its metrics do not exist)."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.simple["db-connections"].threshold == 40 && aws_cloudwatch_metric_alarm.alb_5xx[0].threshold == 2
    error_message = "Thresholds must be the given ones."
  }
}

run "off" {
  command = apply

  variables {
    enabled = false
  }

  assert {
    condition     = output.topic_arn == null && length(aws_sns_topic.alarms) == 0 && length(aws_cloudwatch_metric_alarm.simple) == 0 && length(aws_cloudwatch_event_rule.ecs) == 0 && length(aws_cloudwatch_dashboard.this) == 0 && length(output.deployment_alarm_names) == 0
    error_message = "alarms off must create nothing and export a null topic."
  }
}

run "email_without_alarms" {
  command = plan

  variables {
    enabled     = false
    alarm_email = "ops@example.org"
  }

  expect_failures = [var.alarm_email]
}

run "bad_email" {
  command = plan

  variables {
    alarm_email = "not-an-address"
  }

  expect_failures = [var.alarm_email]
}
