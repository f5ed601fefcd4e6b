#!/usr/bin/env bash
# The Debian release, the PHP version, the base image and the tools' versions
# have one home, settings.env: no tracked file outside it names a release
# codename, a versioned PHP path or package, the base image or a tool's version
# (documentation aside; the roles' Galaxy metadata must name the platform it
# supports). Usage: tools/tests/settings-one-home.sh [TREE-ISH]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
# shellcheck source=tools/lib.sh
source "$root/tools/lib.sh"
pattern='bookworm|trixie|bullseye|php-?fpm[0-9]|php[0-9]+\.[0-9]|/etc/php/[0-9]|debian:[a-z]'
found="$(git -C "$root" grep -n -I -i -E "$pattern" ${1:+"$1"} -- \
  ':!*.md' ':!settings.env' ':!image/ansible/roles/*/meta/main.yml' ':!tools/tests/settings-one-home.sh' || true)"
if [[ -n "$found" ]]; then
  printf '%s\n' "$found" >&2
  echo "error: the lines above repeat the Debian release or PHP version: take DEBIAN_RELEASE / PHP_VERSION from settings.env" >&2
  exit 1
fi

# The base image's name and the tools' versions: no script, make file or test
# repeats them as a default (the root stacks' required_providers cannot read a
# variable: infra/generate.sh writes PROVIDER_VERSION into their versions.tf).
# shellcheck source=tools/lib.sh
source "$root/tools/lib.sh"
rc=0
for name in BASE_IMAGE GO_MIN_VERSION TOFU_VERSION PROVIDER_VERSION PROVIDER_GO_VERSION TFLINT_VERSION \
  TFLINT_AWS_VERSION TERRAFORM_DOCS_VERSION ACTIONLINT_VERSION; do
  value="$(sed -n "s/^$name=//p" "$root/settings.env")"
  [[ -n "$value" ]] || { echo "error: settings.env has no $name" >&2; rc=1; continue; }
  [[ $name != BASE_IMAGE ]] || value="${value%%:*}:"
  found="$(git -C "$root" grep -n -I -F -e "$value" ${1:+"$1"} -- \
    ':!*.md' ':!settings.env' ':!infra/stacks/*/versions.tf' || true)"
  if [[ -n "$found" ]]; then
    printf '%s\n' "$found" >&2
    echo "error: the lines above repeat $name ($value): take it from settings.env" >&2
    rc=1
  fi
done

# make's defaults (IMAGE, ARCH, PORT, ...: settings.env's "What `make` builds"
# paragraph, the names the Makefile takes from the environment): no script,
# make file, Packer template or test gives one of them a default of its own
# (bash ${NAME:-x}, make NAME ?= x, Python environ.get("NAME", x), a Packer
# variable's default).
defaults="$(settings_names 'What .make. builds' | paste -sd '|')"
for name in IMAGE ARCH PORT REPLICAS CACHE_TTL; do
  [[ "|$defaults|" == *"|$name|"* ]] || { echo "error: settings.env's paragraph of make's defaults has no $name" >&2; rc=1; }
done
found="$(git -C "$root" grep -n -I -E \
  -e "\\\$\\{($defaults):-" -e "^[[:space:]]*($defaults)[[:space:]]*\\?=" -e "environ\\.get\\(\"($defaults)\", " \
  ${1:+"$1"} -- ':!*.md' ':!settings.env' || true)"
packer="$(git -C "$root" grep -n -I -A2 -E "^variable \"(${defaults,,})\"" ${1:+"$1"} -- 'image/packer/*.pkr.hcl' \
  | grep -E -- '-[0-9]+-[[:space:]]*default[[:space:]]*=' || true)"
if [[ -n "$found$packer" ]]; then
  printf '%s\n' "$found" "$packer" | sed '/^$/d' >&2
  echo "error: the lines above give a default of their own to one of $defaults: settings.env holds it (make, tools/lib.sh and tools/settings.py read it)" >&2
  rc=1
fi
((rc == 0)) || exit 1
echo "settings.env is the only home of the Debian release, the PHP version, the base image, the tools' versions and make's defaults"
