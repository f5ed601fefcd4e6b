# Backend of the wordpress stack in "test" (same bucket as the base stack).
key          = "wordpress-ecs/test/wordpress.tfstate"
encrypt      = true
use_lockfile = true
