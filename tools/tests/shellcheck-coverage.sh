#!/usr/bin/env bash
# Every shell script in the repository is shellchecked by `make test-unit`,
# from the check of the area it belongs to (static checks live next to what
# they check). Reads the `shellcheck -x` commands of the places that run them
# and fails on a tracked script none of them names, by path or by glob.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
# shellcheck source=tools/lib.sh
source "$root/tools/lib.sh"
# shellcheck source=tools/tests/lib.sh
source "$root/tools/tests/lib.sh"
cd "$root"

# Where `make test-unit` runs shellcheck (Makefile and mk/ recipes, the
# image's and infra's unit scripts).
runners=(Makefile mk/*.mk image/tests/unit.sh infra/stacks/unit.sh)
checked="$(
  grep -h -v '^[[:space:]]*#' "${runners[@]}" | grep 'shellcheck -x ' |
    sed -e 's/.*shellcheck -x //' -e 's/[)].*//' |
    tr ' ' '\n' | grep -v '^$' |
    while IFS= read -r pattern; do compgen -G "$pattern" || true; done | sort -u
)"

# Tracked shell scripts: a .sh ending, or a sh/bash shebang. Not the Ansible
# templates (*.sh.j2): shell only once rendered, they are shellchecked as the
# image has them (image/tests/test_image.py, test_wrappers_pass_shellcheck).
scripts="$(
  git ls-files ':!*.j2' | while IFS= read -r f; do
    [[ -f "$f" ]] || continue
    if [[ "$f" == *.sh ]] || head -c 64 "$f" | head -n 1 | grep -Eq '^#!.*[/ ](ba)?sh( |$)'; then
      echo "$f"
    fi
  done | sort -u
)"

while IFS= read -r f; do
  if grep -qxF "$f" <<<"$checked"; then ok "$f"; else fail "$f is shellchecked by no check of make test-unit"; fi
done <<<"$scripts" >/dev/null
finish shellcheck-coverage "shellcheck-coverage: all $tests_passed shell scripts are checked by make test-unit"
