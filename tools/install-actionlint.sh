#!/usr/bin/env bash
# Build actionlint (the GitHub Actions workflow linter) from the Go module
# proxy, pinned and cached by version, like tflint.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=tools/lib.sh
source "$here/lib.sh"

ACTIONLINT_VERSION="${ACTIONLINT_VERSION:-1.7.7}"
bin="$WPECS_CACHE/bin"
gobin="$WPECS_CACHE/actionlint/$ACTIONLINT_VERSION"
have go || die "go is missing: install Go 1.22 or later to build actionlint"

if [[ ! -x "$gobin/actionlint" ]]; then
  step "building actionlint v$ACTIONLINT_VERSION"
  mkdir -p "$gobin"
  run_logged "$gobin/actionlint.log" env GOBIN="$gobin" CGO_ENABLED=0 go install "github.com/rhysd/actionlint/cmd/actionlint@v$ACTIONLINT_VERSION"
fi
mkdir -p "$bin"
ln -sfn "$gobin/actionlint" "$bin/actionlint"
step "actionlint $ACTIONLINT_VERSION ready ($bin/actionlint)"
