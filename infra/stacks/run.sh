#!/usr/bin/env bash
# Drive the two root stacks (base, wordpress) of one environment.
# Called by mk/infra.mk; usable by hand:
#
#   infra/stacks/run.sh preflight
#   infra/stacks/run.sh apply base [-target=module.registry]
#   infra/stacks/run.sh apply wordpress          # needs VERSION (the image tag)
#   infra/stacks/run.sh plan  base|wordpress|all [extra tofu plan args]
#   infra/stacks/run.sh destroy                  # wordpress, then base
#   infra/stacks/run.sh output base [name]
#   infra/stacks/run.sh tofu  base|wordpress <tofu args>   # e.g. state list
#   infra/stacks/run.sh promote FROM TO          # deploy the tag VERSION that FROM runs to TO
#
# Environment:
#   ENV               environment: a directory infra/envs/$ENV (required; make's default is dev)
#   TF_STATE_BUCKET   S3 bucket for the state of both stacks (required)
#   AWS_REGION        region to deploy into (or AWS_DEFAULT_REGION; required)
#   TF_STATE_REGION   region of the state bucket (default: AWS_REGION)
#   VERSION           image tag for the wordpress stack
#   AUTO_APPROVE=1    apply/destroy without asking (default 0: ask)
#   TOFU, AWS_CLI     OpenTofu binary, AWS CLI (defaults in tools/lib.sh: the
#                     cache's OpenTofu of TOFU_VERSION, aws on PATH)
#   INFRA_DIR         tree holding stacks/, modules/, envs/ (default in tools/lib.sh: this repo's infra)
#   DEPLOY_TIMEOUT    seconds `apply wordpress` waits for the ECS deployment
#                     to finish (default 1800), DEPLOY_POLL seconds between
#                     looks (default 15)
#   TF_BACKEND_CONFIG_EXTRA  extra backend settings file, TF_VAR_FILE_EXTRA extra
#                     tfvars file (both used by the emulator test only)
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
# shellcheck source=tools/lib.sh
source "$root/tools/lib.sh"

ENV="${ENV:-}"
# AUTO_APPROVE's one default: make passes it empty when it is not given.
AUTO_APPROVE="${AUTO_APPROVE:-0}"
[[ "$AUTO_APPROVE" =~ ^[01]$ ]] || die "AUTO_APPROVE='$AUTO_APPROVE' must be 0 (ask) or 1"
DEPLOY_TIMEOUT="${DEPLOY_TIMEOUT:-1800}"
DEPLOY_POLL="${DEPLOY_POLL:-15}"
region="${AWS_REGION:-${AWS_DEFAULT_REGION:-}}"
state_region="${TF_STATE_REGION:-$region}"
envdir="$INFRA_DIR/envs/$ENV"
# .terraform of each env+stack lives outside the source tree, so switching
# ENV never reuses another environment's backend.
data_root="${TF_DATA_ROOT:-$root/build/tofu}"

valid_envs() {
  local d
  for d in "$INFRA_DIR"/envs/*/; do d="${d%/}"; printf '%s ' "${d##*/}"; done
}

check_env() {
  [[ -n "$ENV" ]] || die "ENV is not set: the environment, one of: $(valid_envs)(e.g. ENV=dev infra/stacks/run.sh ...)"
  [[ "$ENV" =~ ^[a-z][a-z0-9]{1,9}$ && -d "$envdir" ]] ||
    die "ENV='$ENV' is not an environment: pick one of: $(valid_envs)(directories under infra/envs)"
}

check_version() {
  [[ "${VERSION:-}" =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$ ]] ||
    die "VERSION='${VERSION:-}' is not a valid image tag (letters, digits, _ . -; at most 128), e.g. make wordpress VERSION=1.2.3"
}

