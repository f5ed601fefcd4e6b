#!/usr/bin/env bash
# Hands-on access without SSH: a shell, or the image's maintenance commands
# (/usr/local/lib/wordpress-ecs/maint.php), in a running WordPress container.
#   access.sh shell            a shell
#   access.sh wp               php maint.php $ARGS (words; it becomes www-data)
# ENV empty: a running replica of the local compose project LOCAL_PROJECT
# (docker exec). ENV set: a RUNNING task of that environment's service,
# found from the wordpress stack's outputs, through ECS Exec
# (aws ecs execute-command; needs the Session Manager plugin).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
# shellcheck source=tools/lib.sh
source "$root/tools/lib.sh"
# Every refusal here is exit 64 (make shell/wp's bad input, or nothing to reach).

MAINT=/usr/local/lib/wordpress-ecs/maint.php
cmd="${1:-}"
shift || true
if [[ "$cmd" == wp && $# -eq 0 ]]; then
  read -r -a words <<<"${ARGS:-}"
  set -- "${words[@]}"
fi

case "$cmd" in
  shell) (($# == 0)) || die_usage "shell takes no arguments" ;;
  wp)
    (($#)) || die_usage "ARGS is empty: make wp ARGS='users' (commands: db-upgrade, cache-flush, users, reset-password <login>)"
    for a in "$@"; do
      [[ "$a" =~ ^[A-Za-z0-9_.@+-]+$ ]] || die_usage "ARGS: '$a' is not a command or a login (letters, digits, _ . @ + -)"
    done
    ;;
  *) die_usage "usage: $0 shell | wp ARGS..." ;;
esac

# A terminal when there is one: reset-password prints only to a terminal.
tty=()
[[ -t 0 && -t 1 ]] && tty=(-t)

if [[ -z "${ENV:-}" ]]; then
  require LOCAL_PROJECT
  project="$LOCAL_PROJECT"
  c="$(docker ps -q --filter "label=com.docker.compose.project=$project" \
    --filter label=com.docker.compose.service=wordpress --filter status=running | head -n 1)"
  [[ -n "$c" ]] || die_usage "no running WordPress replica in the local project '$project' (make up starts it)"
  if [[ "$cmd" == shell ]]; then
    exec docker exec -i "${tty[@]}" "$c" bash
  fi
  exec docker exec -i "${tty[@]}" "$c" php "$MAINT" "$@"
fi

command -v "$AWS_CLI" >/dev/null 2>&1 || die_usage "the AWS CLI ('$AWS_CLI') is not installed"
command -v session-manager-plugin >/dev/null 2>&1 ||
  die_usage "ECS Exec needs the AWS Session Manager plugin (session-manager-plugin) next to the AWS CLI"
out() { "$root/infra/stacks/run.sh" output wordpress "$1"; }
cluster="$(out cluster_name)" || die_usage "ENV=$ENV: no wordpress stack outputs (make wordpress ENV=$ENV first)"
service="$(out service_name)"
container="$(out container_name)"
[[ "$(out exec_enabled)" == true ]] || die_usage "ENV=$ENV: ECS Exec is off (exec_enabled = false in infra/envs/$ENV/base.tfvars)"
task="$("$AWS_CLI" ecs list-tasks --cluster "$cluster" --service-name "$service" \
  --desired-status RUNNING --query 'taskArns[0]' --output text)"
[[ -n "$task" && "$task" != None ]] || die_usage "ENV=$ENV: no RUNNING task of $service in $cluster"
if [[ "$cmd" == shell ]]; then
  remote="bash"
else
  remote="php $MAINT $*"
fi
exec "$AWS_CLI" ecs execute-command --cluster "$cluster" --task "$task" \
  --container "$container" --interactive --command "$remote"
