# The base stack's outputs: network, cluster, load balancer, EFS, database,
# registry. This stack only changes on a deployment (a new image tag).
data "terraform_remote_state" "base" {
  backend = "s3"

  config = merge(
    {
      bucket = var.state_bucket
      key    = var.base_state_key
      region = coalesce(var.state_region, var.region)
    },
    # Only for an emulator: its endpoint, path-style URLs, no AWS-only checks.
    [{}, {
      endpoints                   = { s3 = var.state_endpoint }
      use_path_style              = true
      skip_credentials_validation = true
      skip_requesting_account_id  = true
      skip_metadata_api_check     = true
      skip_region_validation      = true
    }][var.state_endpoint == null ? 0 : 1],
  )
}

locals {
  base = data.terraform_remote_state.base.outputs

  # Outputs a newer base stack adds, read defensively so a base state from
  # before them still plans (the module then falls back to its defaults).
  # site_url may also be present but null (no domain): then the ALB's URL.
  site_url                = try(coalesce(try(local.base.site_url, null), try(local.base.url, null)), null)
  lb_idle_timeout         = try(local.base.lb_idle_timeout, 60)
  lb_deregistration_delay = try(local.base.lb_deregistration_delay, null)
  lb_health_check_path    = try(local.base.lb_health_check_path, null)
  lb_subnet_cidrs         = try(local.base.lb_subnet_cidrs, [])
  # The object cache: null (no cache_host, or a base state from before it) leaves
  # WordPress's per-request cache.
  cache = try(local.base.cache_host, null) == null ? null : {
    host       = local.base.cache_host
    port       = local.base.cache_port
    secret_arn = local.base.cache_secret_arn
    tls        = true
  }
  # null when the base stack has no alarm topic (alarms off, or a base from before it).
  alarm_topic_arn = try(local.base.alarm_topic_arn, null)
  # ECS Exec follows the cluster (a base state without these outputs: off).
  exec = try(local.base.exec_enabled, false) ? {
    kms_key_arn   = local.base.exec_kms_key_arn
    log_group_arn = local.base.exec_log_group_arn
  } : null
  # SES's SMTP settings when the base stack has mail_enabled; null: PHP's mail().
  mail = try(local.base.mail, null)
}

module "wordpress" {
  source = "../../modules/wordpress-service"

  name                   = local.base.name
  cluster_arn            = local.base.cluster_arn
  capacity_provider_name = local.base.capacity_provider_name
  network_mode           = local.base.network_mode
  subnet_ids             = local.base.network_mode == "awsvpc" ? local.base.private_subnet_ids : []
  security_group_ids     = local.base.task_security_group_ids
  target_group_arn       = local.base.target_group_arn

  repository_url = local.base.repository_url
  repository_arn = local.base.repository_arn
  image_tag      = var.image_tag
  # The instances' architecture, set once in the base stack; the module
  # refuses an image_tag built for the other one. A base state from before
  # this output had x86_64 instances.
  architecture = try(local.base.architecture, "x86_64")

  # WordPress's own secret (alternating users, rotated by the base stack);
  # the module refuses the RDS master secret.
  db_address           = local.base.db_address
  db_port              = local.base.db_port
  db_name              = local.base.db_name
  db_secret_arn        = local.base.db_secret_arn
  salts_secret_arn     = var.salts_secret_arn
  cache                = local.cache
  efs_file_system_id   = local.base.efs_file_system_id
  efs_file_system_arn  = local.base.efs_file_system_arn
  efs_access_point_id  = local.base.efs_access_point_id
  efs_access_point_arn = local.base.efs_access_point_arn

  desired_count      = var.desired_count
  cpu                = var.cpu
  memory             = var.memory
  memory_reservation = var.memory_reservation
  autoscaling = {
    min_capacity        = var.autoscaling_min_capacity
    max_capacity        = var.autoscaling_max_capacity
    cpu_target          = var.autoscaling_cpu_target
    requests_per_target = var.autoscaling_requests_per_target
  }
  # Alarms of the base stack (modules/monitoring) that roll a deployment back;
  # a base state from before them has none.
  deployment_alarm_names   = try(local.base.deployment_alarm_names, [])
  load_balancer_arn_suffix = local.base.alb_arn_suffix
  target_group_arn_suffix  = local.base.target_group_arn_suffix

  health_check_grace_period_seconds = var.health_check_grace_period_seconds
  lb_health_check_path              = local.lb_health_check_path
  lb_idle_timeout                   = local.lb_idle_timeout
  lb_deregistration_delay           = local.lb_deregistration_delay
  stop_timeout                      = var.stop_timeout
  wait_for_steady_state             = var.wait_for_steady_state
  log_retention_days                = var.log_retention_days
  environment                       = var.container_environment

  cron_external   = var.cron_external
  alarm_topic_arn = local.alarm_topic_arn

  mail                        = local.mail
  site_url                    = local.site_url
  trusted_proxy_cidrs         = local.lb_subnet_cidrs
  site_title                  = var.site_title
  admin_user                  = var.admin_user
  admin_email                 = var.admin_email
  secret_recovery_window_days = var.secret_recovery_window_days
  exec                        = local.exec
}

check "same_environment_as_base" {
  assert {
    condition     = try(local.base.environment, var.environment) == var.environment && try(local.base.region, var.region) == var.region
    error_message = "The base state read (${var.base_state_key}) belongs to environment ${try(local.base.environment, "?")} in ${try(local.base.region, "?")}, not ${var.environment} in ${var.region}."
  }
}
