data "aws_availability_zones" "available" {
  #checkov:skip=CKV_AWS_394:The names are sorted and sliced to az_count, so a zone AWS adds later (next letter) never changes the zones in use; var.azs pins them explicitly.
  state = "available"

  # Local Zones and Wavelength Zones need an opt-in and lack services used here.
  filter {
    name   = "opt-in-status"
    values = ["opt-in-not-required"]
  }
}

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

locals {
  name = "${var.project}-${var.environment}"
  # Every resource's tags: the provider's default_tags, and the ecs_cluster
  # module's tags for the instances and volumes default_tags never reach.
  tags = merge(var.tags, {
    Project     = var.project
    Environment = var.environment
    ManagedBy   = "opentofu"
    Stack       = "base"
  })
  azs    = length(var.azs) > 0 ? var.azs : slice(sort(data.aws_availability_zones.available.names), 0, min(var.az_count, length(data.aws_availability_zones.available.names)))
  awsvpc = var.network_mode == "awsvpc"

  # Who talks to EFS and the database: the instances (bridge tasks share the
  # instance's network) or the tasks' own security group (awsvpc).
  workload_security_group_id = local.awsvpc ? aws_security_group.tasks[0].id : module.ecs_cluster.instance_security_group_id
}

module "network" {
  source = "../../modules/network"

  name               = local.name
  cidr               = var.vpc_cidr
  azs                = local.azs
  single_nat_gateway = var.single_nat_gateway
  flow_logs          = { enabled = var.flow_logs_enabled, traffic_type = "ALL", retention_in_days = var.log_retention_days }
}

module "load_balancer" {
  source = "../../modules/load-balancer"

  name               = local.name
  vpc_id             = module.network.vpc_id
  vpc_cidr           = module.network.vpc_cidr
  subnet_ids         = module.network.public_subnet_ids
  allowed_ipv4_cidrs = var.allowed_ipv4_cidrs
  certificate_arn    = var.certificate_arn
  # Behind CloudFront the load balancer answers as origin.<domain_name>, and
  # admits only CloudFront's addresses with the secret header (edge.tf).
  domain_name               = var.cdn_enabled ? local.origin_domain_name : var.domain_name
  route53_zone_id           = var.route53_zone_id
  cloudfront_prefix_list_id = var.cdn_enabled ? data.aws_ec2_managed_prefix_list.cloudfront[0].id : null
  origin_header = var.cdn_enabled ? {
    name  = "X-Origin-Verify"
    value = aws_secretsmanager_secret_version.origin_header[0].secret_string
  } : null
  deletion_protection = var.alb_deletion_protection
  target_type         = local.awsvpc ? "ip" : "instance"

  idle_timeout         = var.idle_timeout
  deregistration_delay = var.deregistration_delay
  access_logs = var.alb_access_logs_enabled ? {
    prefix          = "alb"
    expiration_days = var.log_retention_days
    # A load balancer that may be deleted takes its logs with it.
    force_destroy = !var.alb_deletion_protection
  } : null
}

module "ecs_cluster" {
  source = "../../modules/ecs-cluster"

  name                   = local.name
  vpc_id                 = module.network.vpc_id
  subnet_ids             = module.network.private_subnet_ids
  architecture           = var.architecture
  instance_type          = var.instance_type
  min_size               = var.cluster_min_size
  max_size               = var.cluster_max_size
  ami_ssm_parameter_name = var.ami_ssm_parameter_name
  exec_enabled           = var.exec_enabled
  tags                   = local.tags

  # Bridge tasks listen on dynamic host ports of the instances: only the
  # load balancer may reach that range. awsvpc tasks have their own group.
  ingress_source_security_group_ids = local.awsvpc ? [] : [module.load_balancer.alb_security_group_id]
}

module "efs" {
  source = "../../modules/efs"

  name                       = local.name
  vpc_id                     = module.network.vpc_id
  subnet_ids                 = module.network.private_subnet_ids
  allowed_security_group_ids = { workload = local.workload_security_group_id }
  # EFS's own automatic backups are redundant with the backup plan below.
  backup_enabled = var.efs_backup_enabled && !var.backup_enabled
  # The wordpress stack's task role (wordpress-service module: name_prefix
  # "<name>-task-"), which does not exist yet when this stack is applied.
  access_point             = { path = var.efs_access_point_path }
  client_role_arn_patterns = ["arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:role/${substr(local.name, 0, 20)}-task-*"]
}

module "database" {
  source = "../../modules/database"

  identifier                 = local.name
  vpc_id                     = module.network.vpc_id
  subnet_ids                 = module.network.private_subnet_ids
  allowed_security_group_ids = { workload = local.workload_security_group_id }

