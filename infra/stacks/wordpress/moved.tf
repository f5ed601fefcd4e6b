# Where the service's resources stood in earlier versions of the
# wordpress-service module, so that an upgrade moves them in the state instead
# of replacing them. They live here, with the state they move
# (docs/decisions/0011-moved-blocks-in-the-stacks.md); a caller of the module
# of its own finds the same list in its README ("Upgrading").

# Two policies, then two alarms, that became one for_each each.
moved {
  from = module.wordpress.aws_appautoscaling_policy.cpu[0]
  to   = module.wordpress.aws_appautoscaling_policy.target_tracking["cpu"]
}

moved {
  from = module.wordpress.aws_appautoscaling_policy.requests[0]
  to   = module.wordpress.aws_appautoscaling_policy.target_tracking["requests"]
}

moved {
  from = module.wordpress.aws_cloudwatch_metric_alarm.cron_ticks_failed[0]
  to   = module.wordpress.aws_cloudwatch_metric_alarm.cron["ticks-failed"]
}

moved {
  from = module.wordpress.aws_cloudwatch_metric_alarm.cron_runs_failed[0]
  to   = module.wordpress.aws_cloudwatch_metric_alarm.cron["runs-failed"]
}

# The web and the cron task definitions as one for_each resource (one home
# for what they share: the EFS volume, contract C6's restrictions). A new
# revision would be harmless, but the plan stays free of replacements.
moved {
  from = module.wordpress.aws_ecs_task_definition.this
  to   = module.wordpress.aws_ecs_task_definition.this["web"]
}

moved {
  from = module.wordpress.aws_ecs_task_definition.cron[0]
  to   = module.wordpress.aws_ecs_task_definition.this["cron"]
}
