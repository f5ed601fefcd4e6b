#!/usr/bin/env bash
# Static checks of everything under infra/, no AWS account needed:
#   infra/stacks/unit.sh        fmt, generated copies, validate, README tables, tflint, checkov,
#                               tofu test of every module
#   infra/stacks/unit.sh envs   tofu test of both stacks (tests/envs/env.tftest.hcl) with each
#                               environment's tfvars: every env plans, prod rules hold
# Ends with one line: "unit-infra: N passed, M failed (tofu test runs: R passed, F failed)".
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
# shellcheck source=tools/lib.sh
source "$root/tools/lib.sh"

# TOFU, TFLINT, TERRAFORM_DOCS: tools/lib.sh
CHECKOV="${CHECKOV:-$WPECS_CACHE/venv/bin/checkov}"
export TF_CLI_CONFIG_FILE="${TF_CLI_CONFIG_FILE:-$WPECS_CACHE/tofurc}"
export TF_IN_AUTOMATION=1
infra="$root/infra"
data_root="$root/build/tofu/unit"
mkdir -p "$data_root"

[[ -x "$TOFU" ]] || die "OpenTofu not found at $TOFU (make infra-tools builds it)"
[[ -f "$TF_CLI_CONFIG_FILE" ]] || die "no CLI config at $TF_CLI_CONFIG_FILE (make infra-tools writes it with the provider mirror)"

passed=0 failed=0 failures=()
log_of() { local n="${1//[^A-Za-z0-9_.-]/_}"; echo "$data_root/$n.log"; }

check() { # name cmd...: run one check, keep its output for when it fails
  local name="$1" log
  shift
  log="$(log_of "$name")"
  if "$@" >"$log" 2>&1; then
    passed=$((passed + 1))
    step "ok   $name"
  else
    failed=$((failed + 1))
    failures+=("$name")
    step "FAIL $name"
    sed 's/^/    /' "$log" | tail -n 40 >&2
  fi
}

