# WordPress's own database users and secret, rotated without downtime.
#
# Alternating users: the secret names <app_username> or <app_username>_clone.
# Each rotation sets a new password on the user the secret does NOT name, then
# points the secret at it, so the user the running tasks hold stays valid until
# the rotation after next. finishSecret forces a new deployment of the ECS
# service (roll_ecs_service), whose new tasks read the new version when they
# start: a whole rotation period for the roll to finish. See README.md.
locals {
  rotation_name = "${var.identifier}-db-rotation"
  master_secret = aws_db_instance.this.master_user_secret[0].secret_arn
  roll          = var.roll_ecs_service != null
  # arn:...:cluster/<name> -> arn:...:service/<name>/<service>
  roll_service_arn = local.roll ? "${replace(var.roll_ecs_service.cluster_arn, ":cluster/", ":service/")}/${var.roll_ecs_service.service_name}" : null
  rotation_package = "${path.module}/rotation/package.zip"
}

resource "aws_secretsmanager_secret" "app" {
  #checkov:skip=CKV_AWS_149:A customer-managed key is optional (var.master_user_secret_kms_key_id, used for both secrets); without it Secrets Manager uses aws/secretsmanager.
  name_prefix             = "${var.identifier}-wordpress-db-"
  description             = "WordPress database user of ${var.identifier} (${var.app_username} or ${var.app_username}_clone), rotated by ${local.rotation_name}"
  kms_key_id              = var.master_user_secret_kms_key_id
  recovery_window_in_days = var.secret_recovery_window_days
  tags                    = local.tags
}

# The first version names the user but holds no password: no user exists
# with it. The first rotation (immediately on creation) creates
# <app_username>_clone with a generated password; from then on only the
# rotation function writes versions, so OpenTofu ignores the value.
resource "aws_secretsmanager_secret_version" "initial" {
  secret_id = aws_secretsmanager_secret.app.id
  secret_string = jsonencode({
    engine   = var.engine
    host     = aws_db_instance.this.address
    port     = aws_db_instance.this.port
    dbname   = var.db_name
    username = var.app_username
    password = ""
  })

  lifecycle {
    ignore_changes = [secret_string, version_stages]
  }
}

resource "aws_secretsmanager_secret_rotation" "app" {
  secret_id           = aws_secretsmanager_secret.app.id
  rotation_lambda_arn = aws_lambda_function.rotation.arn

  rotation_rules {
    automatically_after_days = var.rotation_days
  }

  depends_on = [
    aws_secretsmanager_secret_version.initial,
    aws_lambda_permission.secretsmanager,
    aws_iam_role_policy.rotation,
    aws_vpc_security_group_ingress_rule.from_rotation,
  ]
}

# --- the function ----------------------------------------------------------------

resource "aws_cloudwatch_log_group" "rotation" {
  #checkov:skip=CKV_AWS_158:Customer-managed KMS is optional (var.log_kms_key_arn); without it CloudWatch Logs encrypts with its own keys.
  name              = "/aws/lambda/${local.rotation_name}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.log_kms_key_arn
  tags              = local.tags
}

resource "aws_lambda_function" "rotation" {
  #checkov:skip=CKV_AWS_50:X-Ray tracing of a function that runs once a month adds cost and a permission, and no insight the logs do not give.
  #checkov:skip=CKV_AWS_116:Secrets Manager invokes the function synchronously and retries a failed step itself; a dead-letter queue would never receive anything.
  #checkov:skip=CKV_AWS_115:Reserved concurrency would take from the account's unreserved pool (a new account's minimum of 10 refuses it); Secrets Manager runs one rotation of a secret at a time.
  #checkov:skip=CKV_AWS_173:The environment holds ARNs, a host name and names, no secrets; the default Lambda key encrypts it.
  #checkov:skip=CKV_AWS_272:Code signing needs a signing profile; the package is built reproducibly from pinned, hash-checked sources (rotation/build.py --check).
  function_name    = local.rotation_name
  description      = "Rotates the WordPress database user of ${var.identifier} (alternating users)"
  role             = aws_iam_role.rotation.arn
  runtime          = "python3.12"
  handler          = "rotation.lambda_handler"
  filename         = local.rotation_package
  source_code_hash = filebase64sha256(local.rotation_package)
  timeout          = 60
  memory_size      = 128

  vpc_config {
    subnet_ids         = var.subnet_ids
    security_group_ids = [aws_security_group.rotation.id]
  }

  environment {
    variables = merge(
      {
        MASTER_SECRET_ARN = local.master_secret
        DB_HOST           = aws_db_instance.this.address
        DB_PORT           = tostring(local.port)
        DB_NAME           = var.db_name
      },
      local.roll ? {
        ECS_CLUSTER = var.roll_ecs_service.cluster_arn
        ECS_SERVICE = var.roll_ecs_service.service_name
      } : {},
    )
  }

  tags = local.tags

  depends_on = [aws_cloudwatch_log_group.rotation, aws_iam_role_policy.rotation]
}

