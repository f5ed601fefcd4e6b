#!/usr/bin/env bash
# Build tflint and its AWS ruleset from the Go module proxy, cached by version.
# The ruleset is installed as a local plugin (~/.tflint.d/plugins), which tflint
# loads when .tflint.hcl enables plugin "aws" without a `source`.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=tools/lib.sh
source "$here/lib.sh"

TFLINT_VERSION="${TFLINT_VERSION:-0.54.0}"
TFLINT_AWS_VERSION="${TFLINT_AWS_VERSION:-0.36.0}"
bin="$WPECS_CACHE/bin"
plugdir="${TFLINT_PLUGIN_DIR:-$HOME/.tflint.d/plugins}"
gobin="$WPECS_CACHE/tflint/$TFLINT_VERSION-aws$TFLINT_AWS_VERSION"
have go || die "go is missing: install Go 1.22 or later to build tflint"

if [[ ! -x "$gobin/tflint" ]]; then
  step "building tflint v$TFLINT_VERSION"
  mkdir -p "$gobin"
  run_logged "$gobin/tflint.log" env GOBIN="$gobin" CGO_ENABLED=0 go install "github.com/terraform-linters/tflint@v$TFLINT_VERSION"
fi
if [[ ! -x "$gobin/tflint-ruleset-aws" ]]; then
  step "building tflint-ruleset-aws v$TFLINT_AWS_VERSION"
  run_logged "$gobin/ruleset.log" env GOBIN="$gobin" CGO_ENABLED=0 go install "github.com/terraform-linters/tflint-ruleset-aws@v$TFLINT_AWS_VERSION"
fi
mkdir -p "$bin" "$plugdir"
ln -sfn "$gobin/tflint" "$bin/tflint"
install -m 0755 "$gobin/tflint-ruleset-aws" "$plugdir/tflint-ruleset-aws"
step "tflint $TFLINT_VERSION with aws ruleset $TFLINT_AWS_VERSION ready ($bin/tflint)"
