data "aws_region" "current" {}
data "aws_partition" "current" {}
data "aws_caller_identity" "current" {}

locals {
  container_name = "wordpress"
  container_port = 80
  shared_dir     = "/var/www/shared"
  volume_name    = "wordpress-shared"
  awsvpc         = var.network_mode == "awsvpc"
  cluster_name   = element(split("/", var.cluster_arn), 1)
  image          = "${var.repository_url}:${var.image_tag}"

  # Plain settings only. Credentials and salts never appear here: the plan, the state and the console would show them.
  environment = merge(var.environment, {
    WORDPRESS_DB_HOST = "${var.db_address}:${var.db_port}"
    WORDPRESS_DB_NAME = var.db_name
    # C5: wp-init drains in-flight requests for this long after SIGTERM; ECS
    # sends SIGKILL after stop_timeout, so leave it a few seconds of margin.
    # ECS deregisters the target and waits the deregistration delay before
    # SIGTERM, so a request up to request_timeout is already done by then.
    WPECS_DRAIN_TIMEOUT = tostring(var.stop_timeout - 5)
    # C4: Apache keeps idle connections open longer than the ALB does, so the
    # ALB never reuses a connection Apache has just closed (a 502).
    WPECS_KEEPALIVE_TIMEOUT = tostring(var.lb_idle_timeout + 5)
    # C2: wp-init sizes PHP-FPM from this (the hard limit below).
    WPECS_MEMORY_MB = tostring(var.memory)
    # C3: the first install, done by wp-init once; the password is a secret.
    WORDPRESS_ADMIN_USER  = var.admin_user
    WORDPRESS_ADMIN_EMAIL = var.admin_email
    WORDPRESS_SITE_TITLE  = var.site_title
    },
    # C3: home/siteurl from here, never from the Host header.
    var.site_url == null ? {} : { WORDPRESS_SITE_URL = var.site_url },
    # Only the load balancer's nodes may name the client (mod_remoteip).
    length(var.trusted_proxy_cidrs) == 0 ? {} : { WPECS_TRUSTED_PROXIES = join(" ", var.trusted_proxy_cidrs) },
    # The object cache (image: object-cache.php); its token is a secret below.
    var.cache == null ? {} : {
      WPECS_REDIS_HOST = var.cache.host
      WPECS_REDIS_PORT = tostring(var.cache.port)
      WPECS_REDIS_TLS  = var.cache.tls ? "1" : "0"
    },
    # No page view runs due events; the scheduled cron task does (cron.tf).
    var.cron_external ? { WPECS_CRON = "external" } : {},
    # wp_mail() through SMTP (SES); the credentials are secrets below.
    var.mail == null ? {} : merge({
      WPECS_SMTP_HOST = var.mail.host
      WPECS_SMTP_PORT = tostring(var.mail.port)
      WPECS_SMTP_TLS  = var.mail.tls
      WPECS_MAIL_FROM = var.mail.from
    }, var.mail.from_name == null ? {} : { WPECS_MAIL_FROM_NAME = var.mail.from_name }),
  )

  salt_names = [
    "AUTH_KEY", "SECURE_AUTH_KEY", "LOGGED_IN_KEY", "NONCE_KEY",
    "AUTH_SALT", "SECURE_AUTH_SALT", "LOGGED_IN_SALT", "NONCE_SALT",
  ]

  # ECS resolves "<secret-arn>:<json-key>::" when it starts the task; the
  # values are never in the task definition, the plan or the state. The
  # database secret is WordPress's own (rotated with alternating users),
  # never the RDS master secret (var.db_secret_arn refuses it).
  secrets = merge(
    {
      WORDPRESS_DB_USER        = "${var.db_secret_arn}:username::"
      WORDPRESS_DB_PASSWORD    = "${var.db_secret_arn}:password::"
      WORDPRESS_ADMIN_PASSWORD = "${aws_secretsmanager_secret.admin.arn}:password::"
    },
    var.salts_secret_arn == null ? {} : {
      for s in local.salt_names : "WORDPRESS_${s}" => "${var.salts_secret_arn}:${s}::"
    },
    var.mail == null ? {} : {
      WPECS_SMTP_USER     = "${var.mail.secret_arn}:username::"
      WPECS_SMTP_PASSWORD = "${var.mail.secret_arn}:password::"
    },
    # Like the database password: an environment variable set by ECS from the secret.
    var.cache == null ? {} : { WPECS_REDIS_PASSWORD = "${var.cache.secret_arn}:auth_token::" },
  )

  secret_arns = compact([
    var.db_secret_arn, var.salts_secret_arn, aws_secretsmanager_secret.admin.arn,
    try(var.mail.secret_arn, null), try(var.cache.secret_arn, null),
  ])

  # C2: the smallest memory the image works in, from the same numbers as the
  # image's label org.wpecs.memory.min-mb.
  image_min_memory_mb = (var.image_memory.php_memory_limit_mb * var.image_memory.min_workers
  + var.image_memory.opcache_mb + var.image_memory.health_pool_mb + var.image_memory.apache_mb + var.image_memory.headroom_mb)

  # C6, for the web and the cron container alike: writable only these tmpfs
  # mounts (their contents count against the task's memory, part of the
  # headroom) and the shared volume; capabilities: none but var.capabilities
  # (what Apache and PHP-FPM need to start as root, bind port 80 and switch
  # to www-data). The flags beside it stay literal in the container
  # definition, where checkov reads them (CKV_AWS_334, CKV_AWS_335).
  linux_parameters = {
    tmpfs = [
      { containerPath = "/run", size = 16, mountOptions = ["nosuid", "nodev", "noexec"] },
      { containerPath = "/tmp", size = 128, mountOptions = ["nosuid", "nodev", "noexec"] },
    ]
    capabilities = {
      drop = ["ALL"]
      add  = var.capabilities
    }
  }

  # The web and the cron container alike: the shared volume, and their logs in
  # the service's log group (each container adds its stream prefix).
  mount_points = [{
    sourceVolume  = local.volume_name
    containerPath = local.shared_dir
    readOnly      = false
  }]
  log_options = {
    awslogs-group  = aws_cloudwatch_log_group.this.name
    awslogs-region = data.aws_region.current.name
  }

  tags = merge({ Name = var.name }, var.tags)
}

