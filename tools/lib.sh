# shellcheck shell=bash
# Shared helpers for the scripts in tools/. Source it; do not run it.

# Where big tool builds are cached, outside the repository, keyed by version.
# (~ rather than $HOME: bash falls back to the passwd entry when a caller
# cleared the environment.)
_wpecs_home=~
WPECS_CACHE="${WPECS_CACHE:-${XDG_CACHE_HOME:-$_wpecs_home/.cache}/wordpress-ecs}"
unset _wpecs_home
export WPECS_CACHE

_wpecs_t0="${_wpecs_t0:-$(date +%s)}"

# The platform's and the tools' versions (DEBIAN_RELEASE, TOFU_VERSION, ...)
# from settings.env at the repository root, their one home. A value already in
# the environment wins (make passes its own, which may come from the command
# line); ${NAME} in a value is a setting read before it.
_wpecs_settings="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/settings.env"
[[ -r "$_wpecs_settings" ]] || { printf 'error: %s is missing\n' "$_wpecs_settings" >&2; exit 1; }
while IFS='=' read -r _wpecs_name _wpecs_value; do
  [[ "$_wpecs_name" =~ ^[A-Z][A-Z0-9_]*$ ]] || continue
  while [[ "$_wpecs_value" =~ \$\{([A-Z][A-Z0-9_]*)\} ]]; do
    _wpecs_ref="${BASH_REMATCH[1]}"
    [[ -n "${!_wpecs_ref:-}" ]] || { printf 'error: settings.env: %s refers to %s, which is not set before it\n' "$_wpecs_name" "$_wpecs_ref" >&2; exit 1; }
    _wpecs_value="${_wpecs_value//"${BASH_REMATCH[0]}"/"${!_wpecs_ref}"}"
  done
  [[ -n "${!_wpecs_name:-}" ]] || export "$_wpecs_name=$_wpecs_value"
done < "$_wpecs_settings"
unset _wpecs_name _wpecs_value _wpecs_ref _wpecs_settings

# settings_names PATTERN: the names settings.env sets, one a line: all of them
# for '', else those of the paragraph (lines up to a blank one) that matches
# PATTERN, e.g. 'What .make. builds' for make's defaults (the Makefile reads
# the same paragraph).
settings_names() {
  local root
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  awk -v RS= -v pat="${1:-}" 'pat == "" || $0 ~ pat' "$root/settings.env" | sed -n 's/^\([A-Z][A-Z0-9_]*\)=.*/\1/p'
}

# step "message": one progress line with the elapsed time of the script
# (step_prefix, set by a script and not exported, names it: "restore: ").
step() {
  local now
  now=$(date +%s)
  printf '==> [%4ss] %s%s\n' "$((now - _wpecs_t0))" "${step_prefix:-}" "$*" >&2
}

# die "message": one line naming what is wrong, exit 1.
die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

# die_usage "message": the same for bad input, exit 64 (EX_USAGE, as wp-init).
die_usage() {
  printf 'error: %s\n' "$*" >&2
  exit 64
}

# poll SECONDS INTERVAL COMMAND...: run COMMAND every INTERVAL seconds until it
# succeeds (return 0) or SECONDS have passed (return 1; the caller says what
# it waited for). The scripts' one polling loop.
poll() {
  local deadline=$(($(date +%s) + $1)) every="$2"
  shift 2
  until "$@"; do
    (($(date +%s) < deadline)) || return 1
    sleep "$every"
  done
}

# wp_install URL USER PASSWORD: WordPress's own web install (install.php step 2)
# at URL, with an administrator USER (e-mail USER@example.test) and PASSWORD;
# returns 1 unless WordPress answers that it succeeded. The benches' one install.
wp_install() {
  local out
  out="$(curl -fsS --max-time 120 --data-urlencode "weblog_title=$2" --data-urlencode "user_name=$2" \
    --data-urlencode "admin_password=$3" --data-urlencode "admin_password2=$3" \
    --data-urlencode "pw_weak=1" --data-urlencode "admin_email=$2@example.test" --data-urlencode "blog_public=1" \
    "$1/wp-admin/install.php?step=2")" || return 1
  [[ "$out" == *'Success!'* ]]
}

have() { command -v "$1" >/dev/null 2>&1; }

# require NAME...: each setting is set and not empty (they come from
# settings.env: a script never repeats their default).
require() {
  local n
  for n in "$@"; do [[ -n "${!n:-}" ]] || die "$n is not set (settings.env holds it)"; done
}

# go_at_least VERSION: the go on PATH is VERSION or later.
go_at_least() {
  local v
  v="$(go env GOVERSION 2>/dev/null)" || return 1
  v="${v#go}"
  [[ "$(printf '%s\n%s\n' "$1" "$v" | sort -V | head -n 1)" == "$1" ]]
}

