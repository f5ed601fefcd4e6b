# Backend of the wordpress stack in "prod" (same bucket as the base stack).
key          = "wordpress-ecs/prod/wordpress.tfstate"
encrypt      = true
use_lockfile = true
