environment    = "test"
base_state_key = "wordpress-ecs/test/base.tfstate"

desired_count            = 2
autoscaling_max_capacity = 4
log_retention_days       = 30
# The emulator starts no containers, so no deployment ever finishes.
wait_for_steady_state = false
# Throwaway: the admin password secret goes at once on destroy.
secret_recovery_window_days = 0

# WordPress's cron on a schedule (EventBridge Scheduler, one run a minute for the
# whole fleet), not on page views: scheduled posts go out on time without traffic.
cron_external = true
