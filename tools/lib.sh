# shellcheck shell=bash
# Shared helpers for the scripts in tools/. Source it; do not run it.

# Where big tool builds are cached, outside the repository, keyed by version.
WPECS_CACHE="${WPECS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/wordpress-ecs}"
export WPECS_CACHE

_wpecs_t0="${_wpecs_t0:-$(date +%s)}"

# The platform's versions (DEBIAN_RELEASE, PHP_VERSION, WORDPRESS_VERSION) from
# settings.env at the repository root, their one home. A value already in the
# environment wins (make passes its own, which may come from the command line).
_wpecs_settings="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/settings.env"
[[ -r "$_wpecs_settings" ]] || { printf 'error: %s is missing\n' "$_wpecs_settings" >&2; exit 1; }
while IFS='=' read -r _wpecs_name _wpecs_value; do
  [[ "$_wpecs_name" =~ ^[A-Z][A-Z0-9_]*$ ]] || continue
  [[ -n "${!_wpecs_name:-}" ]] || export "$_wpecs_name=$_wpecs_value"
done < "$_wpecs_settings"
unset _wpecs_name _wpecs_value _wpecs_settings

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

# debian_mirror: the first Debian archive URI this machine's apt is configured
# with (deb822 or one-line sources), for the host's own release or for
# DEBIAN_RELEASE: the same mirror serves every release.
debian_mirror() {
  local f host_release
  host_release="$(sed -n 's/^VERSION_CODENAME=//p' /etc/os-release 2>/dev/null || true)"
  for f in /etc/apt/sources.list.d/*.sources /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -r "$f" ]] || continue
    awk -v a="${DEBIAN_RELEASE:-}" -v b="$host_release" '
      function wanted(s) { return s != "" && (s == a || s == b) }
      /^[[:space:]]*#/ { next }
      /^URIs:/ { uri = $2 }
      /^Suites:/ { for (i = 2; i <= NF; i++) if (wanted($i) && uri != "") { print uri; exit } }
      /^deb[[:space:]]/ { for (i = 2; i <= NF; i++) if ($i !~ /^\[/ && $i ~ /:\/\//) { if (wanted($(i+1))) { print $i; exit } } }
    ' "$f"
  done | head -n 1
}
