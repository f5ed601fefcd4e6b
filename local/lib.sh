# shellcheck shell=bash
# Shared by the local stack scripts (stack.sh, backup.sh, restore.sh).
# Source it; do not run it. Settings come from the environment under make's
# names (mk/local.mk passes them; their defaults are in settings.env, read by
# tools/lib.sh):
#   LOCAL_PROJECT   compose project name
#   IMAGE, VERSION  the WordPress image, IMAGE:VERSION
#   PORT, REPLICAS  published port on 127.0.0.1, number of WordPress replicas
#   WPECS_COMPOSE_OVERRIDE  optional extra compose file (tests, bench)
#   WPECS_DRAIN_TIMEOUT     seconds wp-init drains on stop (25, as wp-init)
#   WPECS_LOCK_TIMEOUT      seconds backup/restore wait for the seeding lock (600, as wp-init)

local_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$local_dir/.." && pwd)"
# shellcheck source=tools/lib.sh
source "$repo_root/tools/lib.sh"

# shellcheck disable=SC2153 # LOCAL_PROJECT, PORT, REPLICAS, CACHE_TTL, IMAGE, BASE_IMAGE come from settings.env (tools/lib.sh)
require LOCAL_PROJECT PORT REPLICAS CACHE_TTL IMAGE BASE_IMAGE
[[ -n "${VERSION:-}" ]] || die "VERSION is not set: the WordPress image's tag (make passes it; by hand: VERSION=<tag> $0 ...)"
project="$LOCAL_PROJECT"
[[ "$project" =~ ^[a-z0-9][a-z0-9_-]{0,62}$ ]] \
  || die "LOCAL_PROJECT: \"$project\" is not a compose project name (a-z 0-9 _ -, at most 63)"
# Per-project state outside the repository: generated secrets (0600).
state_dir="$WPECS_CACHE/local/$project"

export WPECS_STATE_DIR="$state_dir"
# PORT, IMAGE and VERSION keep their names down to the compose file.
export PORT REPLICAS CACHE_TTL IMAGE VERSION
# shellcheck disable=SC2034 # the image the scripts start (stack.sh)
image="$IMAGE:$VERSION"
# The local stack's one default of wp-init's drain (the compose file requires it).
export WPECS_DRAIN_TIMEOUT="${WPECS_DRAIN_TIMEOUT:-25}"
# docker stop must outlast wp-init's graceful drain.
export WPECS_STOP_GRACE="$((WPECS_DRAIN_TIMEOUT + 10))s"

compose() {
  local files=(-f "$local_dir/docker-compose.yml")
  if [[ -n "${WPECS_COMPOSE_OVERRIDE:-}" ]]; then files+=(-f "$WPECS_COMPOSE_OVERRIDE"); fi
  docker-compose --ansi never -p "$project" "${files[@]}" "$@"
}

# Content-addressed tag for the LB and DB images: the files of local/<dir>
# plus the base image id, so a changed config or base means a new image.
aux_image_tag() {
  local dir="$1" base_id
  base_id="$(docker image inspect -f '{{.Id}}' "$BASE_IMAGE")"
  { printf '%s\n' "$base_id"; (cd "$local_dir/$dir" && find . -type f -print0 | sort -z | xargs -0 sha256sum); } \
    | sha256sum | cut -c1-12
}

# aux_image DIR: the image of local/DIR (lb, db, mail, redis), built from the
# base when missing; prints its name. The bench and the image tests use it too
# (local/stack.sh aux-image DIR), so all share one build.
aux_image() {
  local dir="$1" name log
  docker image inspect "$BASE_IMAGE" >/dev/null 2>&1 \
    || die "base image $BASE_IMAGE is missing: run tools/base-image.sh"
  name="wordpress-ecs-$dir:$(aux_image_tag "$dir")"
  if ! docker image inspect "$name" >/dev/null 2>&1; then
    step "building $name from $BASE_IMAGE (local/$dir/Dockerfile)"
    log="$(mktemp)"
    docker build --build-arg "BASE_IMAGE=$BASE_IMAGE" -t "$name" "$local_dir/$dir" >"$log" 2>&1 \
      || { tail -n 30 "$log" >&2; rm -f "$log"; die "docker build of local/$dir failed"; }
    rm -f "$log"
  fi
  printf '%s\n' "$name"
}

# ensure_aux_images: build wordpress-ecs-lb / -db / -mail / -redis from the base when missing.
ensure_aux_images() {
  local dir name
  for dir in lb db mail redis; do
    name="$(aux_image "$dir")"
    case "$dir" in
      lb) export WPECS_LB_IMAGE="$name" ;;
      db) export WPECS_DB_IMAGE="$name" ;;
      mail) export WPECS_MAIL_IMAGE="$name" ;;
      redis) export WPECS_REDIS_IMAGE="$name" ;;
    esac
  done
}

# The images only matter when containers are created; `down` and friends
# still need the variables set for compose to read the file.
placeholder_images() {
  export WPECS_LB_IMAGE="${WPECS_LB_IMAGE:-wordpress-ecs-lb:unused}"
  export WPECS_DB_IMAGE="${WPECS_DB_IMAGE:-wordpress-ecs-db:unused}"
  export WPECS_MAIL_IMAGE="${WPECS_MAIL_IMAGE:-wordpress-ecs-mail:unused}"
  export WPECS_REDIS_IMAGE="${WPECS_REDIS_IMAGE:-wordpress-ecs-redis:unused}"
}

