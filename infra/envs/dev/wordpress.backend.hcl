# Backend of the wordpress stack in "dev" (same bucket as the base stack).
key          = "wordpress-ecs/dev/wordpress.tfstate"
encrypt      = true
use_lockfile = true
