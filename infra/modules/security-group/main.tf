resource "aws_security_group" "this" {
  name_prefix = "${var.name}-"
  description = var.description
  vpc_id      = var.vpc_id
  tags        = merge(var.tags, { Name = var.name })

  lifecycle {
    create_before_destroy = true
  }
}

# One rule per allowed source group; no egress rule at all (the services behind
# these groups only answer, and security groups are stateful).
resource "aws_vpc_security_group_ingress_rule" "from_source" {
  for_each = var.allowed_security_group_ids

  security_group_id            = aws_security_group.this.id
  description                  = "${var.service} from ${each.key}"
  ip_protocol                  = "tcp"
  from_port                    = var.port
  to_port                      = var.port
  referenced_security_group_id = each.value
  tags                         = merge(var.tags, { Name = "${var.name}-from-${each.key}" })
}