  engine                  = var.db_engine
  engine_version          = var.db_engine_version
  instance_class          = var.db_instance_class
  allocated_storage       = var.db_allocated_storage
  multi_az                = var.db_multi_az
  backup_retention_period = var.db_backup_retention_period
  deletion_protection     = var.db_deletion_protection
  skip_final_snapshot     = var.db_skip_final_snapshot
  performance_insights    = { enabled = var.db_performance_insights }
  snapshot_identifier     = var.db_snapshot_identifier

  # WordPress's own secret rotates with alternating users; a successful
  # rotation forces a new deployment of the wordpress stack's service (named
  # like everything else here), whose new tasks read the new version.
  roll_ecs_service = {
    cluster_arn  = module.ecs_cluster.cluster_arn
    service_name = local.name
  }
  # Where the database itself may be deleted, its WordPress secret goes at
  # once too (no 30-day leftover after a destroy).
  secret_recovery_window_days = var.db_deletion_protection ? 30 : 0
}

module "cache" {
  source = "../../modules/cache"
  count  = var.cache_enabled ? 1 : 0

  name                       = local.name
  vpc_id                     = module.network.vpc_id
  subnet_ids                 = module.network.private_subnet_ids
  allowed_security_group_ids = { workload = local.workload_security_group_id }
  node_type                  = var.cache_node_type
  num_cache_clusters         = var.cache_multi_az ? 2 : 1
  multi_az                   = var.cache_multi_az
  # Like the database's secret: where things may be deleted, at once.
  secret_recovery_window_days = var.db_deletion_protection ? 30 : 0
}

module "registry" {
  source = "../../modules/registry"

  create             = var.image_repository.create
  name               = coalesce(var.image_repository.name, "${var.project}/${var.environment}/wordpress")
  registry_id        = var.image_repository.registry_id
  pull_account_ids   = var.image_repository.pull_account_ids
  force_delete       = var.ecr_force_delete
  keep_tagged_images = var.ecr_keep_tagged_images
}

# Mail through SES (flag mail_enabled): the identity lives with the other
# long-lived resources; the wordpress stack reads the settings (output mail).
module "mail" {
  source = "../../modules/mail"
  count  = var.mail_enabled ? 1 : 0

  name            = local.name
  domain          = coalesce(var.mail_domain, var.domain_name)
  route53_zone_id = coalesce(var.mail_route53_zone_id, var.route53_zone_id)
  # Where the database may be deleted, so may the credentials at once.
  secret_recovery_window_days = var.db_deletion_protection ? 30 : 0
}

# Alarms, EventBridge rules and the dashboard (modules/monitoring/README.md).
# The service's alarms are here too: the service's name is fixed by this
# stack, so they exist before and outlive every deployment.
module "monitoring" {
  source = "../../modules/monitoring"

  name                     = local.name
  enabled                  = var.alarms_enabled
  alarm_email              = var.alarm_email
  thresholds               = var.alarm_thresholds
  load_balancer_arn_suffix = module.load_balancer.alb_arn_suffix
  target_group_arn_suffix  = module.load_balancer.target_group_arn_suffix
  cluster_name             = module.ecs_cluster.cluster_name
  service_name             = local.name
  container_insights       = module.ecs_cluster.container_insights != "disabled"
  db_instance_id           = module.database.instance_id
  efs_file_system_id       = module.efs.file_system_id
  efs_performance_mode     = module.efs.performance_mode
  efs_throughput_mode      = module.efs.throughput_mode
  tags                     = local.tags
}

# AWS Backup of the database and the shared files (modules/backup/README.md),
# optionally copied to a vault in backup_copy_region.
module "backup" {
  source = "../../modules/backup"

  name                = local.name
  enabled             = var.backup_enabled
  retention_days      = var.backup_retention_days
  copy_vault_arn      = module.backup_copy.vault_arn
  copy_retention_days = var.backup_copy_retention_days
  resource_arns = {
    database = module.database.instance_arn
    files    = module.efs.file_system_arn
  }
  tags = local.tags
}

module "backup_copy" {
  source    = "../../modules/backup"
  providers = { aws = aws.backup_copy }

  name       = local.name
  enabled    = var.backup_enabled && var.backup_copy_region != null
  vault_only = true
  tags       = local.tags
}

# make restore-aws: the restored file system becomes this environment's on its
# first apply. An import block rather than `tofu import`, which cannot evaluate
# a new environment's configuration before anything exists (unknown counts).
import {
  for_each = var.efs_import_file_system_id == null ? toset([]) : toset([var.efs_import_file_system_id])
  to       = module.efs.aws_efs_file_system.this
  id       = each.value
}
