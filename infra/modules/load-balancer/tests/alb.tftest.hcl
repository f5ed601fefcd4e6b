# Load balancer, target group, listeners and security group, with the AWS API
# mocked.

mock_provider "aws" {
  # The provider checks ARN syntax even with mocked values.
  mock_resource "aws_lb" {
    defaults = {
      arn        = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/wpecs-test/0123456789abcdef"
      arn_suffix = "app/wpecs-test/0123456789abcdef"
      dns_name   = "wpecs-test-123456789.eu-west-1.elb.amazonaws.com"
    }
  }
  mock_resource "aws_lb_target_group" {
    defaults = {
      arn        = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/wpecs-1234/0123456789abcdef"
      arn_suffix = "targetgroup/wpecs-1234/0123456789abcdef"
    }
  }
  mock_resource "aws_lb_listener" {
    defaults = { arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/wpecs-test/0123456789abcdef/0123456789abcdef" }
  }
  mock_resource "aws_security_group" {
    defaults = { id = "sg-0aaaaaaaaaaaaaaaa" }
  }
}

variables {
  name       = "wpecs-test"
  vpc_id     = "vpc-0123456789abcdef0"
  vpc_cidr   = "10.0.0.0/16"
  subnet_ids = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2", "subnet-0aaaaaaaaaaaaaaa3"]
}

run "http_only_without_certificate" {
  command = apply

  assert {
    condition     = aws_lb.this.load_balancer_type == "application" && !aws_lb.this.internal && jsonencode(aws_lb.this.subnets) == jsonencode(toset(var.subnet_ids))
    error_message = "The ALB must be internet-facing in the given public subnets."
  }

  assert {
    condition     = aws_lb.this.drop_invalid_header_fields && aws_lb.this.enable_deletion_protection && aws_lb.this.idle_timeout == 60
    error_message = "The ALB must drop invalid headers, be deletion-protected and use a 60 s idle timeout by default."
  }

  assert {
    condition     = !anytrue([for l in aws_lb.this.access_logs : l.enabled])
    error_message = "Access logs must be off without an access_logs bucket."
  }

  assert {
    condition     = aws_lb_target_group.this.target_type == "instance" && aws_lb_target_group.this.port == 80 && aws_lb_target_group.this.protocol == "HTTP"
    error_message = "The target group must default to instance targets on HTTP port 80 (bridge mode, dynamic host ports)."
  }

  assert {
    condition     = aws_lb_target_group.this.health_check[0].path == "/healthz/app" && aws_lb_target_group.this.health_check[0].matcher == "200" && aws_lb_target_group.this.health_check[0].port == "traffic-port"
    error_message = "The health check must ask /healthz/app (deploy verification: WordPress loads) on the traffic port and accept only 200."
  }

  assert {
    condition     = aws_lb_target_group.this.health_check[0].interval == 10 && aws_lb_target_group.this.health_check[0].healthy_threshold == 2 && aws_lb_target_group.this.health_check[0].unhealthy_threshold == 3
    error_message = "Health check timing must default to every 10 s, healthy after 2, unhealthy after 3."
  }

  assert {
    condition     = tonumber(aws_lb_target_group.this.deregistration_delay) == 120
    error_message = "The deregistration delay must default to 120 s, the longest request PHP-FPM lets run (request_terminate_timeout), so a request in flight finishes."
  }

  assert {
    condition     = aws_lb_listener.http.port == 80 && aws_lb_listener.http.default_action[0].type == "forward" && aws_lb_listener.http.default_action[0].target_group_arn == aws_lb_target_group.this.arn
    error_message = "Without a certificate the HTTP listener must forward to the target group."
  }

  assert {
    condition     = length(aws_lb_listener.https) == 0 && output.https_listener_arn == null
    error_message = "Without a certificate there must be no HTTPS listener and https_listener_arn must be null."
  }

  assert {
    condition     = toset([for r in aws_vpc_security_group_ingress_rule.public : r.from_port]) == toset([80])
    error_message = "Without a certificate only port 80 may be open."
  }

  assert {
    condition     = output.alb_arn_suffix == "app/wpecs-test/0123456789abcdef" && output.target_group_arn_suffix == "targetgroup/wpecs-1234/0123456789abcdef" && output.alb_security_group_id == aws_security_group.this.id && output.url == "http://wpecs-test-123456789.eu-west-1.elb.amazonaws.com"
    error_message = "Outputs must expose the ARN suffixes for CloudWatch, the security group and the site URL."
  }
}

run "https_with_certificate" {
  command = apply

  variables {
    certificate_arn = "arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555"
  }

  assert {
    condition     = aws_lb_listener.http.default_action[0].type == "redirect" && aws_lb_listener.http.default_action[0].redirect[0].protocol == "HTTPS" && aws_lb_listener.http.default_action[0].redirect[0].port == "443" && aws_lb_listener.http.default_action[0].redirect[0].status_code == "HTTP_301"
    error_message = "With a certificate the HTTP listener must redirect (301) to HTTPS on 443."
  }

  assert {
    condition     = length(aws_lb_listener.https) == 1 && aws_lb_listener.https[0].port == 443 && aws_lb_listener.https[0].protocol == "HTTPS" && aws_lb_listener.https[0].certificate_arn == var.certificate_arn
    error_message = "With a certificate there must be an HTTPS listener on 443 using it."
  }

  assert {
    condition     = aws_lb_listener.https[0].ssl_policy == "ELBSecurityPolicy-TLS13-1-2-2021-06"
    error_message = "The HTTPS listener must use the TLS 1.3/1.2 policy."
  }

  assert {
    condition     = aws_lb_listener.https[0].default_action[0].type == "forward" && aws_lb_listener.https[0].default_action[0].target_group_arn == aws_lb_target_group.this.arn
    error_message = "The HTTPS listener must forward to the target group."
  }

  assert {
    condition     = output.https_listener_arn == aws_lb_listener.https[0].arn && startswith(output.url, "https://")
    error_message = "https_listener_arn and url must reflect the HTTPS listener."
  }

  assert {
    condition     = toset([for r in aws_vpc_security_group_ingress_rule.public : r.from_port]) == toset([80, 443])
    error_message = "With a certificate ports 80 and 443 must be open."
  }
}

run "security_group_opens_only_80_and_443_to_the_world" {
  command = apply

  variables {
    certificate_arn = "arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555"
  }

  assert {
    condition     = length(aws_vpc_security_group_ingress_rule.public) == 4
    error_message = "Ports 80 and 443 from 0.0.0.0/0 and ::/0 must give exactly 4 ingress rules."
  }

  assert {
    condition = alltrue([for r in aws_vpc_security_group_ingress_rule.public :
      r.ip_protocol == "tcp" && r.from_port == r.to_port && contains([80, 443], r.from_port) && r.security_group_id == aws_security_group.this.id
    ])
    error_message = "Every ingress rule must open exactly one port, 80 or 443, over TCP."
  }

  assert {
    condition     = toset(compact([for r in aws_vpc_security_group_ingress_rule.public : r.cidr_ipv4])) == toset(["0.0.0.0/0"]) && toset(compact([for r in aws_vpc_security_group_ingress_rule.public : r.cidr_ipv6])) == toset(["::/0"])
    error_message = "Ingress must come from the default allowed ranges 0.0.0.0/0 and ::/0."
  }

  assert {
    condition     = aws_vpc_security_group_egress_rule.targets.cidr_ipv4 == "10.0.0.0/16" && aws_vpc_security_group_egress_rule.targets.cidr_ipv6 == null && aws_vpc_security_group_egress_rule.targets.ip_protocol == "tcp"
    error_message = "Egress must go only to the VPC CIDR over TCP."
  }
}

run "restricted_clients" {
  command = plan

  variables {
    allowed_ipv4_cidrs = ["203.0.113.0/24", "198.51.100.7/32"]
    allowed_ipv6_cidrs = []
  }

  assert {
    condition     = toset([for r in aws_vpc_security_group_ingress_rule.public : r.cidr_ipv4]) == toset(["203.0.113.0/24", "198.51.100.7/32"]) && length(aws_vpc_security_group_ingress_rule.public) == 2
    error_message = "Only the allowed ranges may reach port 80."
  }
}

run "awsvpc_targets_and_settings" {
  command = plan

  variables {
    target_type          = "ip"
    deregistration_delay = 5
    slow_start           = 60
    idle_timeout         = 300
    deletion_protection  = false
    health_check         = { interval = 30, unhealthy_threshold = 5 }
    access_logs          = { bucket = "wpecs-test-alb-logs", prefix = "alb" }
    tags                 = { Env = "test" }
  }

  assert {
    condition     = aws_lb_target_group.this.target_type == "ip" && tonumber(aws_lb_target_group.this.deregistration_delay) == 5 && aws_lb_target_group.this.slow_start == 60
    error_message = "target_type, deregistration_delay and slow_start must reach the target group."
  }

  assert {
    condition     = aws_lb_target_group.this.health_check[0].interval == 30 && aws_lb_target_group.this.health_check[0].unhealthy_threshold == 5 && aws_lb_target_group.this.health_check[0].path == "/healthz/app"
    error_message = "Health check settings must be merged with the defaults."
  }

  assert {
    condition     = aws_lb.this.idle_timeout == 300 && !aws_lb.this.enable_deletion_protection
    error_message = "idle_timeout and deletion_protection must reach the ALB."
  }

  assert {
    condition     = aws_lb.this.access_logs[0].bucket == "wpecs-test-alb-logs" && aws_lb.this.access_logs[0].prefix == "alb" && aws_lb.this.access_logs[0].enabled
    error_message = "access_logs must turn on logging to the given bucket."
  }

  assert {
    condition     = aws_lb.this.tags["Env"] == "test" && aws_lb_target_group.this.tags["Name"] == "wpecs-test" && aws_security_group.this.tags["Env"] == "test"
    error_message = "Tags must be merged with Name on every resource."
  }
}

# Contract C1: no health endpoint is reachable from the Internet. Every
# listener answers 404 itself for /healthz and /healthz/*, before its default
# action, and for the non-canonical spellings Apache would map onto them
# (duplicate slashes, dot segments). The target group's own checks go
# straight to the targets and are not affected.
run "health_endpoints_are_not_public_on_http" {
  command = apply

  assert {
    condition     = length(aws_lb_listener_rule.hide_health) == 1 && aws_lb_listener_rule.hide_health["http"].listener_arn == aws_lb_listener.http.arn
    error_message = "Without a certificate the one listener (HTTP) must have the rule hiding the health endpoints."
  }

  assert {
    condition = alltrue([for r in values(aws_lb_listener_rule.hide_health) :
      r.priority == 1 &&
      r.action[0].type == "fixed-response" &&
      r.action[0].fixed_response[0].status_code == "404" &&
      contains(one(one(r.condition).path_pattern).values, "/healthz") &&
      contains(one(one(r.condition).path_pattern).values, "/healthz/*")
    ])
    error_message = "The rule must come first and answer 404 itself for /healthz and /healthz/*."
  }

  assert {
    condition = alltrue([for r in values(aws_lb_listener_rule.hide_health) :
      length(setsubtract(["//*", "*/./*", "*/../*"], one(one(r.condition).path_pattern).values)) == 0
    ])
    error_message = "The rule must also answer 404 for paths Apache normalises onto /healthz (//healthz, /./healthz, /x/../healthz)."
  }
}

run "health_endpoints_are_not_public_on_any_listener" {
  command = apply

  variables {
    certificate_arn = "arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555"
  }

  assert {
    condition     = toset(keys(aws_lb_listener_rule.hide_health)) == toset(["http", "https"]) && aws_lb_listener_rule.hide_health["https"].listener_arn == aws_lb_listener.https[0].arn
    error_message = "With HTTPS both listeners (the redirecting HTTP one too) must hide the health endpoints."
  }

  assert {
    condition = alltrue([for r in values(aws_lb_listener_rule.hide_health) :
      r.action[0].type == "fixed-response" && r.action[0].fixed_response[0].status_code == "404" && one(one(r.condition).path_pattern).values == toset(["/healthz", "/healthz/*", "//*", "*/./*", "*/../*"])
    ])
    error_message = "Every listener must answer 404 for the health paths."
  }
}

run "health_check_thresholds_and_path_are_inputs" {
  command = plan

  variables {
    health_check = { path = "/healthz/live", healthy_threshold = 3, unhealthy_threshold = 4, interval = 15, timeout = 6 }
  }

  assert {
    condition     = aws_lb_target_group.this.health_check[0].path == "/healthz/live" && aws_lb_target_group.this.health_check[0].healthy_threshold == 3 && aws_lb_target_group.this.health_check[0].unhealthy_threshold == 4 && aws_lb_target_group.this.health_check[0].interval == 15 && aws_lb_target_group.this.health_check[0].timeout == 6
    error_message = "health_check must reach the target group."
  }
}
