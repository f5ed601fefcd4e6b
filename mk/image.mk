# The WordPress container image: Packer (docker builder) + Ansible, two stages.
# Logic lives in image/packer/build.sh; this file is
# the entry point and the settings.

##@ Image

# WORDPRESS_SOURCE (settings.env: local, offline from Debian's wordpress
# package; archive, the upstream release WORDPRESS_VERSION, needs internet and
# its pinned digest):
#   make build WORDPRESS_SOURCE=archive WORDPRESS_CHECKSUM=sha256:<digest>
# The archive's digest has no default: whoever builds pins it.
WORDPRESS_CHECKSUM ?=
# Archive URL override (a mirror); empty: wordpress.org's URL for WORDPRESS_VERSION.
WORDPRESS_URL      ?=
# BASE_IMAGE, BASE_REPOSITORY, TIMEZONE (settings.env): the Debian image the
# base stage starts from, the base stage's repository, the image's time zone.
# The base of an ARCH=arm64 build: the project's own base gets its -arm64
# sibling (tools/base-image.sh --arch arm64); a registry image is pulled for
# linux/arm64 under the same name.
BUILD_BASE_IMAGE    = $(if $(filter arm64,$(ARCH)),$(if $(filter wordpress-ecs/%,$(BASE_IMAGE)),$(BASE_IMAGE)-arm64,$(BASE_IMAGE)),$(BASE_IMAGE))

IMAGE_ENV = IMAGE='$(IMAGE)' VERSION='$(VERSION)' PUSH='$(PUSH)' ARCH='$(ARCH)' \
  BASE_IMAGE='$(BUILD_BASE_IMAGE)' BASE_REPOSITORY='$(BASE_REPOSITORY)' \
  WORDPRESS_SOURCE='$(WORDPRESS_SOURCE)' WORDPRESS_VERSION='$(WORDPRESS_VERSION)' \
  WORDPRESS_CHECKSUM='$(WORDPRESS_CHECKSUM)' WORDPRESS_URL='$(WORDPRESS_URL)' TIMEZONE='$(TIMEZONE)' \
  ECR_REPOSITORY_URL='$(ECR_REPOSITORY_URL)' WP_INIT='$(ROOT)/$(INIT_OUT)/wp-init'

# PUSH=1 needs the ECR repository and region, checked before anything is built.
check-push = $(if $(filter 1,$(PUSH)),$(if $(ECR_REPOSITORY_URL),,$(error PUSH=1 needs ECR_REPOSITORY_URL (<account>.dkr.ecr.<region>.amazonaws.com/<name>; see `make infra` outputs)))$(if $(AWS_REGION),,$(error PUSH=1 needs AWS_REGION (the region of the ECR repository))))
check-wordpress-source = $(if $(filter local archive,$(WORDPRESS_SOURCE)),,$(error WORDPRESS_SOURCE='$(WORDPRESS_SOURCE)' must be 'local' (offline, Debian's package) or 'archive' (upstream tarball)))

.PHONY: build
build: ## Build the image IMAGE:VERSION with Packer + Ansible (ARCH=arm64: IMAGE:VERSION-arm64; PUSH=1 also pushes to ECR)
	$(check-version)
	$(check-arch)
	$(check-push)
	$(check-wordpress-source)
	@tools/docker-up.sh
	@$(MAKE) init VERSION='$(VERSION)'
	@$(IMAGE_ENV) image/packer/build.sh

.PHONY: test-unit-image
test-unit-image: test-unit-object-cache ## Image unit checks: ansible-lint, role input checks, packer fmt/validate, shellcheck, the object cache
	@image/tests/unit.sh

.PHONY: test-unit-object-cache
test-unit-object-cache: ## The image's Redis object cache (PHPUnit) against a real redis-server on a free local port
	@command -v phpunit >/dev/null && command -v redis-server >/dev/null && php -r 'exit(class_exists("Redis") ? 0 : 1);' \
	  || { echo "error: phpunit, redis-server and php-redis are needed: run 'make deps'" >&2; exit 1; }
	@# The WordPress tree the image is built from (offline, cached): the stub is
	@# tested under its real loader.
	WPECS_WORDPRESS_TREE="$$(tools/wordpress-source.sh)" phpunit -c image/tests/php/phpunit.xml

.PHONY: test-image
test-image: ## Build the image if missing, then check it from outside against a real MariaDB
	$(check-version)
	@tools/docker-up.sh
	@if ! docker image inspect '$(IMAGE):$(VERSION)' >/dev/null 2>&1; then \
	  echo "==> $(IMAGE):$(VERSION) not built yet: make build"; \
	  $(MAKE) build VERSION='$(VERSION)'; \
	fi
	@# The archive tests build with build/init/wp-init: stamp it with VERSION
	@# (a `make bench` or another VERSION may have left a different one).
	@$(MAKE) --no-print-directory init VERSION='$(VERSION)' >/dev/null
	@IMAGE='$(IMAGE)' VERSION='$(VERSION)' BASE_IMAGE='$(BASE_IMAGE)' \
	  pytest -p no:cacheprovider -v image/tests/test_image.py image/tests/test_hardening.py image/tests/test_mail.py image/tests/test_maint.py image/tests/test_archive_source.py

.PHONY: bench-image
bench-image: ## Benchmark the image against stock Apache + mod_php: size, build times, throughput, p95, start time
	$(check-version)
	@tools/docker-up.sh
	@IMAGE='$(IMAGE)' VERSION='$(VERSION)' BASE_IMAGE='$(BASE_IMAGE)' bench/image.sh

.PHONY: test-arm64
test-arm64: ## arm64 image under qemu: build VERSION-arm64 if missing, then /healthz and a first install against MariaDB (slow; make test runs it with ARCH_TESTS=all)
	$(check-version)
	@tools/docker-up.sh
	@t0=$$(date +%s); \
	if ! docker image inspect '$(IMAGE):$(VERSION)-arm64' >/dev/null 2>&1; then \
	  echo "==> $(IMAGE):$(VERSION)-arm64 not built yet: make build ARCH=arm64"; \
	  $(MAKE) build ARCH=arm64 VERSION='$(VERSION)'; \
	  echo "==> [$$(( $$(date +%s) - t0 ))s] arm64 image built"; \
	fi; \
	state=$$(tools/binfmt.sh up); \
	trap '[ "$$state" != registered ] || tools/binfmt.sh down' EXIT; \
	IMAGE='$(IMAGE)' VERSION='$(VERSION)-arm64' BASE_IMAGE='$(BASE_IMAGE)' \
	  pytest -p no:cacheprovider -v image/tests/test_arm64.py; \
	echo "==> [$$(( $$(date +%s) - t0 ))s] test-arm64 passed"
