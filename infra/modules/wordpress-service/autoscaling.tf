# Target tracking on the service's task count. The service ignores
# desired_count after creation, so this and OpenTofu never fight.
locals {
  scaling_min = coalesce(var.autoscaling.min_capacity, var.desired_count)
}

resource "aws_appautoscaling_target" "this" {
  count = var.autoscaling.enabled ? 1 : 0

  service_namespace  = "ecs"
  scalable_dimension = "ecs:service:DesiredCount"
  resource_id        = "service/${local.cluster_name}/${aws_ecs_service.this.name}"
  min_capacity       = local.scaling_min
  max_capacity       = var.autoscaling.max_capacity
  tags               = local.tags

  lifecycle {
    precondition {
      condition     = var.autoscaling.max_capacity >= local.scaling_min
      error_message = "autoscaling.max_capacity must be at least autoscaling.min_capacity (which defaults to desired_count)."
    }
  }
}

resource "aws_appautoscaling_policy" "cpu" {
  count = var.autoscaling.enabled ? 1 : 0

  name               = "${var.name}-cpu"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.this[0].service_namespace
  scalable_dimension = aws_appautoscaling_target.this[0].scalable_dimension
  resource_id        = aws_appautoscaling_target.this[0].resource_id

  target_tracking_scaling_policy_configuration {
    target_value       = var.autoscaling.cpu_target
    scale_in_cooldown  = var.autoscaling.scale_in_cooldown
    scale_out_cooldown = var.autoscaling.scale_out_cooldown

    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageCPUUtilization"
    }
  }
}

resource "aws_appautoscaling_policy" "requests" {
  count = var.autoscaling.enabled && var.autoscaling.requests_per_target != null ? 1 : 0

  name               = "${var.name}-requests"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.this[0].service_namespace
  scalable_dimension = aws_appautoscaling_target.this[0].scalable_dimension
  resource_id        = aws_appautoscaling_target.this[0].resource_id

  target_tracking_scaling_policy_configuration {
    target_value       = var.autoscaling.requests_per_target
    scale_in_cooldown  = var.autoscaling.scale_in_cooldown
    scale_out_cooldown = var.autoscaling.scale_out_cooldown

    predefined_metric_specification {
      predefined_metric_type = "ALBRequestCountPerTarget"
      resource_label         = "${coalesce(var.load_balancer_arn_suffix, "-")}/${coalesce(var.target_group_arn_suffix, "-")}"
    }
  }

  lifecycle {
    precondition {
      condition     = var.load_balancer_arn_suffix != null && var.target_group_arn_suffix != null
      error_message = "autoscaling.requests_per_target needs load_balancer_arn_suffix and target_group_arn_suffix."
    }
  }
}
