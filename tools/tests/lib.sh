# shellcheck shell=bash
# The test scripts' one way to count and report checks. Source it after
# tools/lib.sh:
#   ok WHAT                 a check passed: "ok   WHAT"
#   fail WHAT               a check failed: "FAIL WHAT" (on stderr)
#   check WHAT COMMAND...   ok when COMMAND succeeds, fail when it does not
#   expect WHAT WANT GOT    ok when GOT is WANT, fail naming both otherwise
#   finish NAME [MESSAGE]   the last line: "NAME: P passed, F failed" and exit 1
#                           after a failure; MESSAGE (or that line) otherwise
tests_passed=0
tests_failed=0

ok() {
  tests_passed=$((tests_passed + 1))
  echo "ok   $*"
}

fail() {
  tests_failed=$((tests_failed + 1))
  echo "FAIL $*" >&2
}

check() {
  local what="$1"
  shift
  if "$@"; then ok "$what"; else fail "$what"; fi
}

expect() {
  if [[ "$2" == "$3" ]]; then ok "$1"; else fail "$1: want '$2', got '$3'"; fi
}

finish() {
  if ((tests_failed > 0)); then
    echo "$1: $tests_passed passed, $tests_failed failed" >&2
    exit 1
  fi
  echo "${2:-$1: $tests_passed passed, 0 failed}"
}
