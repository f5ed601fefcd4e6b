# Backend of the base stack in "prod". The bucket and its region come from
# TF_STATE_BUCKET and TF_STATE_REGION (see infra/stacks/run.sh).
key          = "wordpress-ecs/prod/base.tfstate"
encrypt      = true
use_lockfile = true
