#!/usr/bin/env bash
# Bad settings for the local stack are refused in a second, before anything is
# built or started: one line naming the setting, a non-zero exit, no image
# built and no container created. Run by `make test-unit-local`.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
# shellcheck source=tools/lib.sh
source "$root/tools/lib.sh"
require IMAGE
project="wpecs-badinput-$$"
version="badinput-$$"   # an image tag that does not exist: a build would create it
failures=0

expect_refused() { # expect_refused PATTERN CMD...: non-zero exit, PATTERN on stderr
  local pattern="$1" err rc=0
  shift
  err="$("$@" 2>&1 >/dev/null)" || rc=$?
  if ((rc == 0)); then
    echo "FAIL: accepted: $*"; failures=$((failures + 1)); return
  fi
  if ! grep -q -- "$pattern" <<<"$err"; then
    echo "FAIL: $* exited $rc without '$pattern' in: $err"; failures=$((failures + 1)); return
  fi
  echo "ok   refused: $* -> $(grep -m1 -- "$pattern" <<<"$err")"
}

mk() { make -C "$root" --no-print-directory LOCAL_PROJECT="$project" VERSION="$version" "$@"; }
expect_refused 'PORT: "abc" is not a TCP port' mk up PORT=abc
expect_refused 'PORT: "70000" is not a TCP port' mk up PORT=70000
expect_refused 'REPLICAS: "0" is not a number from 1 to 9' mk up REPLICAS=0
expect_refused 'REPLICAS: "two" is not a number from 1 to 9' mk deploy-local REPLICAS=two
expect_refused 'LOCAL_PROJECT: "No/Such" is not a compose project name' mk up LOCAL_PROJECT=No/Such
expect_refused "unknown option '--bogus'" "$root/tools/deps.sh" --bogus
# What make passes, the scripts under it require (they repeat no default):
# one line naming the missing setting.
expect_refused 'VERSION is not set' env -u VERSION LOCAL_PROJECT="$project" "$root/local/stack.sh" check
expect_refused 'BACKUP_DIR is not set' env -u BACKUP_DIR LOCAL_PROJECT="$project" VERSION="$version" "$root/local/backup.sh"
expect_refused 'ENV is not set' env -u ENV "$root/infra/stacks/run.sh" output base
expect_refused "AUTO_APPROVE='yes' must be 0 (ask) or 1" env ENV=dev AUTO_APPROVE=yes "$root/infra/stacks/run.sh" output base

if docker image inspect "$IMAGE:$version" >/dev/null 2>&1; then
  echo "FAIL: image $IMAGE:$version was built despite the bad settings"; failures=$((failures + 1))
fi
if [[ -n "$(docker ps -aq --filter "label=com.docker.compose.project=$project")" ]]; then
  echo "FAIL: containers of $project were created despite the bad settings"; failures=$((failures + 1))
fi
((failures == 0)) || { echo "bad-input: $failures failure(s)"; exit 1; }
echo "bad-input: refused before building or starting anything"