# Everything that is missing, said once, before anything runs.
preflight() {
  check_env
  local missing=()
  command -v "$TOFU" >/dev/null 2>&1 || missing+=("OpenTofu ('$TOFU' not found; make infra-tools installs it)")
  command -v "$AWS_CLI" >/dev/null 2>&1 || missing+=("the AWS CLI ('$AWS_CLI' not found)")
  [[ -n "${TF_STATE_BUCKET:-}" ]] || missing+=("TF_STATE_BUCKET (S3 bucket for the state, e.g. export TF_STATE_BUCKET=my-tfstate-123456789012)")
  [[ -n "$region" ]] || missing+=("AWS_REGION (region to deploy into, e.g. export AWS_REGION=eu-west-1)")
  if ((${#missing[@]})); then
    local joined
    joined="$(printf '%s; ' "${missing[@]}")"
    die "ENV=$ENV: missing ${joined%; }"
  fi
  local who
  if ! who="$(aws_cli sts get-caller-identity --query Arn --output text 2>&1)"; then
    die "no usable AWS credentials (aws sts get-caller-identity: ${who##*$'\n'}); set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY"
  fi
  step "ENV=$ENV region=$region state=s3://$TF_STATE_BUCKET ($state_region) as $who"
}

aws_cli() {
  # An emulator endpoint given as AWS_ENDPOINT_URL is passed explicitly:
  # older CLI versions ignore the variable.
  if [[ -n "${AWS_ENDPOINT_URL:-}" ]]; then
    "$AWS_CLI" --endpoint-url "$AWS_ENDPOINT_URL" "$@"
  else
    "$AWS_CLI" "$@"
  fi
}

tf() { # stack args...: tofu in the stack's directory with its own data dir
  local stack="$1"; shift
  TF_DATA_DIR="$data_root/$ENV/$stack" TF_IN_AUTOMATION=1 \
    "$TOFU" -chdir="$INFRA_DIR/stacks/$stack" "$@"
}

init() { # stack
  local stack="$1" args=()
  [[ -f "$envdir/$stack.backend.hcl" ]] || die "missing $envdir/$stack.backend.hcl"
  [[ -f "$envdir/$stack.tfvars" ]] || die "missing $envdir/$stack.tfvars"
  args=(-input=false -reconfigure
    "-backend-config=$envdir/$stack.backend.hcl"
    "-backend-config=bucket=$TF_STATE_BUCKET"
    "-backend-config=region=$state_region")
  [[ -z "${TF_BACKEND_CONFIG_EXTRA:-}" ]] || args+=("-backend-config=$TF_BACKEND_CONFIG_EXTRA")
  step "$stack: init (state s3://$TF_STATE_BUCKET/$(sed -n 's/^key *= *"\(.*\)"/\1/p' "$envdir/$stack.backend.hcl"))"
  tf "$stack" init "${args[@]}" >"$data_root/$ENV/$stack.init.log" 2>&1 ||
    { cat "$data_root/$ENV/$stack.init.log" >&2; die "$stack: tofu init failed"; }
}

# Variables of a stack for plan/apply/destroy.
var_args() { # stack
  local stack="$1"
  VARS=(-input=false -lock-timeout=120s "-var-file=$envdir/$stack.tfvars" "-var=region=$region")
  if [[ "$stack" == wordpress ]]; then
    VARS+=("-var=state_bucket=$TF_STATE_BUCKET" "-var=state_region=$state_region" "-var=image_tag=$VERSION")
  fi
  [[ -z "${TF_VAR_FILE_EXTRA:-}" ]] || VARS+=("-var-file=$TF_VAR_FILE_EXTRA")
}

check_deploy_wait() {
  [[ "$DEPLOY_TIMEOUT" =~ ^[0-9]{1,6}$ ]] ||
    die "DEPLOY_TIMEOUT='$DEPLOY_TIMEOUT' is not a number of seconds"
  [[ "$DEPLOY_POLL" =~ ^[1-9][0-9]{0,3}$ ]] ||
    die "DEPLOY_POLL='$DEPLOY_POLL' is not a number of seconds from 1"
}

approve_flag() { if [[ "$AUTO_APPROVE" == 1 ]]; then echo -auto-approve; fi; }

base_has_outputs() {
  init base
  [[ "$(tf base output -json 2>/dev/null | tr -d '[:space:]')" =~ cluster_arn ]]
}

cmd_apply() { # stack [extra args]
  local stack="$1"; shift
  [[ "$stack" == base || "$stack" == wordpress ]] || die "apply: stack must be base or wordpress, not '$stack'"
  if [[ "$stack" == wordpress ]]; then
    check_version
    check_deploy_wait
  fi
  mkdir -p "$data_root/$ENV"
  init "$stack"
  var_args "$stack"
  step "$stack: apply${VERSION:+ (image tag $VERSION)}${*:+ $*}"
  # shellcheck disable=SC2046
  tf "$stack" apply "${VARS[@]}" $(approve_flag) "$@"
  step "$stack: applied"
  [[ "$stack" != wordpress ]] || wait_deployment
}

# The apply returns once ECS accepted the new task definition (or, with
# wait_for_steady_state, once the service is stable, which it also is after
# the deployment circuit breaker rolled it back). Whether the deployment
# succeeded is only in the service's deployments: wait until the deployment of
# the stack's task definition is COMPLETED; stop with one line when it FAILED
# or the service runs another task definition (ECS rolled back).
wait_deployment() {
  local cluster service want
  cluster="$(tf wordpress output -raw cluster_name 2>/dev/null)" || cluster=""
  service="$(tf wordpress output -raw service_name 2>/dev/null)" || service=""
  want="$(tf wordpress output -raw task_definition_arn 2>/dev/null)" || want=""
  [[ -n "$cluster" && -n "$service" && -n "$want" ]] ||
    die "wordpress: the stack has no cluster_name, service_name or task_definition_arn output"
  step "wordpress: waiting for the deployment of ${want##*/} (at most ${DEPLOY_TIMEOUT}s)"
  deploy_state="unknown" deploy_reason=""
  poll "$DEPLOY_TIMEOUT" "$DEPLOY_POLL" deployment_done "$cluster" "$service" "$want" ||
    die "deployment of ${want##*/} did not finish within ${DEPLOY_TIMEOUT}s (rollout state $deploy_state: $deploy_reason); see the service's events"
  step "wordpress: deployment of ${want##*/} completed"
}

# deployment_done CLUSTER SERVICE TASKDEF: the deployment of TASKDEF is
# COMPLETED (return 0), still running (return 1; deploy_state and
# deploy_reason say where it is), or failed (die).
deployment_done() {
  local cluster="$1" service="$2" want="$3" rows primary_td failed
  # One line per deployment: status, task definition, rollout state, reason.
  rows="$(aws_cli ecs describe-services --region "$region" --cluster "$cluster" --services "$service" \
    --query 'services[0].deployments[].[status, taskDefinition, rolloutState, rolloutStateReason]' \
    --output text)" || die "wordpress: cannot describe service $service in cluster $cluster"
  primary_td="$(awk -F '\t' '$1 == "PRIMARY" { print $2; exit }' <<<"$rows")"
  failed="$(awk -F '\t' -v td="$want" '$2 == td && $3 == "FAILED" { print $4; exit }' <<<"$rows")"
  [[ -n "$primary_td" ]] || die "wordpress: service $service in cluster $cluster has no PRIMARY deployment (does it exist?)"
  if [[ "$primary_td" != "$want" ]]; then
    die "deployment of ${want##*/} failed; ECS rolled back to ${primary_td##*/}${failed:+ ($failed)}"
  fi
  [[ -z "$failed" ]] ||
    die "deployment of ${want##*/} failed (${failed}); ECS did not roll back (deployment circuit breaker without rollback?)"
  deploy_state="$(awk -F '\t' '$1 == "PRIMARY" { print $3; exit }' <<<"$rows")"
  deploy_state="${deploy_state:-unknown}"
  deploy_reason="$(awk -F '\t' '$1 == "PRIMARY" { print $4; exit }' <<<"$rows")"
  # Without a rollout state (not the ECS rolling-update controller) the
  # deployment is done when it is the only one left.
  [[ "$deploy_state" == COMPLETED || ( "$deploy_state" == None && "$(grep -c . <<<"$rows")" == 1 ) ]]
}

cmd_plan() { # base|wordpress|all [extra args]
  local which="$1"; shift
  local stacks=()
  case "$which" in
    base | wordpress) stacks=("$which") ;;
    all) stacks=(base wordpress) ;;
    *) die "plan: stack must be base, wordpress or all, not '$which'" ;;
  esac
  mkdir -p "$data_root/$ENV"
  local s rc=0
  for s in "${stacks[@]}"; do
    if [[ "$s" == wordpress ]]; then
      check_version
      if [[ "$which" == all ]] && ! base_has_outputs; then
        step "wordpress: not planned, the base stack has no state yet (make infra ENV=$ENV first)"
        continue
      fi
    fi
    init "$s"
    var_args "$s"
    step "$s: plan"
    tf "$s" plan "${VARS[@]}" "$@" || rc=$?
    # -detailed-exitcode: 2 means "changes", which is not a failure here.
    if ((rc == 1)); then die "$s: plan failed"; fi
  done
  return "$rc"
}

