##@ Pipeline (GitHub Actions: .github/workflows/)

ACTIONLINT ?= $(WPECS_CACHE)/bin/actionlint

.PHONY: test-unit-ci
test-unit-ci: ## actionlint of the GitHub Actions workflows (and shellcheck of their run: scripts)
	@test -x '$(ACTIONLINT)' || { echo "error: actionlint not found at $(ACTIONLINT) (make deps)" >&2; exit 1; }
	'$(ACTIONLINT)' -no-color .github/workflows/*.yml
