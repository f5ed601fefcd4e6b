#!/usr/bin/env bash
# Writes what infra/ repeats from one home (docs/decisions/0010-generated-infra-copies.md):
#   - every module's and stack's versions.tf, from infra/versions/module.tf.in
#     and stack.tf.in (a stack's @PROVIDER_VERSION@ and @TOFU_MINOR@ from
#     settings.env: a terraform block cannot read a variable);
#   - in every test file, the lines between "# >>> SOURCE" and "# <<< SOURCE":
#     SOURCE's blocks (its header comment left out), indented like the marker
#     (infra/tests/mocks/aws.tfmock.hcl: the AWS mocks all tests share).
# Usage: infra/generate.sh          write them (make docs)
#        infra/generate.sh --check  change nothing; name each file that
#                                   differs and exit 1 (make test-unit-infra)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=tools/lib.sh
source "$root/tools/lib.sh"

case "${1:-write}" in
  write) check=0 ;;
  --check) check=1 ;;
  *) die_usage "usage: $0 [--check]" ;;
esac
[[ "$PROVIDER_VERSION" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "settings.env: PROVIDER_VERSION='$PROVIDER_VERSION' is not a release (X.Y.Z)"
[[ "$TOFU_VERSION" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "settings.env: TOFU_VERSION='$TOFU_VERSION' is not a release (X.Y.Z)"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
stale=() unmarked=() pending=()

# put GENERATED TARGET: note that TARGET differs; it is written (not with
# --check) only once every file has been generated, so a failure on a later
# file leaves the tree as it was.
put() {
  if cmp -s "$1" "$2"; then return 0; fi
  stale+=("${2#"$root"/}")
  pending+=("$1" "$2")
}

versions_file() { # template: the versions.tf it makes
  printf '# Written by infra/generate.sh (make docs) from infra/versions/%s: edit that.\n' "${1##*/}"
  sed -e "s/@PROVIDER_VERSION@/$PROVIDER_VERSION/g" -e "s/@TOFU_MINOR@/${TOFU_VERSION%.*}/g" "$1"
}

n=0
for d in "$root"/infra/modules/*/ "$root"/infra/stacks/*/; do
  [[ -e "$d/main.tf" ]] || continue
  case "$d" in
    */modules/*) tpl="$root/infra/versions/module.tf.in" ;;
    *) tpl="$root/infra/versions/stack.tf.in" ;;
  esac
  n=$((n + 1))
  versions_file "$tpl" >"$tmp/versions.$n.tf"
  put "$tmp/versions.$n.tf" "${d}versions.tf"
done
((n > 0)) || die "no module or stack under infra/"

fill() { # test file: it, with each marked region refilled from its source
  awk -v root="$root" -v file="${1#"$root"/}" '
    function fail(msg) { printf "error: %s: %s\n", file, msg > "/dev/stderr"; bad = 1; exit 1 }
    /^[ \t]*# >>> / {
      if (src != "") fail("line " NR ": \"# >>>\" inside the region of " src)
      print
      indent = $0; sub(/#.*/, "", indent)
      src = $0; sub(/^[ \t]*# >>> /, "", src); sub(/[ \t].*/, "", src)
      path = root "/" src; body = 0; nlines = 0
      while ((r = (getline line < path)) > 0) {
        if (!body && (line ~ /^#/ || line ~ /^[ \t]*$/)) continue
        body = 1; nlines++
        print (line == "" ? "" : indent line)
      }
      if (r < 0 || nlines == 0) fail("line " NR ": no blocks in " src)
      close(path)
      next
    }
    /^[ \t]*# <<< / {
      end = $0; sub(/^[ \t]*# <<< /, "", end); sub(/[ \t].*/, "", end)
      if (end != src) fail("line " NR ": \"# <<< " end "\" closes no \"# >>> " end "\"")
      src = ""
      print; next
    }
    src != "" { next }
    { print }
    END { if (!bad && src != "") fail("\"# >>> " src "\" has no \"# <<< " src "\"") }
  ' "$1"
}

tests=0
for f in "$root"/infra/modules/*/tests/*.tftest.hcl "$root"/infra/stacks/*/tests/*.tftest.hcl "$root"/infra/stacks/*/tests/envs/*.tftest.hcl; do
  [[ -e "$f" ]] || continue
  # Every test file's AWS mocks start from the shared ones.
  if grep -q '^mock_provider "aws" {' "$f" && ! grep -q '^  # >>> infra/tests/mocks/aws.tfmock.hcl$' "$f"; then
    unmarked+=("${f#"$root"/}")
    continue
  fi
  grep -q '^[[:space:]]*# >>> ' "$f" || continue
  tests=$((tests + 1))
  fill "$f" >"$tmp/test.$tests.hcl" || exit 1 # fill said why, in one line; nothing written
  put "$tmp/test.$tests.hcl" "$f"
done
((tests > 0)) || die "no test file under infra/ has a generated region"

# A region's markers are written by hand: the script cannot place them.
if ((${#unmarked[@]})); then
  printf 'no shared mocks: %s\n' "${unmarked[@]}" >&2
  die "${#unmarked[@]} test file(s) with a mock_provider \"aws\" lack the lines \"  # >>> infra/tests/mocks/aws.tfmock.hcl\" and \"  # <<< infra/tests/mocks/aws.tfmock.hcl\" at its top: add them by hand (infra/stacks/README.md, \"Adding a test\"); nothing written"
fi
if ((check && ${#stale[@]})); then
  printf 'stale: %s\n' "${stale[@]}" >&2
  die "${#stale[@]} generated file(s) differ from their source: make docs writes them"
fi
for ((i = 0; i < ${#pending[@]}; i += 2)); do
  cp "${pending[i]}" "${pending[i + 1]}"
  step "wrote ${pending[i + 1]#"$root"/}"
done
echo "generated: $n versions.tf, the shared regions of $tests test files"
