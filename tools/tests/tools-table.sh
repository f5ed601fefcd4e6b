#!/usr/bin/env bash
# `make check` and `make deps` know the same tools: the rows of
# tools/tools.tsv, and nothing beside them. Fails when check.sh reports a tool
# the table lacks (or skips a row), when deps.sh's plan differs from the table,
# when either script names a tool itself, or when an install script is called
# around them. Run by `make test-unit-tools`.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
# shellcheck source=tools/lib.sh
source "$root/tools/lib.sh"
# shellcheck source=tools/tests/lib.sh
source "$root/tools/tests/lib.sh"

rows="$(tools_table)" || { echo "FAIL: tools/tools.tsv does not parse"; exit 1; }
names=() labels=()
while IFS=$'\t' read -r name _scope version _install _check _why; do
  names+=("$name")
  if [[ $version == - ]]; then labels+=("$name"); else labels+=("$name ${!version:-?}"); fi
done <<<"$rows"

# check.sh reports one line per row, and no other tool.
report="$("$root/tools/check.sh" 2>/dev/null || true)"
reported="$(grep -cE '^  (ok|MISSING) ' <<<"$report" || true)"
((reported == ${#names[@]})) || fail "check.sh reports $reported tools, tools.tsv has ${#names[@]}"
for label in "${labels[@]}"; do
  grep -qxF "  ok       $label" <<<"$report" || grep -qF "  MISSING  $label " <<<"$report" ||
    fail "check.sh does not report '$label' (a row of tools.tsv)"
done

# deps.sh's plan names every row, in the table's order, and nothing else.
plan="$("$root/tools/deps.sh" --plan | cut -f1)"
[[ "$plan" == "$(printf '%s\n' "${names[@]}")" ]] ||
  fail "deps.sh --plan lists other tools than tools.tsv: $(diff <(printf '%s\n' "${names[@]}") <(echo "$plan") | grep '^[<>]' | tr '\n' ' ')"

# Neither script knows a tool of its own: no package, command or install script by name.
while IFS= read -r hit; do
  fail "names a tool outside tools.tsv: $hit"
done < <(grep -nHE 'install-[a-z-]+\.sh|apt-get install [a-z]|(^|[;&|(!] *)have [a-z]|need [a-z"]' \
  "$root/tools/check.sh" "$root/tools/deps.sh" || true)

# The install scripts are rows of the table, and only deps.sh runs them.
for script in "$root"/tools/install-*.sh; do
  grep -q "	run:${script##*/}	" "$root/tools/tools.tsv" || fail "${script#"$root"/} is no row of tools.tsv"
done
while IFS= read -r hit; do
  fail "runs an install script around deps.sh: $hit"
done < <(git -C "$root" grep -n -E 'tools/install-[a-z-]+\.sh' -- Makefile 'mk/*.mk' '.github/*' '.ci/*' || true)

# Nothing installs a Debian package on the host but deps.sh (a command that
# runs apt-get ... install -y; messages naming a package do not count).
while IFS= read -r hit; do
  fail "installs a Debian package around deps.sh: $hit"
done < <(git -C "$root" grep -n -E 'apt-get( -o [^ ]+)* install -y' -- Makefile 'mk/*.mk' 'tools/*.sh' '.ci/*' ':!tools/deps.sh' || true)

finish tools-table "check.sh and deps.sh know the same ${#names[@]} tools: the rows of tools/tools.tsv"
