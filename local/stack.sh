#!/usr/bin/env bash
# The local stack: HAProxy + N WordPress replicas + MariaDB + one shared volume.
# Usage: local/stack.sh up | down | clean | deploy | status | mail | check
#        local/stack.sh aux-image lb|db|mail|redis   (prints the image's name)
#        local/stack.sh compose ARGS...   (docker-compose on the project, as the stack runs it)
# (mk/local.mk calls it; settings are described in local/lib.sh.)
set -euo pipefail
# shellcheck source=local/lib.sh
source "$(cd "$(dirname "$0")" && pwd)/lib.sh"

up_timeout="${WPECS_UP_TIMEOUT:-300}"

check_settings() {
  [[ "$PORT" =~ ^[0-9]{1,5}$ && "$PORT" -ge 1 && "$PORT" -le 65535 ]] \
    || die "PORT: \"$PORT\" is not a TCP port (1-65535)"
  [[ "$REPLICAS" =~ ^[0-9]+$ && "$REPLICAS" -ge 1 && "$REPLICAS" -le 9 ]] \
    || die "REPLICAS: \"$REPLICAS\" is not a number from 1 to 9 (the LB has 10 slots; a deploy needs one spare)"
  [[ "$WPECS_DRAIN_TIMEOUT" =~ ^[0-9]+$ ]] \
    || die "WPECS_DRAIN_TIMEOUT: \"$WPECS_DRAIN_TIMEOUT\" is not a number of seconds"
  [[ "${1:-}" == --no-image ]] && return 0
  docker image inspect "$image" >/dev/null 2>&1 \
    || die "image $image is missing: run 'make build VERSION=$VERSION'"
}

# The port must be free, or already ours.
check_port_free() {
  local lb
  lb="$(docker ps -q --filter "label=com.docker.compose.project=$project" --filter "label=com.docker.compose.service=lb" \
    --filter "publish=$PORT")"
  [[ -n "$lb" ]] && return 0
  if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
    die "port 127.0.0.1:$PORT is already in use: pick another one with PORT="
  fi
}

# wait_ready N: until the DB, N healthy replicas, N servers UP in the LB and
# the home page through the LB (any 2xx/3xx: before the install it redirects)
# all answer; one progress line per change. (/healthz is not public: the LB
# answers 404 to it; its checks reach the replicas directly.)
wait_ready() {
  local c
  ready_last="" ready_line=""
  poll "$up_timeout" 1 stack_ready "$1" && return 0
  compose ps >&2 || true
  for c in $(service_containers wordpress) $(service_containers db); do
    echo "--- last log lines of $c:" >&2
    docker logs --tail 15 "$c" >&2 2>&1 || true
  done
  die "stack $project not ready after ${up_timeout}s ($ready_line)"
}

# stack_ready N: wait_ready's one look (ready_line says what it saw).
stack_ready() {
  local want="$1" db wp=0 healthy=0 up code c
  db="$(container_health "$(service_containers db | tail -n 1)")"
  for c in $(docker ps -q --filter "label=com.docker.compose.project=$project" --filter "label=com.docker.compose.service=wordpress"); do
    wp=$((wp + 1))
    [[ "$(container_health "$c")" == healthy ]] && healthy=$((healthy + 1))
  done
  up="$(lb_servers 2>/dev/null | awk '$3 == "UP"' | wc -l)"
  code="$(http_status "http://127.0.0.1:$PORT/")"
  ready_line="db $db, wordpress $healthy/$want healthy ($wp running), lb $up/$want UP, / $code"
  if [[ "$ready_line" != "$ready_last" ]]; then step "$ready_line"; ready_last="$ready_line"; fi
  [[ "$db" == healthy && "$healthy" -eq "$want" && "$wp" -eq "$want" && "$up" -eq "$want" && "$code" =~ ^[23][0-9][0-9]$ ]]
}

