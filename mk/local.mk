##@ Local stack (Docker: HAProxy + WordPress replicas + MariaDB + mail capture, no AWS)

# LOCAL_PROJECT (the compose project of `make up`), PORT, REPLICAS, CACHE_TTL:
# settings.env. Backups go here (git-ignored); restore reads FILE=.
BACKUP_DIR ?= $(ROOT)/backups

local-env = LOCAL_PROJECT='$(LOCAL_PROJECT)' IMAGE='$(IMAGE)' VERSION='$(VERSION)' \
  PORT='$(PORT)' REPLICAS='$(REPLICAS)' CACHE_TTL='$(CACHE_TTL)' BACKUP_DIR='$(BACKUP_DIR)'

# The WordPress image, built only when it is missing; before it, what the
# local stack needs (Debian packages, dockerd, the base OS image): quick when present.
.PHONY: local-images
local-images: local-check
	$(check-version)
	@tools/deps.sh --local
	@docker image inspect '$(IMAGE):$(VERSION)' >/dev/null 2>&1 || $(MAKE) build VERSION='$(VERSION)'

# PORT and REPLICAS are checked before anything is built.
.PHONY: local-check
local-check:
	@$(local-env) local/stack.sh check

.PHONY: up
up: local-images ## Start the local stack on http://127.0.0.1:$PORT with REPLICAS replicas (values: Settings below); builds what is missing
	@$(local-env) local/stack.sh up

.PHONY: down
down: ## Stop the local stack, keeping its data (database and wp-content volumes)
	@$(local-env) local/stack.sh down

.PHONY: clean
clean: ## Remove the local stack with its data and generated secrets
	@$(local-env) local/stack.sh clean

.PHONY: local-status
local-status: ## Show the local stack's containers and the load balancer's view of the replicas
	@$(local-env) local/stack.sh status

.PHONY: mail
mail: ## List the mail the local stack's capture service caught: time, from, to, subject, one line each
	@$(local-env) local/stack.sh mail

.PHONY: deploy-local
deploy-local: local-images ## Rolling update of the local stack to VERSION=tag, one replica at a time, no downtime
	@$(local-env) local/stack.sh deploy

.PHONY: backup
backup: ## Back up the local stack (database dump + wp-content, manifest, checksums) into backups/ (BACKUP_DIR=)
	@$(local-env) local/backup.sh

.PHONY: restore
restore: ## Restore a backup into the running local stack: make restore FILE=backups/....tar
	@$(if $(FILE),,$(error FILE is not set: make restore FILE=backups/<name>.tar))
	@$(local-env) local/restore.sh '$(FILE)'

# The upgrade test rolls a site made on UPGRADE_FROM_SUITE's WordPress (Debian's
# package) to UPGRADE_TO_SUITE's, both built from this checkout on the current base.
UPGRADE_FROM_SUITE ?= $(PREVIOUS_DEBIAN_RELEASE)
UPGRADE_TO_SUITE   ?= $(DEBIAN_RELEASE)
upgrade-env = IMAGE='$(IMAGE)' VERSION='$(VERSION)' BASE_IMAGE='$(BASE_IMAGE)' TIMEZONE='$(TIMEZONE)' \
  UPGRADE_FROM_SUITE='$(UPGRADE_FROM_SUITE)' UPGRADE_TO_SUITE='$(UPGRADE_TO_SUITE)' MAKE='$(MAKE)'

# Built only when missing, tagged by what goes into them (tests/local/upgrade-images.sh).
.PHONY: local-upgrade-images
local-upgrade-images: local-images ## Build the upgrade test's two images (WordPress of UPGRADE_FROM_SUITE and UPGRADE_TO_SUITE) when missing
	@$(upgrade-env) tests/local/upgrade-images.sh >/dev/null

.PHONY: test-unit-local
test-unit-local: ## Local stack static checks: shellcheck of its scripts, the compose file as compose reads it, bad settings refused
	@shellcheck -x local/*.sh local/db/*.sh local/redis/*.sh local/lb/lb-state bench/*.sh tests/local/*.sh
	@d=$$(mktemp -d) && touch "$$d/db.env" "$$d/wordpress.env" "$$d/mail.env" "$$d/wordpress-smtp.env" "$$d/redis.env" && \
	  WPECS_STATE_DIR="$$d" IMAGE=x VERSION=x WPECS_DRAIN_TIMEOUT=1 WPECS_STOP_GRACE=11s WPECS_LB_IMAGE=x WPECS_DB_IMAGE=x WPECS_MAIL_IMAGE=x WPECS_REDIS_IMAGE=x \
	  docker-compose -p wpecs-config-check -f local/docker-compose.yml config -q; rc=$$?; rm -rf "$$d"; exit $$rc
	@tests/local/bad-input.sh
	@echo "local: shellcheck, compose config and bad-settings checks passed"

.PHONY: test-local
test-local: test-unit-local local-images ## Local stack tests against real containers: browser install, cache, rolling update under load, faults, seeding, upgrade, backup
	@# The upgrade test builds its two images itself when it runs (upgrade-env).
	@$(upgrade-env) WPECS_ROOT='$(ROOT)' \
	  python -m pytest -p no:cacheprovider -v -rA tests/local $(PYTEST_ARGS)

.PHONY: bench-object-cache
bench-object-cache: local-images ## Benchmark: the Redis object cache vs none, uncached anonymous page and logged-in wp-admin/, same run
	@IMAGE='$(IMAGE)' VERSION='$(VERSION)' bench/object-cache.sh

.PHONY: bench-local
bench-local: local-images ## Benchmark: LB hop, cached vs uncached page, cache vs static file (wrk on 127.0.0.1)
	@IMAGE='$(IMAGE)' VERSION='$(VERSION)' bench/local.sh
