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
# paragraph, the names the Makefile takes from the environment) exist there.
defaults="$(settings_names 'What .make. builds' | paste -sd '|')"
for name in IMAGE ARCH PORT REPLICAS CACHE_TTL TIMEZONE WORDPRESS_SOURCE; do
  [[ "|$defaults|" == *"|$name|"* ]] || { echo "error: settings.env's paragraph of make's defaults has no $name" >&2; rc=1; }
done

# No layer under make gives a setting of settings.env a default of its own:
# not a script, make file or test (bash ${NAME:-x}, make NAME ?= x, Python
# environ.get("NAME", x)), not a Packer variable named after it, and not the
# Ansible variable Packer fills from that Packer variable (a role default
# other than the empty "required" placeholder, or `| default(x)`). They
# require the value: make passes it down.
names="$(settings_names '' | paste -sd '|')"
found="$(git -C "$root" grep -n -I -E \
  -e "\\\$\\{($names):-[^}]" -e "^[[:space:]]*($names)[[:space:]]*\\?=" -e "environ\\.get\\(\"($names)\", " \
  ${1:+"$1"} -- ':!*.md' ':!settings.env' || true)"
packer="$(git -C "$root" grep -n -I -A3 -E "^variable \"(${names,,})\"" ${1:+"$1"} -- 'image/packer/*.pkr.hcl' \
  | grep -E -- '-[0-9]+-[[:space:]]*default[[:space:]]*=' || true)"
# "<ansible variable>=${var.<setting, lower case>}" in the Packer templates.
ansible_vars="$(git -C "$root" grep -h -o -I -E "[a-z_]+=\\\$\\{var\.(${names,,})\\}" ${1:+"$1"} -- 'image/packer/*.pkr.hcl' \
  | sed 's/=.*//' | sort -u | paste -sd '|')"
[[ -n "$ansible_vars" ]] || { echo "error: found no Ansible variable that the Packer templates fill from a setting" >&2; rc=1; }
ansible=""
if [[ -n "$ansible_vars" ]]; then
  ansible="$(git -C "$root" grep -n -I -E \
    -e "^($ansible_vars):[[:space:]]*[^[:space:]\"']" -e "^($ansible_vars):[[:space:]]*(\"[^\"]|'[^'])" \
    ${1:+"$1"} -- 'image/ansible/roles/*/defaults/main.yml' || true)
$(git -C "$root" grep -n -I -E "($ansible_vars)[[:space:]]*\\|[[:space:]]*default\\([[:space:]]*(\"[^\"]|'[^']|[^\"'[:space:])])" \
    ${1:+"$1"} -- 'image/ansible' || true)"
fi
if [[ -n "$found$packer${ansible//$'\n'/}" ]]; then
  printf '%s\n' "$found" "$packer" "$ansible" | sed '/^$/d' >&2
  echo "error: the lines above give a setting of settings.env a default of its own: settings.env holds it (make, tools/lib.sh and tools/settings.py read it) and the layers under make require it" >&2
  rc=1
fi

# A setting keeps its name from make down: a recipe passes NAME='$(NAME)', not
# OTHER='$(NAME)' (a setting is one of settings.env's names or one make gives
# a default with ?=).
settings="$(
  { settings_names ''; git -C "$root" grep -h -I -o -E '^[A-Z][A-Z0-9_]*[[:space:]]*\?=' ${1:+"$1"} -- Makefile 'mk/*.mk' | tr -d ' ?='; } | sort -u
)"
renamed="$(git -C "$root" grep -n -I -o -E "\\b[A-Z][A-Z0-9_]*='[^']*'" ${1:+"$1"} -- Makefile 'mk/*.mk' \
  | sed "s|^${1:+$1:}||" | while IFS= read -r hit; do
      name="${hit#*:*:}"; name="${name%%=*}"
      for ref in $(grep -o -E '\$\([A-Z][A-Z0-9_]*\)' <<<"${hit#*=}" | tr -d '\044()'); do
        [[ "$ref" != "$name" ]] && grep -qx -- "$ref" <<<"$settings" && printf '%s (%s as %s)\n' "$hit" "$ref" "$name"
      done
    done || true)"
if [[ -n "$renamed" ]]; then
  printf '%s\n' "$renamed" >&2
  echo "error: the lines above pass a setting to a script under another name: keep its name from make down" >&2
  rc=1
fi

# One default per setting: no name gets a non-empty default (bash ${NAME:-x},
# make NAME ?= x, compose ${NAME:-x}) on more than one line of the scripts,
# make files and compose files; the layer below requires it instead. Known
# exceptions: each bench's own knobs (a bench picks its own duration), the
# base image tools' DEBIAN_MIRROR (not yet moved), run.sh's placeholder tag
# for a destroy (any tag does), and the tests' own settings.
repeats="$(git -C "$root" grep -n -I -o -E \
  -e '\$\{[A-Z][A-Z0-9_]*:-[^}]' -e '^[[:space:]]*[A-Z][A-Z0-9_]*[[:space:]]*\?=[[:space:]]*[^[:space:]]' \
  ${1:+"$1"} -- '*.sh' '*.mk' Makefile '*.yml' '*.yaml' local/lb/lb-state ':!*/tests/*' \
  | sed "s|^${1:+$1:}||" | sed -E 's/^([^:]*:[0-9]+):[[:space:]]*\$?\{?([A-Z][A-Z0-9_]*).*/\2 \1/' | sort -u \
  | awk '$1 !~ /^BENCH_/ && $1 !~ /^DEBIAN_MIRROR$/ && !($1 == "VERSION" && $2 ~ /^infra\/stacks\/run\.sh:/) { n[$1]++; f[$1] = f[$1] " " $2 }
         END { for (k in n) if (n[k] > 1) print k ":" f[k] }' | sort)"
if [[ -n "$repeats" ]]; then
  printf '%s\n' "$repeats" >&2
  echo "error: the names above get a default on more than one line: give each one home (settings.env, or the one script that owns it) and require it below" >&2
  rc=1
fi
((rc == 0)) || exit 1
echo "settings.env is the only home of the Debian release, the PHP version, the base image, the tools' versions and every default make passes down; settings keep their names from make down and have one default each"