cmd_up() {
  local replicas="$REPLICAS"
  check_settings
  check_port_free
  ensure_aux_images
  ensure_secrets
  step "starting $project: lb on 127.0.0.1:$PORT, $replicas x $image, mariadb"
  compose up -d --remove-orphans --scale "wordpress=$replicas" 2>&1 | sed 's/^/    /' >&2
  wait_ready "$replicas"
  echo "WordPress is ready at http://127.0.0.1:$PORT"
}

cmd_down() {
  placeholder_images
  step "stopping $project (volumes kept)"
  compose down --remove-orphans 2>&1 | sed 's/^/    /' >&2
}

cmd_clean() {
  placeholder_images
  step "removing $project with its volumes (database, wp-content) and secrets"
  compose down --volumes --remove-orphans 2>&1 | sed 's/^/    /' >&2
  rm -rf "$state_dir"
}

cmd_status() {
  placeholder_images
  compose ps
  echo "load balancer slots (slot ip status sessions):"
  lb_servers | sed 's/^/  /'
}

# What the mail capture kept, oldest first: one line per message.
cmd_mail() {
  docker exec "$(one_container mail)" mail-list
}

# ---- rolling update ---------------------------------------------------------

slot_of_ip() { lb_servers | awk -v ip="$1" '$2 == ip { print $1; exit }'; }

# wait_for DESCRIPTION SECONDS COMMAND...: poll COMMAND every 0.5 s until it succeeds.
wait_for() {
  local what="$1" limit="$2"
  shift 2
  poll "$limit" 0.5 "$@" || die "timed out after ${limit}s waiting for $what"
}

replica_healthy() { [[ "$(container_health "$1")" == healthy ]]; }
slot_up() { lb_servers | awk -v ip="$1" '$2 == ip && $3 == "UP" { ok = 1 } END { exit !ok }'; }
slot_idle() { lb_servers | awk -v s="$1" '$1 == s && $4 != 0 { busy = 1 } END { exit busy }'; }
slot_released() { ! lb_servers | awk -v s="$1" -v ip="$2" '$1 == s && $2 == ip { found = 1 } END { exit !found }'; }
# new_replica_healthy NAME: a new replica is healthy (0), still starting (1),
# or failed (removed; die: the old replicas keep serving).
new_replica_healthy() {
  replica_healthy "$1" && return 0
  if replica_failed "$1"; then
    docker logs --tail 20 "$1" >&2 || true
    docker rm -f "$1" >/dev/null
    die "new replica $1 failed to start; removed it, the old replicas keep serving"
  fi
  return 1
}
replica_failed() {
  local st
  st="$(docker inspect -f '{{.State.Status}} {{.State.ExitCode}} {{.RestartCount}}' "$1")"
  [[ "$st" != running* ]] || return 1
  [[ "$st" == "exited "* || "${st##* }" -gt 0 ]]
}

# Rolling update: one replica at a time, start the new one, wait until Docker
# says healthy AND the LB has it UP, drain the old one at the LB, stop it
# gracefully (wp-init turns SIGTERM into Apache's graceful stop), remove it.
# A deploy stopped halfway (Ctrl-C, an error) must not leave a replica that
# still runs but gets no traffic: put a drained slot back into rotation.
draining=""
undrain() {
  if [[ -n "$draining" ]]; then
    lb_api "set server wordpress/$draining state ready" >/dev/null 2>&1 || true
    echo "deploy interrupted: slot $draining is back in rotation" >&2
  fi
}

