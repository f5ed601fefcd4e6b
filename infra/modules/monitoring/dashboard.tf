# One page with the figures the alarms watch, and the alarms' states.
locals {
  region = data.aws_region.current.name
  widget = { for k, v in {
    "Requests and 5xx (load balancer)" = [
      ["AWS/ApplicationELB", "RequestCount", "LoadBalancer", var.load_balancer_arn_suffix, { stat = "Sum" }],
      [".", "HTTPCode_ELB_5XX_Count", ".", ".", { stat = "Sum" }],
      [".", "HTTPCode_Target_5XX_Count", ".", ".", { stat = "Sum" }],
    ]
    "Target response time (p50, p95)" = [
      ["AWS/ApplicationELB", "TargetResponseTime", "LoadBalancer", var.load_balancer_arn_suffix, "TargetGroup", var.target_group_arn_suffix, { stat = "p50" }],
      ["...", { stat = "p95" }],
    ]
    "Healthy and unhealthy targets" = [
      ["AWS/ApplicationELB", "HealthyHostCount", "LoadBalancer", var.load_balancer_arn_suffix, "TargetGroup", var.target_group_arn_suffix, { stat = "Minimum" }],
      [".", "UnHealthyHostCount", ".", ".", ".", ".", { stat = "Maximum" }],
    ]
    "Service CPU and memory (%)" = [
      ["AWS/ECS", "CPUUtilization", "ClusterName", var.cluster_name, "ServiceName", var.service_name],
      [".", "MemoryUtilization", ".", ".", ".", "."],
    ]
    "Tasks: desired and running" = [
      ["ECS/ContainerInsights", "DesiredTaskCount", "ClusterName", var.cluster_name, "ServiceName", var.service_name],
      [".", "RunningTaskCount", ".", ".", ".", "."],
    ]
    "Database CPU (%) and connections" = [
      ["AWS/RDS", "CPUUtilization", "DBInstanceIdentifier", var.db_instance_id],
      [".", "DatabaseConnections", ".", ".", { yAxis = "right" }],
    ]
    "Database free storage (bytes) and replica lag (s)" = concat(
      [["AWS/RDS", "FreeStorageSpace", "DBInstanceIdentifier", var.db_instance_id, { stat = "Minimum" }]],
      [for id in var.db_replica_ids : ["AWS/RDS", "ReplicaLag", "DBInstanceIdentifier", id, { yAxis = "right" }]],
    )
    "Shared files: I/O limit (%) and burst credits (bytes)" = [
      ["AWS/EFS", "PercentIOLimit", "FileSystemId", var.efs_file_system_id, { stat = "Maximum" }],
      [".", "BurstCreditBalance", ".", ".", { stat = "Minimum", yAxis = "right" }],
    ]
  } : k => v }

  dashboard = {
    widgets = concat(
      [{
        type       = "alarm", x = 0, y = 0, width = 24, height = 3
        properties = { title = "Alarms", alarms = sort([for k, a in merge(aws_cloudwatch_metric_alarm.simple, { for i, a in aws_cloudwatch_metric_alarm.alb_5xx : "alb_5xx" => a }, { for i, a in aws_cloudwatch_metric_alarm.tasks_missing : "tasks" => a }) : a.arn]) }
      }],
      [for i, title in sort(keys(local.widget)) : {
        type       = "metric", x = (i % 2) * 12, y = 3 + floor(i / 2) * 6, width = 12, height = 6
        properties = { title = title, region = local.region, view = "timeSeries", stat = "Average", period = 300, metrics = local.widget[title] }
      }],
    )
  }
}

resource "aws_cloudwatch_dashboard" "this" {
  count = local.on

  dashboard_name = var.name
  dashboard_body = jsonencode(local.dashboard)
}
