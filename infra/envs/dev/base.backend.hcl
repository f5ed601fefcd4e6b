# Backend of the base stack in "dev". The bucket and its region come from
# TF_STATE_BUCKET and TF_STATE_REGION (see infra/stacks/run.sh).
key          = "wordpress-ecs/dev/base.tfstate"
encrypt      = true
use_lockfile = true