cmd_deploy() {
  local target_id old=() current=() c n new ip old_ip slot t0 before
  trap undrain EXIT
  check_settings
  ensure_aux_images
  ensure_secrets
  target_id="$(docker image inspect -f '{{.Id}}' "$image")"
  mapfile -t current < <(docker ps --filter "label=com.docker.compose.project=$project" \
    --filter "label=com.docker.compose.service=wordpress" --format '{{.CreatedAt}}|{{.Names}}' | sort | cut -d'|' -f2)
  n=${#current[@]}
  (( n > 0 )) || die "project $project has no running WordPress replica: run 'make up' first"
  for c in "${current[@]}"; do
    if [[ "$(docker inspect -f '{{.Config.Image}} {{.Image}}' "$c")" != "$image $target_id" ]]; then
      old+=("$c")
    fi
  done
  if (( ${#old[@]} == 0 )); then
    step "all $n replicas already run $image"
    deploy_cron
    return 0
  fi
  step "rolling $project to $image: ${#old[@]} of $n replicas, one at a time"
  for c in "${old[@]}"; do
    t0=$(date +%s)
    before="$(docker ps -aq --filter "label=com.docker.compose.project=$project" --filter "label=com.docker.compose.service=wordpress" | sort)"
    # One more replica from the (new) service definition; the others stay as they are.
    compose up -d --no-deps --no-recreate --scale "wordpress=$((n + 1))" wordpress 2>&1 | sed 's/^/    /' >&2
    new="$(comm -13 <(echo "$before") <(docker ps -aq --filter "label=com.docker.compose.project=$project" \
      --filter "label=com.docker.compose.service=wordpress" | sort) | head -n 1)"
    [[ -n "$new" ]] || die "compose did not start a new replica"
    new="$(docker inspect -f '{{.Name}}' "$new")"; new="${new#/}"
    step "started $new; waiting until it is healthy"
    poll "$up_timeout" 0.5 new_replica_healthy "$new" \
      || { docker rm -f "$new" >/dev/null; die "new replica $new not healthy after ${up_timeout}s; removed it"; }
    ip="$(container_ip "$new")"
    wait_for "the LB to mark $new ($ip) UP" 60 slot_up "$ip"
    step "$new is healthy and UP in the LB (slot $(slot_of_ip "$ip"))"

    old_ip="$(container_ip "$c")"
    slot="$(slot_of_ip "$old_ip")"
    if [[ -n "$slot" ]]; then
      draining="$slot"
      lb_api "set server wordpress/$slot state drain" >/dev/null
      step "draining $c (slot $slot, $(lb_servers | awk -v s="$slot" '$1 == s { print $4 }') in flight): no new requests, waiting for open ones"
      if ! wait_for_quiet "$slot"; then step "  $slot still busy after ${WPECS_DRAIN_TIMEOUT}s; stopping anyway"; fi
    fi
    step "stopping $c gracefully (timeout ${WPECS_STOP_GRACE})"
    docker stop -t "${WPECS_STOP_GRACE%s}" "$c" >/dev/null
    docker rm "$c" >/dev/null
    if [[ -n "$slot" ]]; then
      # Once DNS has dropped the old address, clear the drain flag so the slot
      # can serve the next replica that lands in it.
      wait_for "the LB to release slot $slot" 30 slot_released "$slot" "$old_ip"
      lb_api "set server wordpress/$slot state ready" >/dev/null
    fi
    draining=""
    step "replaced $c with $new in $(( $(date +%s) - t0 ))s"
  done
  wait_ready "$n"
  deploy_cron
  step "deployed $image to all $n replicas of $project"
}

# The cron runner follows the replicas to the new image (compose recreates it
# only when its definition changed); a run in progress gets SIGTERM, as on ECS.
deploy_cron() {
  compose up -d --no-deps cron 2>&1 | sed 's/^/    /' >&2
}

wait_for_quiet() { poll "$WPECS_DRAIN_TIMEOUT" 0.5 slot_idle "$1"; }

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  clean) cmd_clean ;;
  deploy) cmd_deploy ;;
  status) cmd_status ;;
  mail) cmd_mail ;;
  check) check_settings --no-image ;;  # settings only: make checks them before building
  compose) shift; placeholder_images; compose "$@" ;;
  aux-image) [[ "${2:-}" =~ ^(lb|db|mail|redis)$ ]] || die "usage: local/stack.sh aux-image lb|db|mail|redis"
    aux_image "$2" ;;
  *) die "usage: local/stack.sh up | down | clean | deploy | status | mail | check | aux-image DIR | compose ARGS..." ;;
esac
