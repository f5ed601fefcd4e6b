#!/usr/bin/env bash
# Report every tool of tools/tools.tsv that is missing, with how to get it;
# exit 1 if anything is missing. The same table drives tools/deps.sh.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=tools/lib.sh
source "$here/lib.sh"

rows="$(tools_table)" || exit 1
missing=0 section=""
while IFS=$'\t' read -r name scope version install check _why; do
  if [[ "$scope" != "$section" ]]; then
    section="$scope"
    case "$scope" in
      local) echo "Image, local stack and tests:" ;;
      aws) echo "AWS (OpenTofu, linters):" ;;
      arm64) echo "arm64 builds on an amd64 machine (ARCH=arm64 installs them: tools/deps.sh --arm64):" ;;
    esac
  fi
  label="$name"
  [[ "$version" == - ]] || label="$name ${!version:-?}"
  case "$install" in
    apt:*) how="apt-get install ${install#apt:} (or make deps)" ;;
    pip) how="make deps (pip install into $WPECS_VENV from tools/requirements.txt)" ;;
    run:*) how="make deps (tools/${install#run:})" ;;
    manual:*) how="$(eval "echo \"${install#manual:}\"")" ;;
  esac
  if (eval "$check") </dev/null >/dev/null 2>&1; then
    printf '  ok       %s\n' "$label"
  elif [[ $scope == arm64 ]]; then # only ARCH=arm64 needs them, and installs them
    printf '  MISSING  %-24s %s\n' "$label" "tools/deps.sh --arm64 (make does it for ARCH=arm64)"
  else
    printf '  MISSING  %-24s %s\n' "$label" "$how"
    missing=$((missing + 1))
  fi
done <<<"$rows"

if ((missing)); then
  echo "$missing tool(s) missing: run 'make deps' (Debian/Ubuntu, as root) or install them as shown." >&2
  exit 1
fi
echo "All tools present."