resource "aws_cloudwatch_log_group" "this" {
  #checkov:skip=CKV_AWS_158:Customer-managed KMS is optional (var.log_kms_key_arn); without it CloudWatch Logs encrypts with its own keys.
  name              = "/ecs/${var.name}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.log_kms_key_arn
  tags              = local.tags
}

# The web tasks' task definition and, with cron_external, the cron task's
# (cron.tf): what they share is written here once, what differs comes from
# local.tasks.
locals {
  # Each kind's environment and secrets as ECS lists them (name-sorted), and
  # its log options added to the shared ones: computed here, so that the
  # container definition below stays a literal checkov can read.
  tasks = {
    for kind, t in merge({ web = local.web_task }, var.cron_external ? { cron = local.cron_task } : {}) :
    kind => merge(t, {
      environment = [for k in sort(keys(t.environment)) : { name = k, value = t.environment[k] }]
      secrets     = [for k in sort(keys(t.secrets)) : { name = k, valueFrom = t.secrets[k] }]
      log_options = merge(local.log_options, t.log_options)
    })
  }

  web_task = {
    family = var.name
    # ECS places the tasks only on instances of this architecture.
    cpu_architecture = upper(var.architecture)
    container_name   = local.container_name
    cpu              = var.cpu
    memory           = var.memory
    # Lets the scheduler pack tasks by their usual footprint; the hard
    # limit above still caps a runaway.
    memory_reservation = var.memory_reservation
    # null: the image's default command.
    command = null

    # bridge: hostPort 0 = a dynamic port from the instance's ephemeral
    # range, so old and new tasks can share an instance during a rolling
    # deploy. awsvpc: the task has its own IP and uses port 80.
    port_mappings = [{
      containerPort = local.container_port
      hostPort      = local.awsvpc ? local.container_port : 0
      protocol      = "tcp"
    }]

    # C1: liveness only, the same check as the image's HEALTHCHECK: wp-init
    # asks /healthz/live (Apache and PHP-FPM, never the database). ECS
    # replaces a task whose container check fails, so a database failover
    # must not fail it; the ALB checks /healthz/app, which stays 200
    # ("degraded") while the database is away.
    health_check = {
      command     = ["CMD", "/usr/local/bin/wp-init", "healthcheck"]
      interval    = 15
      timeout     = 5
      retries     = 3
      startPeriod = var.health_check_start_period
    }

    stop_timeout = var.stop_timeout
    environment  = local.environment
    secrets      = local.secrets
    log_options = {
      awslogs-stream-prefix = "wordpress"
      # Never block the web server on a slow log API.
      mode            = "non-blocking"
      max-buffer-size = "4m"
    }
    tags = local.tags
  }
}

