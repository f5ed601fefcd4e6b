# Plans the wordpress stack with each environment's settings and the base
# stack's outputs given here: `infra/stacks/unit.sh envs` runs this file once
# per environment with -var-file of that environment's wordpress.tfvars. The
# AWS mocks and the outputs every base state has had are those of
# ../wiring.tftest.hcl, their one home: unit.sh writes its mock_provider blocks
# and this file, with those outputs in place of the INSERT line, into one test
# file (OpenTofu 1.10 shares neither a mock_provider nor literal values
# between files). Kept below tests/ so
# that a plain `tofu test`, which has no env's tfvars, does not pick it up.

# A base state written before the newer outputs (environment, region,
# architecture, lb_*, site_url, cache_*, mail, exec_*): every environment's
# settings still plan against it. Without environment and region the
# same_environment_as_base check compares nothing here (tests/wiring.tftest.hcl
# covers it, against the newest base state).
override_data {
  target = data.terraform_remote_state.base
  values = {
    outputs = {
      # `infra/stacks/unit.sh envs` puts here the lines of ../wiring.tftest.hcl
      # between its "BEGIN outputs every base state has had" and END lines.
      # INSERT outputs every base state has had
    }
  }
}

# environment and base_state_key come from the env's wordpress.tfvars
# (file-level variables here would take precedence over -var-file).
variables {
  region       = "xx-test-1"
  state_bucket = "wpecs-tfstate-test"
  image_tag    = "1.2.3"
}

run "plans_with_the_given_settings" {
  command = plan

  assert {
    condition     = output.image == "123456789012.dkr.ecr.xx-test-1.amazonaws.com/wpecs/dev/wordpress:1.2.3"
    error_message = "the image is the base stack's repository with image_tag"
  }
  assert {
    condition     = var.environment != "prod" || var.desired_count >= 2
    error_message = "prod runs at least two tasks"
  }
}

# The base state above lacks the newer outputs: the ALB defaults, the base
# URL and x86_64 stand in, and the optional parts stay off.
run "plans_against_an_older_base_state" {
  command = plan

  assert {
    condition     = module.wordpress.architecture == "x86_64"
    error_message = "a base state without the architecture output had x86_64 instances"
  }
  assert {
    condition     = module.wordpress.container_environment["WPECS_KEEPALIVE_TIMEOUT"] == "65"
    error_message = "without lb_idle_timeout the ALB default (60 s) + 5 applies"
  }
  assert {
    condition     = module.wordpress.container_environment["WORDPRESS_SITE_URL"] == "http://wpecs-dev-1.xx-test-1.elb.amazonaws.com"
    error_message = "without site_url the base stack's url is the site URL"
  }
  assert {
    condition     = !strcontains(module.wordpress.container_definitions, "WPECS_SMTP_")
    error_message = "a base state without the mail output leaves PHP's mail() (no WPECS_SMTP_* setting)"
  }
  assert {
    condition     = !output.exec_enabled
    error_message = "a base state without the exec outputs leaves ECS Exec off"
  }
  assert {
    condition     = length([for k in keys(module.wordpress.container_environment) : k if startswith(k, "WPECS_REDIS_")]) == 0
    error_message = "without the cache outputs no WPECS_REDIS_* setting: WordPress's per-request cache"
  }
}

run "rejects_a_bad_image_tag" {
  command = plan
  variables {
    image_tag = "no spaces"
  }
  expect_failures = [var.image_tag]
}

# prod never runs fewer than two tasks: one instance or AZ lost, or a
# deployment in progress, must not take the site down.
run "prod_refuses_one_task" {
  command = plan
  variables {
    environment   = "prod"
    desired_count = 1
  }
  expect_failures = [var.desired_count]
}

run "prod_refuses_scaling_down_to_one" {
  command = plan
  variables {
    environment              = "prod"
    desired_count            = 2
    autoscaling_min_capacity = 1
  }
  expect_failures = [var.autoscaling_min_capacity]
}

run "no_environment_refuses_zero_tasks" {
  command = plan
  variables {
    environment   = "dev"
    desired_count = 0
  }
  expect_failures = [var.desired_count]
}
