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

locals {
  # Target tracking on the service's CPU, and on the load balancer's requests
  # per target when asked (its label names the load balancer and target group).
  scaling_metrics = merge(
    { cpu = { target = var.autoscaling.cpu_target, type = "ECSServiceAverageCPUUtilization", label = null } },
    var.autoscaling.requests_per_target == null ? {} : {
      requests = {
        target = var.autoscaling.requests_per_target
        type   = "ALBRequestCountPerTarget"
        label  = "${coalesce(var.load_balancer_arn_suffix, "-")}/${coalesce(var.target_group_arn_suffix, "-")}"
      }
    },
  )
}

resource "aws_appautoscaling_policy" "target_tracking" {
  for_each = { for k, m in local.scaling_metrics : k => m if var.autoscaling.enabled }

  name               = "${var.name}-${each.key}"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.this[0].service_namespace
  scalable_dimension = aws_appautoscaling_target.this[0].scalable_dimension
  resource_id        = aws_appautoscaling_target.this[0].resource_id

  target_tracking_scaling_policy_configuration {
    target_value       = each.value.target
    scale_in_cooldown  = var.autoscaling.scale_in_cooldown
    scale_out_cooldown = var.autoscaling.scale_out_cooldown

    predefined_metric_specification {
      predefined_metric_type = each.value.type
      resource_label         = each.value.label
    }
  }

  lifecycle {
    precondition {
      condition     = each.key != "requests" || (var.load_balancer_arn_suffix != null && var.target_group_arn_suffix != null)
      error_message = "autoscaling.requests_per_target needs load_balancer_arn_suffix and target_group_arn_suffix."
    }
  }
}
