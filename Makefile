# WordPress on AWS ECS: one entry point for the image, the local stack and AWS.
# `make` (or `make help`) lists the targets. Settings below can be overridden:
#   make build VERSION=1.2.3    make up PORT=9090 REPLICAS=3    make plan ENV=prod

SHELL := bash -o pipefail
.SHELLFLAGS := -ec
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

# The platform's and the tools' versions and the defaults of IMAGE, ARCH,
# PORT, REPLICAS, ... : their one home is settings.env; every name in it is
# exported, so every script and test sees the same. A value on the command
# line wins. From the environment, only make's defaults (settings.env's
# "What `make` builds" paragraph) are taken, and only when not empty: a
# PHP_VERSION or WORDPRESS_VERSION that a shell or a container exports for
# its own use must not change what the image is built from.
SETTINGS_FILE := $(dir $(lastword $(MAKEFILE_LIST)))settings.env
SETTINGS_NAMES := $(shell sed -n 's/^\([A-Z][A-Z0-9_]*\)=.*/\1/p' '$(SETTINGS_FILE)')
MAKE_DEFAULTS := $(shell awk -v RS= '/What .make. builds/' '$(SETTINGS_FILE)' | sed -n 's/^\([A-Z][A-Z0-9_]*\)=.*/\1/p')
settings-from-env := $(foreach n,$(MAKE_DEFAULTS),$(if $(and $(filter environment,$(origin $(n))),$(value $(n))),$(n)))
$(foreach n,$(settings-from-env),$(eval settings-env-$(n) := $$(value $(n))))
include $(SETTINGS_FILE)
$(foreach n,$(settings-from-env),$(eval $(n) := $$(settings-env-$(n))))
export $(SETTINGS_NAMES)

# Settings (override on the command line; the defaults of the others are in settings.env)
VERSION  ?= $(shell git rev-parse --short HEAD 2>/dev/null || echo dev)
VERSION  := $(VERSION)# expand once: a commit during a long make must not change the tag midway
ENV      ?= dev

# Big tool builds are cached in WPECS_CACHE, keyed by version, outside the
# repository; TOFU, TFLINT, TERRAFORM_DOCS are the builds there. tools/lib.sh
# holds their defaults (it honours XDG_CACHE_HOME and values from the
# environment); a value on the command line wins.
tool-paths := $(shell WPECS_CACHE='$(WPECS_CACHE)' TOFU_VERSION='$(TOFU_VERSION)' bash -c 'source "$$1" && tool_paths' - '$(dir $(SETTINGS_FILE))tools/lib.sh')
$(if $(tool-paths),,$(error tools/lib.sh gave make no tool paths (see the error above)))
$(foreach v,$(tool-paths),$(eval $(v)))
export WPECS_CACHE
# Python tools (ansible, checkov, moto, pytest) live in one virtualenv there.
VENV := $(WPECS_CACHE)/venv
export PATH := $(VENV)/bin:$(PATH)

ROOT := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))

# An image tag is what Docker accepts: no spaces, no slashes, at most 128 chars.
check-arch = $(if $(filter amd64 arm64,$(ARCH)),,$(error ARCH='$(ARCH)' must be amd64 or arm64))
# The image's tag: one per architecture, amd64 keeps the bare version.
IMAGE_TAG = $(VERSION)$(if $(filter arm64,$(ARCH)),-arm64)
check-version = $(if $(shell [[ '$(VERSION)' =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$$ ]] && echo ok),,$(error VERSION='$(VERSION)' is not a valid image tag (letters, digits, _ . -; at most 128)))

