# Two roles, each with only what it needs:
# - execution role: used by the ECS agent to start the task (pull the image,
#   write logs, read the secrets injected through `secrets`);
# - task role: used by the application (mount EFS through the access point,
#   ECS Exec channels).
# Policies are plain jsonencode() values so tests can read them.

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.name

  assume_ecs_tasks = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "ecs-tasks.amazonaws.com" }
      # Only ECS acting for this account may assume the roles (confused deputy).
      Condition = {
        StringEquals = { "aws:SourceAccount" = local.account_id }
        ArnLike      = { "aws:SourceArn" = "arn:${local.partition}:ecs:${local.region}:${local.account_id}:*" }
      }
    }]
  })

  execution_policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(
      [
        {
          Sid    = "EcrAuth"
          Effect = "Allow"
          # GetAuthorizationToken has no resource-level permissions.
          Action   = "ecr:GetAuthorizationToken"
          Resource = "*"
        },
        {
          Sid      = "EcrPullThisRepository"
          Effect   = "Allow"
          Action   = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
          Resource = var.repository_arn
        },
        {
          Sid      = "WriteOwnLogs"
          Effect   = "Allow"
          Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
          Resource = "${aws_cloudwatch_log_group.this.arn}:log-stream:*"
        },
        {
          Sid      = "ReadOwnSecrets"
          Effect   = "Allow"
          Action   = "secretsmanager:GetSecretValue"
          Resource = local.secret_arns
        },
      ],
      length(var.secrets_kms_key_arns) == 0 ? [] : [{
        Sid       = "DecryptOwnSecrets"
        Effect    = "Allow"
        Action    = "kms:Decrypt"
        Resource  = var.secrets_kms_key_arns
        Condition = { StringEquals = { "kms:ViaService" = "secretsmanager.${local.region}.amazonaws.com" } }
      }],
    )
  })

  # The cron schedule's role (cron.tf): EventBridge Scheduler acting for this account.
  assume_scheduler = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "scheduler.amazonaws.com" }
      Condition = { StringEquals = { "aws:SourceAccount" = local.account_id } }
    }]
  })

  # Start the cron family on this cluster, hand it its two roles, dead-letter a tick.
  cron_scheduler_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "RunCronTaskOnThisCluster"
        Effect    = "Allow"
        Action    = "ecs:RunTask"
        Resource  = local.cron_task_definition_arns
        Condition = { ArnEquals = { "ecs:cluster" = var.cluster_arn } }
      },
      {
        Sid       = "PassTheTaskRoles"
        Effect    = "Allow"
        Action    = "iam:PassRole"
        Resource  = [aws_iam_role.execution.arn, aws_iam_role.task.arn]
        Condition = { StringEquals = { "iam:PassedToService" = "ecs-tasks.amazonaws.com" } }
      },
      {
        Sid      = "DeadLetterFailedTicks"
        Effect   = "Allow"
        Action   = "sqs:SendMessage"
        Resource = try(aws_sqs_queue.cron_dlq[0].arn, "arn:${local.partition}:sqs:${local.region}:${local.account_id}:${local.cron_family}-dlq")
      },
    ]
  })

  task_policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(
      [{
        Sid       = "MountSharedFilesThroughAccessPoint"
        Effect    = "Allow"
        Action    = ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"]
        Resource  = var.efs_file_system_arn
        Condition = { StringEquals = { "elasticfilesystem:AccessPointArn" = var.efs_access_point_arn } }
      }],
      # ECS Exec instead of SSH (var.exec): the session channels, the
      # cluster's key that encrypts them, and the session log it writes.
      [for s in [
        {
          Sid    = "EcsExecChannels"
          Effect = "Allow"
          # ssmmessages has no resource-level permissions.
          Action = [
            "ssmmessages:CreateControlChannel",
            "ssmmessages:CreateDataChannel",
            "ssmmessages:OpenControlChannel",
            "ssmmessages:OpenDataChannel",
          ]
          Resource = "*"
        },
        {
          Sid      = "EcsExecSessionKey"
          Effect   = "Allow"
          Action   = "kms:Decrypt"
          Resource = try(var.exec.kms_key_arn, null)
        },
        {
          Sid      = "EcsExecSessionLog"
          Effect   = "Allow"
          Action   = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"]
          Resource = [try(var.exec.log_group_arn, null), "${try(var.exec.log_group_arn, "")}:log-stream:*"]
        },
        {
          Sid    = "EcsExecChecksLogEncryption"
          Effect = "Allow"
          # The agent checks the group is encrypted before it logs; this
          # action has no resource-level permissions.
          Action   = "logs:DescribeLogGroups"
          Resource = "*"
        },
      ] : s if var.exec != null],
    )
  })
}

resource "aws_iam_role" "execution" {
  name_prefix        = "${substr(var.name, 0, 20)}-exec-"
  description        = "ECS task execution role of ${var.name}: pull the image, write logs, read its secrets"
  assume_role_policy = local.assume_ecs_tasks
  tags               = local.tags
}

resource "aws_iam_role_policy" "execution" {
  name   = "pull-log-secrets"
  role   = aws_iam_role.execution.id
  policy = local.execution_policy
}

resource "aws_iam_role" "task" {
  name_prefix        = "${substr(var.name, 0, 20)}-task-"
  description        = "ECS task role of ${var.name}: mount EFS through its access point, ECS Exec"
  assume_role_policy = local.assume_ecs_tasks
  tags               = local.tags
}

resource "aws_iam_role_policy" "task" {
  name   = "efs-and-exec"
  role   = aws_iam_role.task.id
  policy = local.task_policy
}