resource "aws_lambda_permission" "secretsmanager" {
  statement_id  = "SecretsManagerRotatesWordPressSecret"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.rotation.function_name
  principal     = "secretsmanager.amazonaws.com"
  source_arn    = aws_secretsmanager_secret.app.arn
}

# The function reaches the database (3306) and the AWS APIs (Secrets
# Manager, ECS: 443 through the NAT gateways or VPC endpoints), nothing else.
resource "aws_security_group" "rotation" {
  name_prefix = "${var.identifier}-rotation-"
  description = "Rotation function of ${var.identifier}: the database and the AWS APIs only"
  vpc_id      = var.vpc_id
  tags        = merge(local.tags, { Name = "${var.identifier}-rotation" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_egress_rule" "rotation_to_db" {
  security_group_id            = aws_security_group.rotation.id
  description                  = "${var.engine} on the database"
  ip_protocol                  = "tcp"
  from_port                    = local.port
  to_port                      = local.port
  referenced_security_group_id = module.security_group.id
  tags                         = merge(local.tags, { Name = "${var.identifier}-rotation-to-db" })
}

resource "aws_vpc_security_group_egress_rule" "rotation_to_apis" {
  #checkov:skip=CKV_AWS_382:HTTPS to the regional AWS APIs (Secrets Manager, ECS), whose addresses are not fixed; only port 443.
  security_group_id = aws_security_group.rotation.id
  description       = "HTTPS to the AWS APIs"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
  tags              = merge(local.tags, { Name = "${var.identifier}-rotation-to-apis" })
}

resource "aws_vpc_security_group_ingress_rule" "from_rotation" {
  security_group_id            = module.security_group.id
  description                  = "${var.engine} from the rotation function"
  ip_protocol                  = "tcp"
  from_port                    = local.port
  to_port                      = local.port
  referenced_security_group_id = aws_security_group.rotation.id
  tags                         = merge(local.tags, { Name = "${var.identifier}-db-from-rotation" })
}

# --- its role: the two secrets, its log group, its ENIs, the one service ---------

resource "aws_iam_role" "rotation" {
  name_prefix = "${substr(var.identifier, 0, 24)}-db-rot-"
  description = "Rotation function of ${var.identifier}: the WordPress secret, reading the master secret"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "lambda.amazonaws.com" }
    }]
  })
  tags = local.tags
}

resource "aws_iam_role_policy" "rotation" {
  #checkov:skip=CKV_AWS_290:The ec2 network interface actions of a VPC function and GetRandomPassword have no resource-level permissions.
  #checkov:skip=CKV_AWS_355:Same: only those actions use "*"; everything else names its resource.
  name = "rotate-wordpress-secret"
  role = aws_iam_role.rotation.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(
      [
        {
          Sid      = "RotateWordPressSecret"
          Effect   = "Allow"
          Action   = ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue", "secretsmanager:UpdateSecretVersionStage"]
          Resource = [aws_secretsmanager_secret.app.arn]
        },
        {
          Sid      = "ReadMasterSecret"
          Effect   = "Allow"
          Action   = ["secretsmanager:GetSecretValue"]
          Resource = [local.master_secret]
        },
        {
          Sid      = "GeneratePasswords"
          Effect   = "Allow"
          Action   = ["secretsmanager:GetRandomPassword"]
          Resource = "*"
        },
        {
          Sid      = "WriteOwnLogs"
          Effect   = "Allow"
          Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
          Resource = "${aws_cloudwatch_log_group.rotation.arn}:log-stream:*"
        },
        {
          Sid    = "VpcNetworkInterfaces"
          Effect = "Allow"
          Action = [
            "ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DeleteNetworkInterface",
            "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses",
          ]
          Resource = "*"
        },
      ],
      var.master_user_secret_kms_key_id == null ? [] : [{
        Sid       = "SecretsKey"
        Effect    = "Allow"
        Action    = ["kms:Decrypt", "kms:GenerateDataKey"]
        Resource  = [var.master_user_secret_kms_key_id]
        Condition = { StringLike = { "kms:ViaService" = "secretsmanager.*.amazonaws.com" } }
      }],
      local.roll ? [{
        Sid      = "RollWordPressService"
        Effect   = "Allow"
        Action   = ["ecs:UpdateService"]
        Resource = [local.roll_service_arn]
      }] : [],
    )
  })
}
