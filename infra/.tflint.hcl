# tflint for every module and stack under infra/ (run by infra/stacks/unit.sh).
config {
  call_module_type = "local"
}

plugin "terraform" {
  enabled = true
  preset  = "recommended"
}

# The AWS ruleset is installed as a local plugin (tools/install-tflint.sh).
plugin "aws" {
  enabled = true
}
