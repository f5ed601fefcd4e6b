environment    = "prod"
base_state_key = "wordpress-ecs/prod/base.tfstate"

# At least 2 (validated): one per AZ survives the loss of an instance or AZ.
desired_count                   = 3
autoscaling_min_capacity        = 3
autoscaling_max_capacity        = 12
autoscaling_requests_per_target = 500
cpu                             = 512
memory                          = 1536
log_retention_days              = 365

# WordPress's cron on a schedule (EventBridge Scheduler, one run a minute for the
# whole fleet), not on page views: scheduled posts go out on time without traffic.
cron_external = true