resource "aws_ecs_task_definition" "this" {
  for_each = local.tasks

  family                   = each.value.family
  requires_compatibilities = ["EC2"]
  network_mode             = var.network_mode
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task.arn

  dynamic "runtime_platform" {
    for_each = each.value.cpu_architecture == null ? [] : [each.value.cpu_architecture]
    content {
      cpu_architecture        = runtime_platform.value
      operating_system_family = "LINUX"
    }
  }

  # One literal container definition, where checkov reads the C6 flags (no
  # function call or for-expression over each.value in it: checkov leaves
  # such a definition unread). A null (a setting only the other kind of task
  # has) is left out of what the provider registers, as an absent key is.
  container_definitions = jsonencode([{
    name              = each.value.container_name
    image             = local.image
    essential         = true
    cpu               = each.value.cpu
    memory            = each.value.memory
    memoryReservation = each.value.memory_reservation
    command           = each.value.command
    portMappings      = each.value.port_mappings

    environment = each.value.environment
    secrets     = each.value.secrets
    mountPoints = local.mount_points
    healthCheck = each.value.health_check
    stopTimeout = each.value.stop_timeout

    # C6: read-only root; no privilege gain through setuid binaries;
    # tmpfs mounts and capabilities from local.linux_parameters.
    readonlyRootFilesystem = true
    privileged             = false
    dockerSecurityOptions  = ["no-new-privileges"]
    linuxParameters        = local.linux_parameters

    logConfiguration = {
      logDriver = "awslogs"
      options   = each.value.log_options
    }
  }])

  volume {
    name = local.volume_name

    efs_volume_configuration {
      file_system_id     = var.efs_file_system_id
      root_directory     = "/"
      transit_encryption = "ENABLED"

      authorization_config {
        access_point_id = var.efs_access_point_id
        iam             = "ENABLED"
      }
    }
  }

  tags = each.value.tags

  lifecycle {
    precondition {
      condition     = !local.awsvpc || (length(var.subnet_ids) > 0 && length(var.security_group_ids) > 0)
      error_message = "network_mode \"awsvpc\" needs subnet_ids and security_group_ids for the tasks' ENIs."
    }
  }
}

resource "aws_ecs_service" "this" {
  name                   = var.name
  cluster                = var.cluster_arn
  task_definition        = aws_ecs_task_definition.this["web"].arn
  desired_count          = var.desired_count
  enable_execute_command = var.exec != null
  propagate_tags         = "SERVICE"
  # ECS tags the tasks with the cluster and service names.
  enable_ecs_managed_tags = true

  # A rolling deploy starts the new tasks before stopping old ones (200 %),
  # never dropping below the running count (100 %); a deployment whose tasks
  # do not get healthy is rolled back to the last good task definition.
  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200
  health_check_grace_period_seconds  = var.health_check_grace_period_seconds
  wait_for_steady_state              = var.wait_for_steady_state

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  # CloudWatch alarms (the base stack's 5xx rate and unhealthy targets) that
  # roll a deployment back when they fire during it, as the circuit breaker
  # does for tasks that never get healthy.
  dynamic "alarms" {
    for_each = length(var.deployment_alarm_names) > 0 ? [1] : []
    content {
      alarm_names = var.deployment_alarm_names
      enable      = true
      rollback    = true
    }
  }

  capacity_provider_strategy {
    capacity_provider = var.capacity_provider_name
    weight            = 1
    base              = 0
  }

  load_balancer {
    target_group_arn = var.target_group_arn
    container_name   = local.container_name
    container_port   = local.container_port
  }

  # One task per AZ first, then per instance: losing an AZ or an instance
  # takes down as few tasks as possible.
  ordered_placement_strategy {
    type  = "spread"
    field = "attribute:ecs.availability-zone"
  }

  ordered_placement_strategy {
    type  = "spread"
    field = "instanceId"
  }

  dynamic "network_configuration" {
    for_each = local.awsvpc ? [1] : []
    content {
      subnets          = var.subnet_ids
      security_groups  = var.security_group_ids
      assign_public_ip = false
    }
  }

  tags = local.tags

  lifecycle {
    # Autoscaling owns the running count after creation.
    ignore_changes = [desired_count]
  }

  # The roles' policies must exist before the first task starts, or the
  # first tasks fail to pull the image or read the secrets.
  depends_on = [
    aws_iam_role_policy.execution,
    aws_iam_role_policy.task,
  ]
}
