#!/usr/bin/env bash
# tools/install-tflint.sh, run on every `make deps`, leaves an identical aws
# plugin alone (a tflint of another checkout may be loading it) and replaces
# a different one by a rename, leaving no temporary file. Uses the cache's
# build (make deps makes it); a plugin folder of its own.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
# shellcheck source=tools/lib.sh
source "$root/tools/lib.sh"
# shellcheck source=tools/tests/lib.sh
source "$root/tools/tests/lib.sh"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
plugin="$dir/tflint-ruleset-aws"
install_into() { TFLINT_PLUGIN_DIR="$dir" "$root/tools/install-tflint.sh" >/dev/null; }

install_into
built="$WPECS_CACHE/tflint/$TFLINT_VERSION-aws$TFLINT_AWS_VERSION/tflint-ruleset-aws"
check "the plugin is installed from the cache's build" cmp -s "$built" "$plugin"
check "it is executable" test -x "$plugin"
before="$(stat -c '%i %Y.%y' "$plugin")"
install_into
check "an identical plugin is left alone (same file, same time)" test "$(stat -c '%i %Y.%y' "$plugin")" = "$before"
echo stale >"$plugin"
exec 9<"$plugin" # a reader holding the old file, as a running tflint would
install_into
check "a different plugin is replaced" cmp -s "$built" "$plugin"
check "by a new file: the old one, still open, is intact" test "$(cat <&9)" = stale
exec 9<&-
check "no temporary file is left" test "$(ls -A "$dir")" = tflint-ruleset-aws
finish install-tflint "install-tflint: the plugin is replaced only when it differs, atomically"
