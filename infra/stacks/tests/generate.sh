#!/usr/bin/env bash
# infra/generate.sh on a copy of the tree: --check passes on the tree as
# committed, and fails, naming the file, on each kind of drift (a generated
# region edited by hand, a mock_provider "aws" without the shared mocks, a
# versions.tf whose pin is not settings.env's, a region left open); writing
# then repairs what it can; an unclosed region, or a mock_provider "aws"
# without the markers, is refused with nothing written. Ends with "generate: N passed, M failed".
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# shellcheck source=tools/tests/lib.sh
source "$root/tools/tests/lib.sh"

# The generator reads settings.env through tools/lib.sh and writes under infra/.
mkdir -p "$work/tools"
cp "$root/settings.env" "$work/"
cp "$root/tools/lib.sh" "$work/tools/"
cp -r "$root/infra" "$work/"
gen="$work/infra/generate.sh"
mocks="infra/modules/backup/tests/backup.tftest.hcl"


expect_stale() { # what file: --check must exit 1 and name file
  local out
  if out="$("$gen" --check 2>&1)"; then
    fail "$1: --check passed"
  elif grep -qF "$2" <<<"$out"; then
    ok "$1: --check fails and names $2"
  else
    fail "$1: --check failed without naming $2: $out"
  fi
}
repaired() { # what: writing, then --check, must pass
  if "$gen" >/dev/null 2>&1 && "$gen" --check >/dev/null 2>&1; then ok "$1: make docs repairs it"; else fail "$1: still stale after writing"; fi
}

if "$gen" --check >/dev/null 2>&1; then ok "the committed tree is up to date"; else fail "the committed tree is stale: $("$gen" --check 2>&1 | tail -n 3)"; fi

sed -i 's/account_id = "123456789012"/account_id = "999999999999"/' "$work/$mocks"
expect_stale "a shared mock edited in one test file" "$mocks"
repaired "a shared mock edited in one test file"

sed -i '/# >>> infra\/tests\/mocks\/aws.tfmock.hcl/,/# <<< infra\/tests\/mocks\/aws.tfmock.hcl/d' "$work/$mocks"
expect_stale "a mock_provider \"aws\" without the shared mocks" "$mocks"

cp "$root/$mocks" "$work/$mocks"
sed -i 's/^  version = .*/  version = "5.0.0"/; s/"[0-9]*\.[0-9]*\.[0-9]*"/"5.0.0"/' "$work/infra/stacks/base/versions.tf"
expect_stale "a stack pinned to another provider than PROVIDER_VERSION" "infra/stacks/base/versions.tf"
repaired "a stack pinned to another provider than PROVIDER_VERSION"
if grep -q "version = \"$(sed -n 's/^PROVIDER_VERSION=//p' "$root/settings.env")\"" "$work/infra/stacks/base/versions.tf"; then
  ok "the written pin is settings.env's PROVIDER_VERSION"
else
  fail "the written pin is not PROVIDER_VERSION"
fi

# Refusals write nothing: a stale versions.tf (generated before any test
# file) must still be stale after each.
versions="$work/infra/stacks/base/versions.tf"
sed -i 's/"[0-9]*\.[0-9]*\.[0-9]*"/"5.0.0"/' "$versions"
stale_versions="$(cat "$versions")"

sed -i '/# >>> infra\/tests\/mocks\/aws.tfmock.hcl/,/# <<< infra\/tests\/mocks\/aws.tfmock.hcl/d' "$work/$mocks"
if out="$("$gen" 2>&1)"; then
  fail "writing with a mock_provider \"aws\" without the shared mocks: passed"
elif grep -qF "$mocks" <<<"$out" && grep -q "add them by hand" <<<"$out" && [[ "$(cat "$versions")" == "$stale_versions" ]]; then
  ok "writing with a mock_provider \"aws\" without the shared mocks: names the file, says to add the markers, writes nothing"
else
  fail "writing with a mock_provider \"aws\" without the shared mocks: $out"
fi

cp "$root/$mocks" "$work/$mocks"
sed -i '/# <<< infra\/tests\/mocks\/aws.tfmock.hcl/d' "$work/$mocks"
before="$(cat "$work/$mocks")"
if out="$("$gen" 2>&1)"; then
  fail "an unclosed region: writing passed"
elif [[ "$out" == "error: $mocks: \"# >>> infra/tests/mocks/aws.tfmock.hcl\" has no \"# <<< "* && "$out" != *$'\n'* &&
  "$(cat "$work/$mocks")" == "$before" && "$(cat "$versions")" == "$stale_versions" ]]; then
  ok "an unclosed region: one line naming the file, nothing written"
else
  fail "an unclosed region: $out"
fi

finish generate
