# awsvpc only: the tasks' own security group. Port 80 from the load balancer;
# out to the AWS APIs and the internet through NAT (ECR, Secrets Manager,
# WordPress updates) and to EFS, the database and the object cache inside the VPC.
resource "aws_security_group" "tasks" {
  #checkov:skip=CKV2_AWS_5:Attached to the ECS service's ENIs by the wordpress stack (network_configuration), a separate root module checkov cannot follow.
  count = local.awsvpc ? 1 : 0

  name_prefix = "${local.name}-tasks-"
  description = "WordPress tasks of ${local.name} (awsvpc): HTTP from the load balancer only"
  vpc_id      = module.network.vpc_id
  tags        = { Name = "${local.name}-tasks" }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "tasks_http_from_alb" {
  #checkov:skip=CKV_AWS_260:The source is the load balancer's security group (referenced_security_group_id), not 0.0.0.0/0.
  count = local.awsvpc ? 1 : 0

  security_group_id            = aws_security_group.tasks[0].id
  description                  = "HTTP from the load balancer"
  ip_protocol                  = "tcp"
  from_port                    = 80
  to_port                      = 80
  referenced_security_group_id = module.load_balancer.alb_security_group_id
}

resource "aws_vpc_security_group_egress_rule" "tasks_https" {
  count = local.awsvpc ? 1 : 0

  security_group_id = aws_security_group.tasks[0].id
  description       = "HTTPS out: ECR, Secrets Manager, CloudWatch Logs, WordPress updates"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_vpc_security_group_egress_rule" "tasks_in_vpc" {
  for_each = local.awsvpc ? merge({ nfs = 2049, database = 3306 }, var.cache_enabled ? { cache = 6379 } : {}) : {}

  security_group_id = aws_security_group.tasks[0].id
  description       = "${each.key} inside the VPC"
  ip_protocol       = "tcp"
  from_port         = each.value
  to_port           = each.value
  cidr_ipv4         = module.network.vpc_cidr
}
