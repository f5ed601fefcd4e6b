#!/usr/bin/env bash
# Report every missing tool with how to get it; exit 1 if anything is missing.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=tools/lib.sh
source "$here/lib.sh"
venv="$WPECS_CACHE/venv/bin"
missing=0

need() { # label, test command..., then "--" and how to get it
  local label="$1"; shift
  local args=() how
  while [[ $# -gt 0 && "$1" != "--" ]]; do args+=("$1"); shift; done
  shift; how="$*"
  if "${args[@]}" >/dev/null 2>&1; then
    printf '  ok       %s\n' "$label"
  else
    printf '  MISSING  %-22s %s\n' "$label" "$how"
    missing=$((missing + 1))
  fi
}

echo "Image and local stack:"
need docker           have docker              -- "apt-get install docker.io (or make deps)"
need "docker daemon"  docker info              -- "start it: make docker-ready (root) or your OS's service manager"
need docker-compose   have docker-compose      -- "apt-get install docker-compose"
need debootstrap      have debootstrap         -- "apt-get install debootstrap (builds the base image offline)"
need packer           have packer              -- "apt-get install packer (1.6.6+) or build packer 1.9.5 with go install"
need g++              have g++                 -- "apt-get install g++ (builds wp-init)"
need cmake            have cmake               -- "apt-get install cmake"
need ninja            have ninja               -- "apt-get install ninja-build"
need googletest       test -r /usr/include/gtest/gtest.h -- "apt-get install libgtest-dev libgmock-dev"
need clang-format     have clang-format        -- "apt-get install clang-format (wp-init's format check, make lint-init)"
need clang-tidy       have clang-tidy          -- "apt-get install clang-tidy (wp-init's linter, make lint-init)"
need chromium         have chromium            -- "apt-get install chromium chromium-driver (browser tests)"
need wrk              have wrk                 -- "apt-get install wrk (benchmarks)"
need phpunit          have phpunit             -- "apt-get install phpunit (object cache tests)"
need redis-server     have redis-server        -- "apt-get install redis-server (object cache tests)"
need php-redis        php -r 'exit(class_exists("Redis") ? 0 : 1);' -- "apt-get install php-cli php-redis (object cache tests)"
echo "Linters and Python tools ($venv):"
need shellcheck       have shellcheck          -- "apt-get install shellcheck"
need ansible-playbook test -x "$venv/ansible-playbook" -- "make deps (pip install -r tools/requirements.txt)"
need ansible-lint     test -x "$venv/ansible-lint" -- "make deps"
need checkov          test -x "$venv/checkov"  -- "make deps"
need pytest           test -x "$venv/pytest"   -- "make deps"
need moto_server      test -x "$venv/moto_server" -- "make deps"
echo "AWS:"
need aws              have aws                 -- "apt-get install awscli"
need docker-registry  have docker-registry     -- "apt-get install docker-registry (test-aws: stands in for ECR's registry)"
need go               have go                  -- "install Go 1.24+ (builds OpenTofu and tflint)"
need tofu             test -x "$WPECS_CACHE/tofu/${TOFU_VERSION:-1.10.10}/tofu" -- "make deps (tools/install-tofu.sh)"
need "aws provider"   test -e "$WPECS_CACHE/tofurc" -- "make deps (tools/install-provider.sh)"
need tflint           test -x "$WPECS_CACHE/bin/tflint" -- "make deps (tools/install-tflint.sh)"
need actionlint       test -x "$WPECS_CACHE/bin/actionlint" -- "make deps (tools/install-actionlint.sh)"
need terraform-docs   test -x "$WPECS_CACHE/bin/terraform-docs" -- "make deps (tools/install-terraform-docs.sh)"

if ((missing)); then
  echo "$missing tool(s) missing: run 'make deps' (Debian/Ubuntu, as root) or install them as shown." >&2
  exit 1
fi
echo "All tools present."
