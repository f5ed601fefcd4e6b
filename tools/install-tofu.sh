#!/usr/bin/env bash
# Build OpenTofu from the Go module proxy and cache it, keyed by version.
# OpenTofu's tags from v1.7 carry a replace directive, so `go install` refuses
# them: download the module, copy it somewhere writable and build it there.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=tools/lib.sh
source "$here/lib.sh"

require TOFU_VERSION
dest="$WPECS_CACHE/tofu/$TOFU_VERSION"
if [[ -x "$dest/tofu" ]]; then
  step "tofu $TOFU_VERSION ready ($dest/tofu)"
  exit 0
fi
need_go OpenTofu
mkdir -p "$WPECS_CACHE/tofu"
work="$(mktemp -d "$WPECS_CACHE/tofu/build.XXXXXX")"
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT

step "downloading github.com/opentofu/opentofu@v$TOFU_VERSION from the Go module proxy"
go_module_source github.com/opentofu/opentofu "v$TOFU_VERSION" "$work"

step "building tofu $TOFU_VERSION (a few minutes on 2 cores)"
(cd "$work/src" && run_logged "$work/build.log" env CGO_ENABLED=0 go build -trimpath \
  -ldflags "-s -w -X github.com/opentofu/opentofu/version.dev=no" -o "$work/tofu" ./cmd/tofu)
mkdir -p "$dest"
mv "$work/tofu" "$dest/tofu.tmp" && mv "$dest/tofu.tmp" "$dest/tofu"
step "tofu $TOFU_VERSION ready ($dest/tofu)"
