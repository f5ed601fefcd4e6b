#!/usr/bin/env bash
# The Debian release and the PHP version have one home, settings.env: no
# tracked file outside it names a release codename or a versioned PHP path or
# package (documentation aside; the roles' Galaxy metadata must name the
# platform it supports). Usage: tools/tests/settings-one-home.sh [TREE-ISH]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
pattern='bookworm|trixie|bullseye|php-?fpm[0-9]|php[0-9]+\.[0-9]|/etc/php/[0-9]|debian:[a-z]'
found="$(git -C "$root" grep -n -I -i -E "$pattern" ${1:+"$1"} -- \
  ':!*.md' ':!settings.env' ':!image/ansible/roles/*/meta/main.yml' ':!tools/tests/settings-one-home.sh' || true)"
if [[ -n "$found" ]]; then
  printf '%s\n' "$found" >&2
  echo "error: the lines above repeat the Debian release or PHP version: take DEBIAN_RELEASE / PHP_VERSION from settings.env" >&2
  exit 1
fi
echo "settings.env is the only home of the Debian release and PHP version"
