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

go_install_once "$gobin" "github.com/rhysd/actionlint/cmd/actionlint@v$ACTIONLINT_VERSION"
mkdir -p "$bin"
ln -sfn "$gobin/actionlint" "$bin/actionlint"
step "actionlint $ACTIONLINT_VERSION ready ($bin/actionlint)"