cmd_destroy() {
  if [[ "$AUTO_APPROVE" != 1 ]]; then
    local answer
    printf 'Destroy EVERYTHING of environment "%s" (service, cluster, database, files, images)?\nType the environment name to confirm: ' "$ENV" >&2
    read -r answer || true
    [[ "$answer" == "$ENV" ]] || die "not confirmed; nothing destroyed"
  fi
  mkdir -p "$data_root/$ENV"
  # The image tag does not matter for a destroy; any valid one will do.
  VERSION="${VERSION:-destroy}"
  check_version
  if base_has_outputs; then
    init wordpress
    var_args wordpress
    step "wordpress: destroy"
    tf wordpress destroy "${VARS[@]}" -auto-approve
  else
    step "wordpress: nothing to destroy (no base stack state)"
  fi
  init base
  var_args base
  step "base: destroy"
  tf base destroy "${VARS[@]}" -auto-approve
  step "environment $ENV destroyed"
}

cmd_output() { # stack [name]
  local stack="$1"; shift
  mkdir -p "$data_root/$ENV"
  init "$stack"
  if (($#)); then tf "$stack" output -raw "$1"; else tf "$stack" output; fi
}

cmd_tofu() { # stack args...: any tofu command in the env's initialised stack
  local stack="$1"; shift
  [[ "$stack" == base || "$stack" == wordpress ]] || die "tofu: stack must be base or wordpress, not '$stack'"
  mkdir -p "$data_root/$ENV"
  init "$stack"
  tf "$stack" "$@"
}

# One image, promoted: TO deploys the tag FROM runs now, from the repository
# both share (image_repository in infra/envs/*/base.tfvars), so TO runs the
# very digest tested in FROM. Tags are immutable: the digest printed here is
# the one TO's tasks pull.
cmd_promote() { # FROM TO
  local from="${1:-}" to="${2:-}" e
  for e in "$from" "$to"; do
    [[ "$e" =~ ^[a-z][a-z0-9]{1,9}$ && -d "$INFRA_DIR/envs/$e" ]] ||
      die "promote: '$e' is not an environment: pick FROM and TO among: $(valid_envs)"
  done
  [[ "$from" != "$to" ]] || die "promote: FROM and TO are both '$from'"
  # The environment it changes is TO: ENV is not needed.
  ENV="$to" envdir="$INFRA_DIR/envs/$to" preflight
  check_version
  local from_repo to_repo from_image digest
  from_repo="$(ENV="$from" "$0" output base repository_url)" || die "promote: cannot read the base stack of $from"
  to_repo="$(ENV="$to" "$0" output base repository_url)" || die "promote: cannot read the base stack of $to (make infra ENV=$to first)"
  [[ "$from_repo" == "$to_repo" ]] ||
    die "promote: $from pulls from $from_repo but $to from $to_repo: they must share one repository (image_repository in infra/envs/$from/base.tfvars)"
  from_image="$(ENV="$from" VERSION="$VERSION" "$0" output wordpress image 2>/dev/null)" || from_image=""
  [[ "$from_image" == "$from_repo:$VERSION" ]] ||
    die "promote: $from runs '${from_image:-nothing}', not $from_repo:$VERSION; deploy and test it there first (make wordpress ENV=$from VERSION=$VERSION)"
  local repo_name registry=()
  repo_name="$(ENV="$from" "$0" output base repository_name)" || die "promote: cannot read the repository name of $from"
  # <account>.dkr.ecr.<region>.amazonaws.com/<name>: the owner's account.
  [[ ! "${from_repo%%.*}" =~ ^[0-9]{12}$ ]] || registry=(--registry-id "${from_repo%%.*}")
  digest="$(aws_cli ecr describe-images "${registry[@]}" --repository-name "$repo_name" \
    --image-ids "imageTag=$VERSION" --query 'imageDetails[0].imageDigest' --output text)" ||
    die "promote: $from_repo:$VERSION is not in the repository (expired? see ecr_keep_tagged_images)"
  step "promote: $from_repo:$VERSION ($digest) from $from to $to"
  ENV="$to" "$0" apply wordpress
  step "promote: $to runs $from_repo:$VERSION ($digest)"
}

action="${1:-}"
shift || true
case "$action" in
  preflight) preflight ;;
  check-env) check_env ;;
  apply) preflight; cmd_apply "$@" ;;
  plan) preflight; cmd_plan "${1:-all}" "${@:2}" ;;
  destroy) preflight; cmd_destroy ;;
  output) check_env; cmd_output "$@" ;;
  tofu) check_env; cmd_tofu "$@" ;;
  promote) cmd_promote "$@" ;;
  *) die "usage: $0 preflight|apply <base|wordpress>|plan <base|wordpress|all>|destroy|output <stack> [name]|tofu <stack> <args>|promote <from> <to>" ;;
esac
