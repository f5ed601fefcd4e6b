#!/usr/bin/env bash
# Build terraform-docs (writes the modules' input/output tables) from the Go
# module proxy, cached by version.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=tools/lib.sh
source "$here/lib.sh"

require TERRAFORM_DOCS_VERSION
bin="$WPECS_CACHE/bin"
out="$WPECS_CACHE/terraform-docs/$TERRAFORM_DOCS_VERSION"

if [[ ! -x "$out/terraform-docs" ]]; then
  need_go terraform-docs
  # `go install` asks the proxy for the module's version list, which is
  # refused here for this module: download the exact version and build it.
  step "building terraform-docs v$TERRAFORM_DOCS_VERSION"
  mkdir -p "$out"
  work="$(mktemp -d "$out/build.XXXXXX")"
  trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
  go_module_source github.com/terraform-docs/terraform-docs "v$TERRAFORM_DOCS_VERSION" "$work"
  (cd "$work/src" && run_logged "$out/build.log" env CGO_ENABLED=0 go build -trimpath -o "$out/terraform-docs.new" .)
  mv "$out/terraform-docs.new" "$out/terraform-docs"
fi
mkdir -p "$bin"
ln -sfn "$out/terraform-docs" "$bin/terraform-docs"
step "terraform-docs $TERRAFORM_DOCS_VERSION ready ($bin/terraform-docs)"
