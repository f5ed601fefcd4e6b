#!/usr/bin/env bash
# Where make takes a setting from: its command line for any setting; the
# environment only for make's own defaults (settings.env's "What `make`
# builds" paragraph), and only when not empty; settings.env otherwise. A
# PHP_VERSION that a shell or a container exports must not change the build.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
# shellcheck source=tools/lib.sh
source "$root/tools/lib.sh"
# shellcheck source=tools/tests/lib.sh
source "$root/tools/tests/lib.sh"

# show NAME [VAR=value ...] -- [make args]: what make holds for NAME, with that environment.
show() {
  local name="$1"; shift
  local envs=()
  while [[ "$1" != -- ]]; do envs+=("$1"); shift; done
  shift
  env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS -u "$name" "${envs[@]}" \
    make -s -C "$root" --no-print-directory --eval "show-setting: ; @echo \$($name)" "$@" show-setting
}
php="$(sed -n 's/^PHP_VERSION=//p' "$root/settings.env")"
port="$(sed -n 's/^PORT=//p' "$root/settings.env")"

expect "a pinned version exported by the environment is ignored" "$php" "$(show PHP_VERSION PHP_VERSION=0.0 --)"
expect "a pinned version on the command line wins" "0.0" "$(show PHP_VERSION -- PHP_VERSION=0.0)"
expect "make's default from the environment wins" "9999" "$(show PORT PORT=9999 --)"
expect "an empty environment value counts as unset" "$port" "$(show PORT PORT= --)"
expect "make's default on the command line wins" "7777" "$(show PORT PORT=9999 -- PORT=7777)"
# A cache path make would split on its white space stops make, naming it.
out="$(env -u MAKEFLAGS -u MAKELEVEL WPECS_CACHE='/tmp/a b' make -s -C "$root" --no-print-directory help 2>&1)" && rc_ws=0 || rc_ws=$?
if ((rc_ws != 0)) && grep -q "^error: WPECS_CACHE='/tmp/a b' holds white space" <<<"$out"; then
  ok "a WPECS_CACHE with white space stops make with one line naming it"
else
  fail "a WPECS_CACHE with white space: exit $rc_ws, said: $out"
fi
for name in $(settings_names 'What .make. builds'); do
  [[ -n "$(show "$name" --)" ]] || fail "make has no value for $name"
done
finish make-settings "make-settings: every setting comes from where it should"
