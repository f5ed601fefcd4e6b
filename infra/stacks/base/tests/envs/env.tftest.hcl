# Plans the whole base stack with each environment's settings: `infra/stacks/unit.sh
# envs` runs this file once per environment with -var-file of that
# environment's base.tfvars, so every env's settings pass every module's
# validation and give the intended shape. The AWS mocks are those of
# ../stack.tftest.hcl, their one home: unit.sh puts its mock_provider blocks
# and this file's runs into one test file (OpenTofu 1.10's mock_provider cannot
# be shared between files). Kept below tests/ so that a plain `tofu test`,
# which has no env's tfvars, does not pick it up.

# environment and everything else come from the env's base.tfvars
# (file-level variables here would take precedence over -var-file).
variables {
  region = "xx-test-1"
}

run "plans_with_the_given_settings" {
  command = plan

  assert {
    condition     = length(local.azs) == (length(var.azs) > 0 ? length(var.azs) : var.az_count)
    error_message = "the stack uses az_count zones (or the azs given)"
  }
  assert {
    condition     = length(module.network.nat_gateway_ids) == (var.single_nat_gateway ? 1 : length(local.azs))
    error_message = "one NAT gateway per AZ, or one with single_nat_gateway"
  }
  assert {
    condition     = length(module.network.private_subnet_ids) == length(local.azs) && length(module.network.public_subnet_ids) == length(local.azs)
    error_message = "a public and a private subnet per AZ"
  }
  assert {
    condition     = var.environment != "prod" || (length(local.azs) >= 3 && !var.single_nat_gateway && var.db_multi_az && var.db_deletion_protection && var.db_backup_retention_period >= 7)
    error_message = "prod: 3 AZs, a NAT gateway per AZ, Multi-AZ database with deletion protection and 7+ days of backups"
  }
  assert {
    condition     = length(aws_security_group.tasks) == (var.network_mode == "awsvpc" ? 1 : 0)
    error_message = "a task security group exists only in awsvpc mode"
  }
  assert {
    condition     = length(module.cache) == (var.cache_enabled ? 1 : 0) && (var.environment != "prod" || (var.cache_enabled && var.cache_multi_az))
    error_message = "the object cache exists only with cache_enabled; prod has one, Multi-AZ"
  }
  assert {
    condition     = var.environment != "test" || (var.cache_enabled && var.cache_multi_az)
    error_message = "test turns every flag on (the object cache, Multi-AZ), so make test-aws applies it"
  }
}

run "awsvpc_mode_adds_a_task_security_group" {
  command = plan

  variables {
    network_mode = "awsvpc"
  }

  assert {
    condition     = length(aws_security_group.tasks) == 1 && aws_vpc_security_group_ingress_rule.tasks_http_from_alb[0].from_port == 80
    error_message = "awsvpc tasks get their own group, open on 80 from the load balancer"
  }
  assert {
    condition     = contains(keys(aws_vpc_security_group_egress_rule.tasks_in_vpc), "cache") == var.cache_enabled
    error_message = "awsvpc tasks may reach the object cache's port exactly when there is one"
  }
}
