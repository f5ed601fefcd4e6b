#!/usr/bin/env bash
# Install the toolchain on Debian or Ubuntu. Idempotent: what is present is
# kept, big builds are cached in $WPECS_CACHE keyed by version.
#   tools/deps.sh          everything (image, local stack, AWS tools)
#   tools/deps.sh --local  only what `make up` needs (no OpenTofu/provider/tflint builds)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=tools/lib.sh
source "$here/lib.sh"

scope=all
case "${1:-}" in
  "") ;;
  --local) scope=local ;;
  *) die "unknown option '$1' (usage: tools/deps.sh [--local])" ;;
esac
[[ -r /etc/debian_version ]] || die "make deps supports Debian or Ubuntu only; see 'make check' for what to install"

# Debian packages: name of a file each one provides, so present ones are skipped.
packages=(
  docker.io:/usr/sbin/dockerd
  docker-compose:/usr/bin/docker-compose
  debootstrap:/usr/sbin/debootstrap
  packer:/usr/bin/packer
  shellcheck:/usr/bin/shellcheck
  g++:/usr/bin/g++
  cmake:/usr/bin/cmake
  ninja-build:/usr/bin/ninja
  libgtest-dev:/usr/include/gtest/gtest.h
  libgmock-dev:/usr/include/gmock/gmock.h
  # wp-init's formatter and linter (make lint-init): the Debian release's own LLVM.
  clang-format:/usr/bin/clang-format
  clang-tidy:/usr/bin/clang-tidy
  wrk:/usr/bin/wrk
  apache2-utils:/usr/bin/ab
  chromium:/usr/bin/chromium
  chromium-driver:/usr/bin/chromedriver
  awscli:/usr/bin/aws
  docker-registry:/usr/bin/docker-registry
  mariadb-client:/usr/bin/mariadb
  jq:/usr/bin/jq
  rsync:/usr/bin/rsync
  iptables:/usr/sbin/iptables
  git:/usr/bin/git
  curl:/usr/bin/curl
  # The object cache's tests: PHPUnit against a real Redis, through php-redis.
  phpunit:/usr/bin/phpunit
  redis-server:/usr/bin/redis-server
)
missing=()
for p in "${packages[@]}"; do
  name="${p%%:*}" file="${p#*:}"
  [[ -e "$file" ]] || missing+=("$name")
done
# The interpreter may come from elsewhere (pyenv) and have venv already.
python3 -c 'import venv, ensurepip' 2>/dev/null || missing+=(python3-venv)
# php-redis installs for whichever PHP the distribution has: ask PHP, not a path.
php -r 'exit(class_exists("Redis") ? 0 : 1);' 2>/dev/null || missing+=(php-cli php-redis)
if ((${#missing[@]})); then
  [[ $EUID -eq 0 ]] || die "missing Debian packages (${missing[*]}): run 'make deps' as root (or with sudo)"
  step "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  run_logged /tmp/wpecs-apt-update.log apt-get update
  run_logged /tmp/wpecs-apt-install.log apt-get install -y --no-install-recommends "${missing[@]}"
else
  step "Debian packages present"
fi

"$here/docker-up.sh"

venv="$WPECS_CACHE/venv"
stamp="$venv/.requirements.sha256"
want="$(cat "$here/requirements.txt" "$here/requirements.lock" | sha256sum | cut -d' ' -f1)"
if [[ ! -x "$venv/bin/python" || "$(cat "$stamp" 2>/dev/null)" != "$want" ]]; then
  step "Python tools into $venv (ansible, ansible-lint, checkov, moto, pytest)"
  [[ -x "$venv/bin/python" ]] || python3 -m venv "$venv"
  run_logged /tmp/wpecs-pip.log "$venv/bin/pip" install -q -r "$here/requirements.txt" -c "$here/requirements.lock"
  echo "$want" >"$stamp"
else
  step "Python tools present in $venv"
fi

if [[ $scope == local ]]; then
  "$here/base-image.sh"
  step "local toolchain ready"
  exit 0
fi

have go || die "Go is missing: install Go 1.24 or later (OpenTofu and tflint are built from the Go module proxy)"
"$here/install-tofu.sh" >/dev/null
"$here/install-provider.sh"
"$here/install-tflint.sh"
"$here/install-actionlint.sh"
"$here/install-terraform-docs.sh"
"$here/base-image.sh"
step "toolchain ready"
