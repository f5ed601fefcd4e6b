#!/usr/bin/env bash
# Install the tools of tools/tools.tsv on Debian or Ubuntu (the table
# `make check` reads too). Idempotent: what is present is kept, big builds are
# cached in $WPECS_CACHE keyed by version.
#   tools/deps.sh          every row but the arm64 ones
#   tools/deps.sh --local  the local rows: what `make up` needs
#   tools/deps.sh --aws    the aws rows' install scripts only (OpenTofu, the
#                          provider mirror, the linters): no apt, no root
#   tools/deps.sh --arm64  the arm64 rows: an arm64 build on an amd64 machine
#                          (make init/build ARCH=arm64 run it)
#   tools/deps.sh --plan   print, per row, what the others would do; change nothing
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=tools/lib.sh
source "$here/lib.sh"

scope=all plan=0
case "${1:-}" in
  "") ;;
  --local) scope=local ;;
  --aws) scope=aws ;;
  --arm64) scope=arm64 ;;
  --plan) plan=1 ;;
  *) die "unknown option '$1' (usage: tools/deps.sh [--local|--aws|--arm64|--plan])" ;;
esac
rows="$(tools_table)" || exit 1
in_scope() { [[ $scope == "$1" || ($scope == all && $1 != arm64) ]]; }
present() { (eval "$1") </dev/null >/dev/null 2>&1; }

if ((plan)); then
  while IFS=$'\t' read -r name _scope _version install _check _why; do
    case "$install" in
      apt:*) printf '%s\tapt-get install %s\n' "$name" "${install#apt:}" ;;
      pip) printf '%s\tpip install -r tools/requirements.txt -c tools/requirements.lock\n' "$name" ;;
      run:*) printf '%s\ttools/%s\n' "$name" "${install#run:}" ;;
      manual:*) printf '%s\tstop: %s\n' "$name" "$(eval "echo \"${install#manual:}\"")" ;;
    esac
  done <<<"$rows"
  exit 0
fi

if [[ $scope != aws ]]; then
  [[ -r /etc/debian_version ]] || die "make deps supports Debian or Ubuntu only; see 'make check' for what to install"
  # Debian packages first, in one apt-get run: the rows after them use them.
  missing=()
  while IFS=$'\t' read -r _name row_scope _version install check _why; do
    if [[ $install != apt:* ]] || ! in_scope "$row_scope"; then continue; fi
    present "$check" && continue
    read -r -a pkgs <<<"${install#apt:}"
    missing+=("${pkgs[@]}")
  done <<<"$rows"
  if ((${#missing[@]})); then
    again="make deps"
    [[ $scope != arm64 ]] || again="tools/deps.sh --arm64" # make deps leaves the arm64 rows out
    [[ $EUID -eq 0 ]] || die "missing Debian packages (${missing[*]}): run '$again' as root (or with sudo)"
    step "apt-get install ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    run_logged /tmp/wpecs-apt-update.log apt-get update
    # Another apt run (a second checkout's make deps) may hold the lock for a while.
    run_logged /tmp/wpecs-apt-install.log apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "${missing[@]}"
  else
    step "Debian packages present"
  fi
fi

while IFS=$'\t' read -r name row_scope _version install check _why; do
  in_scope "$row_scope" || continue
  case "$install" in
    apt:*) ;;
    pip)
      [[ $scope != aws ]] || continue
      if venv_current; then
        step "$name present in $WPECS_VENV"
      else
        step "$name into $WPECS_VENV (tools/requirements.txt)"
        [[ -x "$WPECS_VENV/bin/python" ]] || python3 -m venv "$WPECS_VENV"
        run_logged /tmp/wpecs-pip.log "$WPECS_VENV/bin/pip" install -q -r "$here/requirements.txt" -c "$here/requirements.lock"
        requirements_hash >"$WPECS_VENV/.requirements.sha256"
      fi
      ;;
    # Install scripts keep what is built and say so: run every time, so a
    # changed version in settings.env is built without asking.
    run:*)
      "$here/${install#run:}"
      ;;
    manual:*)
      [[ $scope != aws ]] || continue
      present "$check" || die "$name: $(eval "echo \"${install#manual:}\"")"
      ;;
  esac
done <<<"$rows"
step "toolchain ready ($scope)"
