# Where the state has objects under addresses a refactoring changed: the same
# objects, nothing replaced. They stay here, where the state is; the module's
# README ("Upgrading") lists them for other callers of the module.

# wordpress-service: the web and the cron task definitions as one for_each
# resource (one home for what they share: the EFS volume, C6's restrictions).
moved {
  from = module.wordpress.aws_ecs_task_definition.this
  to   = module.wordpress.aws_ecs_task_definition.this["web"]
}

moved {
  from = module.wordpress.aws_ecs_task_definition.cron[0]
  to   = module.wordpress.aws_ecs_task_definition.this["cron"]
}
