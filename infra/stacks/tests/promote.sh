#!/usr/bin/env bash
# `run.sh promote FROM TO` (make promote) with stand-ins for tofu and the AWS
# CLI: they answer from files what the stacks' outputs and ECR would say, and
# record every apply. Checks that a promotion deploys to TO exactly the tag
# FROM runs from the shared repository, and that every reason to refuse ends
# in one line, a non-zero exit and no apply at all.
# Ends with "promote: N passed, M failed".
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
run_sh="$here/../run.sh"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# shellcheck source=tools/tests/lib.sh
source "$here/../../../tools/tests/lib.sh"

mkdir -p "$work/bin" "$work/answers" "$work/images"
# tofu: init does nothing; output -raw NAME answers from answers/<env>.<stack>.<NAME>
# (env and stack from TF_DATA_DIR = <root>/<env>/<stack>); apply is recorded.
cat >"$work/bin/tofu" <<'STUB'
#!/usr/bin/env bash
set -euo pipefail
stack="${TF_DATA_DIR##*/}" env="${TF_DATA_DIR%/*}"; env="${env##*/}"
args=()
for a in "$@"; do [[ "$a" == -chdir=* ]] || args+=("$a"); done
case "${args[0]}" in
  init) exit 0 ;;
  output)
    f="$FAKE/answers/$env.$stack.${args[-1]}"
    [[ -f "$f" ]] || { echo "No outputs found" >&2; exit 1; }
    cat "$f" ;;
  apply) echo "$env $stack ${args[*]}" >>"$FAKE/applied" ;;
  *) echo "unexpected tofu ${args[*]}" >&2; exit 1 ;;
esac
STUB
# aws: the caller, and describe-images from images/<tag> (its digest).
cat >"$work/bin/aws" <<'STUB'
#!/usr/bin/env bash
set -euo pipefail
case "$1 $2" in
  "sts get-caller-identity") echo "arn:aws:iam::123456789012:user/tester" ;;
  "ecr describe-images")
    tag="$(printf '%s\n' "$@" | sed -n 's/^imageTag=//p')"
    printf '%s\n' "$@" | grep -qx -- '--registry-id' && [[ "$(printf '%s\n' "$@" | grep -A1 -x -- '--registry-id' | tail -n 1)" == 123456789012 ]] ||
      { echo "expected --registry-id 123456789012: $*" >&2; exit 2; }
    [[ -f "$FAKE/images/$tag" ]] || { echo "An error occurred (ImageNotFoundException): tag $tag" >&2; exit 254; }
    cat "$FAKE/images/$tag" ;;
  "ecs describe-services")
    # The deployments, one per line as run.sh's --query asks: status, task
    # definition, rollout state, reason (tab-separated).
    cat "$FAKE/deployments" ;;
  *) echo "unexpected aws $*" >&2; exit 2 ;;
esac
STUB
chmod +x "$work/bin/tofu" "$work/bin/aws"

repo="123456789012.dkr.ecr.eu-west-1.amazonaws.com/wpecs/prod/wordpress"
td="arn:aws:ecs:eu-west-1:123456789012:task-definition/wpecs-prod"
answer() { printf '%s' "$2" >"$work/answers/$1"; }
reset() {
  rm -f "$work/applied" "$work/answers/"* "$work/images/"*
  answer dev.base.repository_url "$repo"
  answer dev.base.repository_name "wpecs/prod/wordpress"
  answer prod.base.repository_url "$repo"
  answer dev.wordpress.image "$repo:1.4.0"
  echo "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" >"$work/images/1.4.0"
  # After the apply, run.sh waits for the prod service's deployment.
  answer prod.wordpress.cluster_name "wpecs-prod"
  answer prod.wordpress.service_name "wpecs-prod"
  answer prod.wordpress.task_definition_arn "$td:8"
  printf 'PRIMARY\t%s\tCOMPLETED\tdone\n' "$td:8" >"$work/deployments"
}

promote() { # from to: run it, keep stdout+stderr in $work/out, return its status
  env FAKE="$work" TOFU="$work/bin/tofu" AWS_CLI="$work/bin/aws" TF_DATA_ROOT="$work/tofu" \
    TF_STATE_BUCKET=state-bucket AWS_REGION=eu-west-1 VERSION="${VERSION:-1.4.0}" AUTO_APPROVE=1 \
    "$run_sh" promote "$@" >"$work/out" 2>&1
}

bad() { # what why: a failed check, with the output of the run that failed it
  fail "$1: $2"
  sed 's/^/       /' "$work/out" >&2
}

# refused: exit non-zero, the last line is one "error: promote: ..." line
# naming the reason, and nothing was applied.
refused() { # what pattern from to
  local what="$1" pattern="$2"
  shift 2
  if promote "$@"; then bad "$what" "exit 0"; return; fi
  if [[ -e "$work/applied" ]]; then bad "$what" "applied: $(cat "$work/applied")"; return; fi
  if ! tail -n 1 "$work/out" | grep -Eq "^error: promote: .*$pattern"; then bad "$what" "last line does not say '$pattern'"; return; fi
  ok "$what"
}

reset
if promote dev prod && [[ "$(cat "$work/applied" 2>/dev/null)" == "prod wordpress apply "*"-var=image_tag=1.4.0"* ]] &&
  grep -q "sha256:0123456789abcdef" "$work/out" && [[ "$(wc -l <"$work/applied")" == 1 ]]; then
  ok "dev runs 1.4.0 from the shared repository: prod's wordpress stack (only) is applied with 1.4.0, digest printed"
else
  bad "promotion of a tested tag" "applied: $(cat "$work/applied" 2>/dev/null)"
fi

# The promotion's deployment rolled back by ECS: make promote must fail too.
reset
printf 'PRIMARY\t%s\tCOMPLETED\tdone\n' "$td:7" >"$work/deployments"
if promote dev prod; then
  bad "a rolled-back promotion fails" "exit 0"
elif ! tail -n 1 "$work/out" | grep -q "^error: deployment of wpecs-prod:8 failed; ECS rolled back to wpecs-prod:7"; then
  bad "a rolled-back promotion fails" "last line: $(tail -n 1 "$work/out")"
else
  ok "a promotion that ECS rolled back fails in one line naming both revisions"
fi

reset
answer prod.base.repository_url "123456789012.dkr.ecr.eu-west-1.amazonaws.com/wpecs/other/wordpress"
refused "refused when TO pulls from another repository" "must share one repository" dev prod

reset
answer dev.wordpress.image "$repo:1.3.9"
refused "refused when FROM does not run the tag" "runs '$repo:1.3.9', not $repo:1.4.0" dev prod

reset
rm -f "$work/answers/dev.wordpress.image"
refused "refused when FROM has no service yet" "runs 'nothing'" dev prod

reset
rm -f "$work/images/1.4.0"
refused "refused when the tag is gone from the repository" "is not in the repository" dev prod

reset
rm -f "$work/answers/prod.base.repository_url"
refused "refused when TO has no base stack" "cannot read the base stack of prod" dev prod

reset
refused "refused when FROM and TO are the same" "both 'dev'" dev dev

reset
refused "refused for an unknown environment" "'qa' is not an environment" dev qa

reset
VERSION='bad tag!' promote dev prod && bad "refused for an invalid VERSION" "exit 0" ||
  { [[ ! -e "$work/applied" ]] && tail -n 1 "$work/out" | grep -q "is not a valid image tag" && ok "refused for an invalid VERSION"; } ||
  bad "refused for an invalid VERSION" "no clear line or applied"

finish promote
