output "topic_arn" {
  description = "ARN of the alarm topic (SNS, KMS-encrypted); null when alarms are off. Subscribe pagers or chat integrations to it."
  value       = var.enabled ? aws_sns_topic.alarms[0].arn : null
}

output "kms_key_arn" {
  description = "KMS key of the topic; null when alarms are off."
  value       = var.enabled ? module.alarms_key[0].arn : null
}

output "alarm_names" {
  description = "Every alarm's name, by what it watches."
  value       = local.alarm_names
}

output "deployment_alarm_names" {
  description = "Alarms the ECS deployment watches for its alarm-based rollback (5xx rate, unhealthy targets); empty when alarms are off."
  value       = var.enabled ? [aws_cloudwatch_metric_alarm.alb_5xx[0].alarm_name, aws_cloudwatch_metric_alarm.simple["unhealthy-targets"].alarm_name] : []
}

output "event_rule_names" {
  description = "EventBridge rules routing ECS events to the topic."
  value       = [for r in aws_cloudwatch_event_rule.ecs : r.name]
}

output "dashboard_name" {
  description = "CloudWatch dashboard name; null when alarms are off."
  value       = var.enabled ? aws_cloudwatch_dashboard.this[0].dashboard_name : null
}