# tofu test runs take most of this script's time and use about one core each:
# UNIT_JOBS of them run at once (2 by default, the CI machine's cores).
UNIT_JOBS="${UNIT_JOBS:-2}"
[[ "$UNIT_JOBS" =~ ^[1-9][0-9]?$ ]] || die "UNIT_JOBS='$UNIT_JOBS' must be a number of parallel tofu tests, 1-99"
bg_names=()
check_bg() { # name cmd...: check in the background, UNIT_JOBS at most at once; collect_bg counts it
  local name="$1" log
  shift
  log="$(log_of "$name")"
  rm -f "$log.rc"
  while (($(jobs -pr | wc -l) >= UNIT_JOBS)); do wait -n || true; done
  bg_names+=("$name")
  {
    if "$@" >"$log" 2>&1; then
      echo 0 >"$log.rc"
      step "ok   $name"
    else
      echo 1 >"$log.rc"
      step "FAIL $name"
    fi
  } &
}
runs_passed=0 runs_failed=0
collect_bg() { # wait for the background checks; count them and their tofu test runs; show each failure's log once, whole
  local name log counts
  wait
  for name in "${bg_names[@]}"; do
    log="$(log_of "$name")"
    # tofu test ends with "Success! N passed, M failed." (or "Failure! ...").
    counts="$(sed -n 's/^\(Success\|Failure\)! \([0-9]*\) passed, \([0-9]*\) failed.*/\2 \3/p' "$log" | tail -n 1)"
    if [[ -n "$counts" ]]; then
      runs_passed=$((runs_passed + ${counts% *}))
      runs_failed=$((runs_failed + ${counts#* }))
    fi
    if [[ "$(cat "$log.rc" 2>/dev/null)" == 0 ]]; then
      passed=$((passed + 1))
    else
      failed=$((failed + 1))
      failures+=("$name")
      printf -- '--- %s\n' "$name" >&2
      sed 's/^/    /' "$log" | tail -n 40 >&2
    fi
  done
  bg_names=()
}

tf_in() { # dir args...: tofu in dir, with .terraform kept out of the tree
  local dir="$1"
  shift
  TF_DATA_DIR="$data_root/${dir#"$infra"/}/.terraform" "$TOFU" -chdir="$dir" "$@"
}

init_validate() { # dir
  tf_in "$1" init -backend=false -input=false -no-color >/dev/null &&
    tf_in "$1" validate -no-color
}

tofu_test() { # dir [args]: tofu test in a dir already initialised (init_validate);
  # parallel tests of one dir share its data dir, which only init writes
  local dir="$1"
  shift
  tf_in "$dir" test -no-color "$@"
}

checkov_all() {
  # Skips only inline, next to the resource, with the reason written there.
  "$CHECKOV" --directory "$infra" --framework terraform --quiet --compact \
    --skip-download --download-external-modules false --output cli
}

tflint_all() {
  # The AWS ruleset must be loaded, not silently missing.
  "$TFLINT" --chdir="$infra" --config="$infra/.tflint.hcl" --version | tee /dev/stderr | grep -q 'ruleset.aws' ||
    { echo "tflint: the aws ruleset is not loaded (tools/install-tflint.sh installs it)"; return 1; }
  "$TFLINT" --chdir="$infra" --recursive --config="$infra/.tflint.hcl" --format=compact
}

# Root stacks pin the exact hashicorp/aws release, settings.env's
# PROVIDER_VERSION: infra/generate.sh writes it into their versions.tf (its
# --check holds the files to the template). What is left to prove is that
# their tests run with it: tofu's selection after init.
provider_pins() {
  local d sel rc=0
  for d in "${stacks[@]}"; do
    tf_in "$d" init -backend=false -input=false -no-color >/dev/null || { echo "${d#"$root"/}: init failed"; rc=1; continue; }
    sel="$(tf_in "$d" version -json | python3 -c 'import json,sys; print(json.load(sys.stdin)["provider_selections"].get("registry.opentofu.org/hashicorp/aws", ""))')"
    if [[ "$sel" != "$PROVIDER_VERSION" ]]; then
      echo "${d#"$root"/}: settings.env's PROVIDER_VERSION is $PROVIDER_VERSION but tofu selected '$sel' (make docs writes the pin)"; rc=1
    else
      echo "${d#"$root"/}: aws $sel"
    fi
  done
  return "$rc"
}

# The stack whose env runs need them: the test file that holds its AWS mocks.
declare -A mocks_of=([base]=stack.tftest.hcl [wordpress]=wiring.tftest.hcl)
env_test() { # stack: the env runs (tests/envs/env.tftest.hcl) after the
  # mock_provider blocks of the stack's mocks file, their one home (OpenTofu
  # 1.10 cannot share a mock_provider between test files), and with that file's
  # base outputs where asked, written as one test file under build/; prints
  # its path relative to the stack (-filter wants that)
  local s="$1" dir src="$infra/stacks/$1/tests"
  dir="$data_root/env-tests/$s"
  mkdir -p "$dir"
  local mocks="$src/${mocks_of[$s]}" part="outputs every base state has had"
  { # tofu fmt leaves a top-level block's closing brace alone at the line start
    sed -n '/^mock_provider /,/^}/p' "$mocks"
    # The line "# INSERT <part>" becomes the mocks file's lines between
    # "# BEGIN <part>" and "# END <part>" (literal values: no other way to
    # share them between test files).
    awk -v part="$part" -v mocks="$mocks" '
      $0 ~ "^[ \t]*# INSERT " part "$" {
        while ((getline l < mocks) > 0) {
          if (l ~ "^[ \t]*# END " part) on = 0
          if (on) print l
          if (l ~ "^[ \t]*# BEGIN " part) on = 1
        }
        next
      }
      { print }' "$src/envs/env.tftest.hcl"
  } >"$dir/env.tftest.hcl"
  grep -q '^mock_provider "aws" {' "$dir/env.tftest.hcl" || die "no mock_provider \"aws\" in $mocks"
  if grep -q "# INSERT $part\$" "$src/envs/env.tftest.hcl"; then
    { grep -q "# BEGIN $part" "$mocks" && grep -q "# END $part" "$mocks"; } ||
      die "$src/envs/env.tftest.hcl asks for the $part, but $mocks has no \"# BEGIN $part\" and \"# END $part\" lines around them"
  fi
  realpath --relative-to="$infra/stacks/$s" "$dir/env.tftest.hcl"
}
env_tofu_test() { # stack test_file tfvars: one env's run, which must have found its runs
  local s="$1" f="$2" out
  out="$(tofu_test "$infra/stacks/$s" -test-directory="${f%/*}" -filter="$f" -var-file="$3")" || { echo "$out"; return 1; }
  echo "$out"
  ! grep -Eq '(^|[^0-9])0 passed, 0 failed' <<<"$out"
}

shellcheck_infra() { # from the root, where the scripts' "shellcheck source=" paths start
  (cd "$root" && shellcheck -x infra/generate.sh infra/stacks/*.sh infra/stacks/tests/*.sh)
}

modules=()
for d in "$infra"/modules/*/; do modules+=("${d%/}"); done
stacks=("$infra/stacks/base" "$infra/stacks/wordpress")

case "${1:-all}" in
  all)
    check "tofu fmt -check -recursive infra" tf_in "$infra" fmt -check -recursive -diff -no-color
    check "versions.tf and the tests' shared mocks (make docs writes them)" "$infra/generate.sh" --check
    check "generate.sh finds every kind of drift (on a copy of the tree)" "$here/tests/generate.sh"
    check "shellcheck of infra/'s scripts" shellcheck_infra
    for d in "${modules[@]}" "${stacks[@]}"; do
      check "validate ${d#"$root"/}" init_validate "$d"
    done
    check "provider pins: the root stacks run with PROVIDER_VERSION" provider_pins
    check "restore.sh refuses bad input before anything runs" "$here/tests/restore.sh"
    check "run.sh promote (stand-ins for tofu and the AWS CLI)" "$here/tests/promote.sh"
    [[ -x "$TERRAFORM_DOCS" ]] || die "terraform-docs not found at $TERRAFORM_DOCS (make infra-tools builds it)"
    for d in "${modules[@]}"; do
      check "README tables of ${d#"$root"/} (make docs writes them)" \
        "$TERRAFORM_DOCS" -c "$infra/modules/.terraform-docs.yml" --output-check "$d"
    done
    [[ -x "$TFLINT" ]] || die "tflint not found at $TFLINT (make infra-tools builds it with the AWS ruleset)"
    check "tflint (aws ruleset) infra" tflint_all
    [[ -x "$CHECKOV" ]] || die "checkov not found at $CHECKOV (make deps installs it into the venv)"
    check "checkov infra" checkov_all
    sed -n 's/^\(Passed checks: [0-9]*, Failed checks: [0-9]*, Skipped checks: [0-9]*\).*/    checkov: \1 (skips are inline, each with its reason)/p' \
      "$(log_of "checkov infra")" >&2
    for d in "${modules[@]}"; do
      if compgen -G "$d/tests/*.tftest.hcl" >/dev/null; then
        check_bg "tofu test ${d#"$root"/}" tofu_test "$d"
      else
        failed=$((failed + 1))
        failures+=("no tests in ${d#"$root"/}")
        step "FAIL ${d#"$root"/} has no tests/*.tftest.hcl"
      fi
    done
    # The stack tests (tests/envs/ needs an env's tfvars: the envs case below).
    for d in "${stacks[@]}"; do
      for f in "$d"/tests/*.tftest.hcl; do
        [[ -e "$f" ]] || continue
        check_bg "tofu test ${d#"$root"/} ${f##*/}" tofu_test "$d" -filter="tests/${f##*/}"
      done
    done
    collect_bg
    ;;
  envs)
    declare -A env_file
    for s in "${stacks[@]}"; do
      check "init ${s#"$root"/}" tf_in "$s" init -backend=false -input=false -no-color
      env_file[${s##*/}]="$(env_test "${s##*/}")"
    done
    for envdir in "$infra"/envs/*/; do
      envdir="${envdir%/}"
      for s in base wordpress; do
        check_bg "tofu test stacks/$s/tests/envs/env.tftest.hcl with envs/${envdir##*/}/$s.tfvars" \
          env_tofu_test "$s" "${env_file[$s]}" "$envdir/$s.tfvars"
      done
    done
    collect_bg
    ;;
  *) die "usage: $0 [all|envs]" ;;
esac

summary="unit-infra${1:+ $1}: $passed passed, $failed failed (tofu test runs: $runs_passed passed, $runs_failed failed)"
if ((failed)); then
  printf '%s (%s)\n' "$summary" "$(IFS=,; echo "${failures[*]}")"
  exit 1
fi
echo "$summary"
