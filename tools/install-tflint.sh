#!/usr/bin/env bash
# Build tflint and its AWS ruleset from the Go module proxy, cached by version.
# The ruleset is installed as a local plugin (~/.tflint.d/plugins), which tflint
# loads when .tflint.hcl enables plugin "aws" without a `source`.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=tools/lib.sh
source "$here/lib.sh"

require TFLINT_VERSION TFLINT_AWS_VERSION
bin="$WPECS_CACHE/bin"
plugdir="${TFLINT_PLUGIN_DIR:-$HOME/.tflint.d/plugins}"
gobin="$WPECS_CACHE/tflint/$TFLINT_VERSION-aws$TFLINT_AWS_VERSION"

go_install_once "$gobin" "github.com/terraform-linters/tflint@v$TFLINT_VERSION"
if [[ ! -x "$gobin/tflint-ruleset-aws" ]]; then
  need_go tflint-ruleset-aws
  # `go install` also asks the proxy for the module's version list, which is
  # refused here for this module: download the exact version and build it.
  step "building tflint-ruleset-aws v$TFLINT_AWS_VERSION"
  work="$(mktemp -d "$gobin/build.XXXXXX")"
  trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
  go_module_source github.com/terraform-linters/tflint-ruleset-aws "v$TFLINT_AWS_VERSION" "$work"
  (cd "$work/src" && run_logged "$gobin/ruleset.log" env CGO_ENABLED=0 go build -trimpath -o "$gobin/tflint-ruleset-aws" .)
fi
mkdir -p "$bin" "$plugdir"
ln -sfn "$gobin/tflint" "$bin/tflint"
# deps.sh runs this script every time: leave an identical plugin alone, and
# replace a different one by a rename, so a tflint running meanwhile (another
# checkout's tests) never loads a half-written file.
if ! cmp -s "$gobin/tflint-ruleset-aws" "$plugdir/tflint-ruleset-aws"; then
  install -m 0755 "$gobin/tflint-ruleset-aws" "$plugdir/.tflint-ruleset-aws.$$"
  mv -f "$plugdir/.tflint-ruleset-aws.$$" "$plugdir/tflint-ruleset-aws"
fi
step "tflint $TFLINT_VERSION with aws ruleset $TFLINT_AWS_VERSION ready ($bin/tflint)"
