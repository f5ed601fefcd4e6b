# shellcheck shell=bash
# Shared helpers for the scripts in tools/. Source it; do not run it.

# Where big tool builds are cached, outside the repository, keyed by version.
WPECS_CACHE="${WPECS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/wordpress-ecs}"
export WPECS_CACHE

_wpecs_t0="${_wpecs_t0:-$(date +%s)}"

# step "message": one progress line with the elapsed time of the script.
step() {
  local now
  now=$(date +%s)
  printf '==> [%4ss] %s\n' "$((now - _wpecs_t0))" "$*" >&2
}

die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

have() { command -v "$1" >/dev/null 2>&1; }

# run_logged LOGFILE cmd...: run a long command, keep its output in LOGFILE,
# print a heartbeat every 60 s, and show the log's tail if it fails. Returns
# as soon as the command ends (wait, not polling: builds are timed).
run_logged() {
  local log="$1"; shift
  "$@" >"$log" 2>&1 &
  local pid=$! rc=0
  (
    t=0
    while sleep 1; do
      t=$((t + 1))
      if (( t % 60 == 0 )); then step "  still running ($((t / 60)) min): $*"; fi
    done
  ) &
  local beat=$!
  wait "$pid" || rc=$?
  kill "$beat" 2>/dev/null
  wait "$beat" 2>/dev/null || true
  if ((rc)); then
    tail -n 30 "$log" >&2
    die "failed (exit $rc): $* (full log: $log)"
  fi
}
