#!/usr/bin/env bash
# Make sure a Docker daemon answers: start Debian's dockerd when none does.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=tools/lib.sh
source "$here/lib.sh"

docker_answers() { docker info >/dev/null 2>&1; }
if docker_answers; then
  exit 0
fi
have dockerd || die "no Docker daemon answers and dockerd is missing: run 'make deps'"
[[ $EUID -eq 0 ]] || die "no Docker daemon answers; start it (as root: dockerd) or add yourself to the docker group"
log="${DOCKERD_LOG:-/var/log/wpecs-dockerd.log}"
step "starting dockerd (log: $log)"
# setsid: the daemon outlives this script and the make that called it.
setsid dockerd >"$log" 2>&1 < /dev/null &
if poll 60 0.5 docker_answers; then
  step "dockerd is up"
  exit 0
fi
tail -n 20 "$log" >&2
die "dockerd did not answer within 60 s (log: $log)"
