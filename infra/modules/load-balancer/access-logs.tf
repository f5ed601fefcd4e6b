################################################################################
# Access logs: a bucket of the module's own when access_logs gives no bucket.
################################################################################

data "aws_elb_service_account" "this" {
  count = local.create_log_bucket ? 1 : 0
}

data "aws_caller_identity" "this" {
  count = local.create_log_bucket ? 1 : 0
}

locals {
  create_log_bucket = var.access_logs != null && try(var.access_logs.bucket, null) == null
  # Where the load balancer writes: <prefix>/AWSLogs/<account>/...
  log_object_arn = local.create_log_bucket ? "${aws_s3_bucket.access_logs[0].arn}/${var.access_logs.prefix == null ? "" : "${var.access_logs.prefix}/"}AWSLogs/${data.aws_caller_identity.this[0].account_id}/*" : null
}

resource "aws_s3_bucket" "access_logs" {
  #checkov:skip=CKV_AWS_145:ALB access log delivery supports SSE-S3 only, not SSE-KMS; the bucket is encrypted with SSE-S3.
  #checkov:skip=CKV_AWS_18:This is the log bucket; logging its own access would need another bucket with the same question.
  #checkov:skip=CKV_AWS_144:Access logs are operational data that expire after access_logs.expiration_days; a replica in a second region is not worth its cost here.
  #checkov:skip=CKV2_AWS_62:Nothing consumes events of the log bucket.
  #checkov:skip=CKV_AWS_21:Log objects are written once and expire; versions would only keep expired logs longer.
  count = local.create_log_bucket ? 1 : 0

  bucket_prefix = "${var.name}-alb-logs-"
  force_destroy = var.access_logs.force_destroy

  tags = local.tags
}

resource "aws_s3_bucket_ownership_controls" "access_logs" {
  count = local.create_log_bucket ? 1 : 0

  bucket = aws_s3_bucket.access_logs[0].id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "access_logs" {
  count = local.create_log_bucket ? 1 : 0

  bucket                  = aws_s3_bucket.access_logs[0].id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "access_logs" {
  count = local.create_log_bucket ? 1 : 0

  bucket = aws_s3_bucket.access_logs[0].id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "access_logs" {
  count = local.create_log_bucket ? 1 : 0

  bucket = aws_s3_bucket.access_logs[0].id

  rule {
    id     = "expire-access-logs"
    status = "Enabled"

    filter {}

    expiration {
      days = var.access_logs.expiration_days
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }
}

# Log delivery writes as the service principal (regions since August 2022)
# or as the region's ELB account (older regions); both only below this
# account's AWSLogs path. Nothing without TLS.
resource "aws_s3_bucket_policy" "access_logs" {
  count = local.create_log_bucket ? 1 : 0

  bucket = aws_s3_bucket.access_logs[0].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "LogDeliveryService"
        Effect    = "Allow"
        Principal = { Service = "logdelivery.elasticloadbalancing.amazonaws.com" }
        Action    = "s3:PutObject"
        Resource  = local.log_object_arn
      },
      {
        Sid       = "RegionalElbAccount"
        Effect    = "Allow"
        Principal = { AWS = data.aws_elb_service_account.this[0].arn }
        Action    = "s3:PutObject"
        Resource  = local.log_object_arn
      },
      {
        Sid       = "DenyWithoutTls"
        Effect    = "Deny"
        Principal = { AWS = "*" }
        Action    = "s3:*"
        Resource  = [aws_s3_bucket.access_logs[0].arn, "${aws_s3_bucket.access_logs[0].arn}/*"]
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
    ]
  })

  # A public access block first: a policy put before it could be public.
  depends_on = [aws_s3_bucket_public_access_block.access_logs]
}