# need_go TOOL: die unless go GO_MIN_VERSION or later is there to build TOOL.
need_go() {
  require GO_MIN_VERSION
  go_at_least "$GO_MIN_VERSION" || die "building $1 needs Go $GO_MIN_VERSION or later (found: $(go env GOVERSION 2>/dev/null || echo none))"
}

# go_install_once GOBIN PACKAGE@VERSION: build PACKAGE's command into GOBIN
# with `go install` (log: GOBIN/<command>.log) unless it is already there.
go_install_once() {
  local gobin="$1" pkg="$2" name
  name="${pkg%@*}"
  name="${name##*/}"
  [[ -x "$gobin/$name" ]] && return 0
  need_go "$name"
  step "building $name ${pkg##*@}"
  mkdir -p "$gobin"
  run_logged "$gobin/$name.log" env GOBIN="$gobin" CGO_ENABLED=0 go install "$pkg"
}

# go_module_source MODULE VERSION WORK: download MODULE@VERSION from the Go
# module proxy (with `go mod download`, which wants the exact version where
# `go install` would also ask for the module's version list, refused for some
# modules) and copy its source to WORK/src, writable.
go_module_source() {
  local module="$1" version="$2" work="$3" src
  src="$(cd "$work" && GOFLAGS=-mod=mod go mod download -json "$module@$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')" \
    || die "go mod download of ${module##*/}@$version failed (see above; is GOPROXY in 'go env' reachable?)"
  [[ -d "$src" ]] || die "go mod download gave no source for ${module##*/}@$version"
  cp -r "$src" "$work/src" && chmod -R u+w "$work/src"
}

# linked_to LINK TARGET: LINK resolves to TARGET (the cache's bin/ links name
# the version they were built at).
linked_to() { [[ -x "$2" && "$(readlink -f "$1" 2>/dev/null)" == "$(readlink -f "$2")" ]]; }

# The Python tools' venv and whether it was built from the current
# tools/requirements.txt and requirements.lock (deps.sh records their hash).
WPECS_VENV="$WPECS_CACHE/venv"
requirements_hash() {
  local dir
  dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
  cat "$dir/requirements.txt" "$dir/requirements.lock" | sha256sum | cut -d' ' -f1
}
venv_current() {
  [[ -x "$WPECS_VENV/bin/python" && "$(cat "$WPECS_VENV/.requirements.sha256" 2>/dev/null)" == "$(requirements_hash)" ]]
}

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

# tools_table: the rows of tools/tools.tsv (the one table of tools that
# check.sh and deps.sh read), one per line, comments and blank lines dropped,
# each checked for its six tab-separated columns.
tools_table() {
  local table
  table="${WPECS_TOOLS_TABLE:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/tools.tsv}"
  awk -F'\t' -v f="$table" '
    /^#/ || /^[[:space:]]*$/ { next }
    NF != 6 { printf "error: %s:%d: %d columns, want 6 (name scope version install check why)\n", f, NR, NF > "/dev/stderr"; bad = 1; next }
    $2 != "local" && $2 != "aws" && $2 != "arm64" { printf "error: %s:%d: scope \"%s\" is none of local, aws, arm64\n", f, NR, $2 > "/dev/stderr"; bad = 1; next }
    $4 !~ /^(apt:|run:|manual:|pip$)/ { printf "error: %s:%d: install \"%s\" is none of apt:, run:, manual:, pip\n", f, NR, $4 > "/dev/stderr"; bad = 1; next }
    { print }
    END { exit bad }' "$table"
}

# The tools the scripts run, each with its one default (a value from the
# environment wins): the versions make deps installs into the cache, and the
# AWS CLI on PATH. make takes them from here too (tool_paths, below).
TOFU="${TOFU:-$WPECS_CACHE/tofu/$TOFU_VERSION/tofu}"
TFLINT="${TFLINT:-$WPECS_CACHE/bin/tflint}"
TERRAFORM_DOCS="${TERRAFORM_DOCS:-$WPECS_CACHE/bin/terraform-docs}"
AWS_CLI="${AWS_CLI:-aws}"
# The tree of stacks/, modules/ and envs/ that infra/stacks/*.sh drive (the
# emulator test points them to a copy).
INFRA_DIR="${INFRA_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/infra}"
export TOFU TFLINT TERRAFORM_DOCS AWS_CLI
# tool_paths: make's view of the lines above (NAME=value, one a line; make
# splits them on white space, so a path holding some is refused here).
tool_paths() {
  local line
  for line in "WPECS_CACHE=$WPECS_CACHE" "TOFU=$TOFU" "TFLINT=$TFLINT" "TERRAFORM_DOCS=$TERRAFORM_DOCS"; do
    [[ "$line" != *[[:space:]]* ]] || die "${line%%=*}='${line#*=}' holds white space, which make cannot pass on: choose a path without"
  done
  printf '%s\n' "WPECS_CACHE=$WPECS_CACHE" "TOFU=$TOFU" "TFLINT=$TFLINT" "TERRAFORM_DOCS=$TERRAFORM_DOCS"
}