# random_password: 40 characters from /dev/urandom.
random_password() {
  local pw
  pw="$(head -c 1024 /dev/urandom | LC_ALL=C tr -dc 'A-Za-z0-9')"
  pw="${pw:0:40}"
  [[ ${#pw} -eq 40 ]] || die "could not read 40 random characters from /dev/urandom"
  printf '%s' "$pw"
}

# write_secret FILE LINE: FILE (in the state directory) holds LINE, mode 0600,
# replaced in one rename.
write_secret() {
  local tmp
  tmp="$(umask 077; mktemp "$state_dir/.secrets.XXXXXX")"
  printf '%s\n' "$2" >"$tmp" && mv -f "$tmp" "$state_dir/$1"
}

# Database, SMTP and object cache passwords: generated once per project, kept
# in 0600 env files that compose hands to the containers (db.env /
# wordpress.env, mail.env / wordpress-smtp.env, redis.env read by Redis and
# the replicas): a stack made before the mail service or the cache gets its
# file on the next start, without touching the database's).
ensure_secrets() {
  local pw
  mkdir -p "$state_dir"
  chmod 700 "$state_dir"
  if [[ ! -s "$state_dir/db.env" || ! -s "$state_dir/wordpress.env" ]]; then
    pw="$(random_password)"
    write_secret db.env "MARIADB_PASSWORD=$pw"
    write_secret wordpress.env "WORDPRESS_DB_PASSWORD=$pw"
    step "generated the database password for project $project ($state_dir, mode 0600)"
  fi
  if [[ ! -s "$state_dir/mail.env" || ! -s "$state_dir/wordpress-smtp.env" ]]; then
    pw="$(random_password)"
    write_secret mail.env "MAIL_CAPTURE_PASSWORD=$pw"
    write_secret wordpress-smtp.env "WPECS_SMTP_PASSWORD=$pw"
    step "generated the SMTP password for project $project ($state_dir, mode 0600)"
  fi
  if [[ ! -s "$state_dir/redis.env" ]]; then
    write_secret redis.env "WPECS_REDIS_PASSWORD=$(random_password)"
    step "generated the object cache's password for project $project ($state_dir, mode 0600)"
  fi
}

# Container names of one service of this project (running or not), oldest first.
service_containers() {
  docker ps -a --filter "label=com.docker.compose.project=$project" \
    --filter "label=com.docker.compose.service=$1" --format '{{.CreatedAt}}|{{.Names}}' \
    | sort | cut -d'|' -f2
}

one_container() {
  local names
  names="$(docker ps --filter "label=com.docker.compose.project=$project" \
    --filter "label=com.docker.compose.service=$1" --format '{{.Names}}' | head -n 1)"
  [[ -n "$names" ]] || die "no running $1 container in project $project: run 'make up' first"
  printf '%s\n' "$names"
}

container_ip() {
  docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}' "$1" | awk '{print $1}'
}

container_health() {
  docker inspect -f '{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}' "$1" 2>/dev/null || echo gone
}

# lb_servers: "<slot> <ip> <status> <sessions>" for every backend slot with an address.
lb_servers() { docker exec "$(one_container lb)" lb-state servers; }
lb_api() { docker exec "$(one_container lb)" lb-state cmd "$1"; }

# HTTP status of a URL on 127.0.0.1 ("000" when nothing answers).
http_status() { curl -s -o /dev/null -m 5 -w '%{http_code}' "$1" || true; }

# ---- the shared volume, from the host ----------------------------------------
# volume_sh VOLUME SCRIPT [ARGS...]: run a shell script in a throwaway container
# with VOLUME at /shared and local/volume-swap.sh as `volume-swap`; stdin passes.
volume_sh() {
  local volume="$1" script="$2"
  shift 2
  docker run --rm -i --network none --label "org.wordpress-ecs.project=$project" \
    -v "$volume:/shared" -v "$local_dir/volume-swap.sh:/usr/local/bin/volume-swap:ro" \
    "$BASE_IMAGE" sh -ec "$script" volume-sh "$@"
}

# volume_lock VOLUME: hold wp-init's seeding lock on VOLUME until this shell
# exits (or volume_unlock). A container holds it while its stdin is open;
# the write end lives only in this shell, so when the shell ends, killed or
# not, the container reads end-of-file and lets go: a dead script never
# leaves the volume locked. Waits up to WPECS_LOCK_TIMEOUT (600, the same default as wp-init) seconds.
volume_lock() {
  local line="" timeout="${WPECS_LOCK_TIMEOUT:-600}"
  [[ "$timeout" =~ ^[1-9][0-9]*$ ]] \
    || die "WPECS_LOCK_TIMEOUT: \"$timeout\" is not a number of seconds (1 or more); nothing was changed"
  # Bash keeps a coprocess's descriptors out of every later child.
  coproc VOLUME_LOCK { volume_sh "$1" 'exec sh /usr/local/bin/volume-swap lock' 2>&1; }
  read -r -t "$timeout" line <&"${VOLUME_LOCK[0]}" || true
  [[ "$line" == locked ]] \
    || die "could not take the seeding lock of $1 within ${timeout}s${line:+: $line}"
}
volume_unlock() {
  local pid="${VOLUME_LOCK_PID:-}" fd="${VOLUME_LOCK[1]:-}"
  [[ -n "$pid" ]] || return 0
  [[ -z "$fd" ]] || exec {fd}>&-
  wait "$pid" 2>/dev/null || true
}
