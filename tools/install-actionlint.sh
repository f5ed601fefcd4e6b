#!/usr/bin/env bash
# Build actionlint (the GitHub Actions workflow linter) from the Go module
# proxy, pinned and cached by version, like tflint.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=tools/lib.sh
source "$here/lib.sh"

require ACTIONLINT_VERSION
bin="$WPECS_CACHE/bin"
gobin="$WPECS_CACHE/actionlint/$ACTIONLINT_VERSION"

if [[ ! -x "$gobin/actionlint" ]]; then
  need_go actionlint
  step "building actionlint v$ACTIONLINT_VERSION"
  mkdir -p "$gobin"
  run_logged "$gobin/actionlint.log" env GOBIN="$gobin" CGO_ENABLED=0 go install "github.com/rhysd/actionlint/cmd/actionlint@v$ACTIONLINT_VERSION"
fi
mkdir -p "$bin"
ln -sfn "$gobin/actionlint" "$bin/actionlint"
step "actionlint $ACTIONLINT_VERSION ready ($bin/actionlint)"
