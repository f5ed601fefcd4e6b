environment    = "dev"
base_state_key = "wordpress-ecs/dev/base.tfstate"

desired_count            = 1
autoscaling_max_capacity = 2
cpu                      = 256
memory                   = 1152
log_retention_days       = 14
