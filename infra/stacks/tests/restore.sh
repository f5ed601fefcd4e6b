#!/usr/bin/env bash
# `make restore-aws` (infra/stacks/restore.sh): every bad input ends in one
# line, a non-zero exit, and nothing written under infra/envs, before any tool
# or AWS is asked anything (the tools here do not exist, so a check that comes
# too late fails differently). The restore itself runs in make test-aws.
# Ends with "restore: N passed, M failed".
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
restore_sh="$here/../restore.sh"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/infra/envs/prod" "$work/infra/envs/dev"
passed=0 failed=0

refused() { # what expected-text env...: one error line naming it, exit != 0, envs unchanged
  local what="$1" want="$2" out rc=0
  shift 2
  out="$(env -i PATH="$PATH" INFRA_DIR="$work/infra" TOFU=/nonexistent/tofu AWS_CLI=/nonexistent/aws "$@" "$restore_sh" 2>&1)" || rc=$?
  if ((rc != 0)) && [[ "$(grep -c '^error: ' <<<"$out")" == 1 && "$(wc -l <<<"$out")" == 1 && "$out" == *"$want"* ]] &&
    [[ "$(cd "$work/infra/envs" && find . -mindepth 1 | sort | tr '\n' ' ')" == "./dev ./prod " ]]; then
    passed=$((passed + 1)); echo "  ok   $what"
  else
    failed=$((failed + 1)); echo "  FAIL $what: exit $rc: ${out//$'\n'/ | }"
  fi
}

refused "ENV that is not an environment" "ENV='nope'" ENV=nope FROM=s TO=prodr1 VERSION=1
refused "FROM missing" "FROM is not set" ENV=prod TO=prodr1 VERSION=1
refused "TO malformed" "TO='Prod-1'" ENV=prod FROM=s TO=Prod-1 VERSION=1
refused "TO=prod" "TO=prod" ENV=dev FROM=s TO=prod VERSION=1
refused "TO an existing environment" "TO='dev' exists" ENV=prod FROM=s TO=dev VERSION=1
refused "VERSION missing" "VERSION=''" ENV=prod FROM=s TO=prodr1
refused "FILES_PATH not an absolute directory" "FILES_PATH='wordpress'" ENV=prod FROM=s TO=prodr1 VERSION=1 FILES_PATH=wordpress
refused "RESTORE_TIMEOUT not a number" "RESTORE_TIMEOUT" ENV=prod FROM=s TO=prodr1 VERSION=1 RESTORE_TIMEOUT=soon

echo "restore: $passed passed, $failed failed"
((failed == 0))