##@ General
.PHONY: help
help: ## Show this help
	@awk 'BEGIN {FS = ":.*##"} \
	  /^[a-zA-Z0-9_-]+:.*?## / { printf "  \033[36m%-16s\033[0m %s\n", $$1, $$2 } \
	  /^##@/ { printf "\n\033[1m%s\033[0m  (%s)\n", substr($$0, 5), FILENAME }' $(MAKEFILE_LIST)
	@printf '\nSettings: IMAGE=%s VERSION=%s ARCH=%s PORT=%s REPLICAS=%s LOCAL_PROJECT=%s ENV=%s PUSH=%s\n' \
	  '$(IMAGE)' '$(VERSION)' '$(ARCH)' '$(PORT)' '$(REPLICAS)' '$(LOCAL_PROJECT)' '$(ENV)' '$(PUSH)'

.PHONY: check
check: ## Report missing tools and how to get them (non-zero if any is missing)
	@tools/check.sh

.PHONY: deps
deps: ## Install the toolchain (Debian/Ubuntu, idempotent, cached)
	@tools/deps.sh

.PHONY: infra-tools
infra-tools: # the aws rows of tools/tools.tsv (OpenTofu, the provider mirror, the linters), built once and cached
	@tools/deps.sh --aws

.PHONY: docker-ready
docker-ready: # start dockerd when none answers
	@tools/docker-up.sh

include $(sort $(wildcard mk/*.mk))

##@ Benchmarks
.PHONY: bench
bench: ## All benchmarks, each printing ratios against a baseline measured in the same run
	@t0=$$(date +%s); \
	for b in bench-image bench-local bench-object-cache; do \
	  echo "==> [$$(( $$(date +%s) - t0 ))s] make $$b"; \
	  $(MAKE) $$b; \
	done; \
	echo "==> [$$(( $$(date +%s) - t0 ))s] make bench: done"

##@ Tests
.PHONY: test-unit
test-unit: test-unit-tools test-unit-python test-unit-init test-unit-image test-unit-local test-unit-infra test-unit-ci ## Unit layer: wp-init, shellcheck, ruff, ansible-lint, compose config, tofu fmt/validate/test, tflint, checkov, actionlint

.PHONY: test-unit-python
test-unit-python: ## ruff over every Python file: the rule set of ruff.toml, and the formatter's check
	@command -v ruff >/dev/null || { echo "error: ruff is missing: run 'make deps'" >&2; exit 1; }
	ruff check --no-cache .
	ruff format --no-cache --check .

.PHONY: test-unit-tools
test-unit-tools: # shellcheck of the toolchain scripts, and that every shell script is shellchecked by some check; the versions' one home; where make takes each setting from; check and deps know the same tools; the provider install's every source, with a stand-in go; the tflint plugin replaced only when it differs
	shellcheck -x tools/*.sh tools/tests/*.sh .ci/run
	@tools/tests/settings-one-home.sh
	@tools/tests/tools-table.sh
	@tools/tests/install-provider.sh
	@tools/tests/make-settings.sh
	@tools/tests/install-tflint.sh
	@tools/tests/shellcheck-coverage.sh

# ARCH_TESTS=all adds test-arm64 (the arm64 image built and run under qemu):
# too slow for every CI run on 2 cores, see README.md "arm64".
ARCH_TESTS ?= native
check-arch-tests = $(if $(filter native all,$(ARCH_TESTS)),,$(error ARCH_TESTS='$(ARCH_TESTS)' must be native or all))

.PHONY: test
test: ## Run the whole suite: unit, image, local stack, infra, emulated AWS (installs missing tools first; ARCH_TESTS=all adds test-arm64)
	$(check-arch-tests)
	@t0=$$(date +%s); \
	echo "==> [0s] make deps (quick when everything is present)"; \
	tools/deps.sh; \
	for t in test-unit test-image test-local test-infra-envs test-aws $(if $(filter all,$(ARCH_TESTS)),test-arm64); do \
	  echo "==> [$$(( $$(date +%s) - t0 ))s] make $$t"; \
	  $(MAKE) $$t; \
	done; \
	echo "==> [$$(( $$(date +%s) - t0 ))s] make test: all layers passed"
