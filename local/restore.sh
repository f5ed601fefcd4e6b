#!/usr/bin/env bash
# Restore a backup made by local/backup.sh into the running local stack.
# Usage: local/restore.sh FILE
# All or nothing. Everything is verified first (archive members, manifest,
# checksums, gzip streams, dump completeness, paths, table prefix); a bad
# archive fails with one line and nothing is touched. Then, holding wp-init's
# seeding lock and with the site in maintenance (the LB answers 503):
#   stage    the dump into database wpecs_restore, the files into
#            /shared/.wpecs-restore; the live site is not touched
#   commit   /shared/.wpecs-restore.commit (written in one rename) says both
#            parts are staged: from here on the restore only rolls forward
#   swap     database: one RENAME TABLE (live tables to wpecs_old, staged to
#            wordpress); files: wp-content exchanged with the staged one in
#            one renameat2; then .wpecs/ files (salts, seed marker)
#   cleanup  the old data (wpecs_old, the exchanged tree) goes only now
# Killed before the commit, the old site is whole and a re-run starts over
# (the staging is never the only copy of anything); killed after it, the
# site stays in maintenance and a re-run finishes the swap first. Each swap
# step is atomic and checks whether it already happened, so no step runs twice.
set -euo pipefail
# shellcheck source=local/lib.sh
source "$(cd "$(dirname "$0")" && pwd)/lib.sh"

file="${1:-}"
[[ -n "$file" ]] || die "usage: local/restore.sh FILE"
[[ -f "$file" && -r "$file" ]] || die "FILE: $file is not a readable file"
bad() { die "$file: $*; nothing was changed"; }

work="$(mktemp -d "${TMPDIR:-/tmp}/wpecs-restore.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# ---- verify -----------------------------------------------------------------
members="$(tar -tf "$file" 2>/dev/null | sort | tr '\n' ' ')" || bad "not a readable tar archive (truncated or corrupt)"
[[ "$members" == "db.sql.gz manifest.json shared.tar.gz " ]] \
  || bad "not a wordpress-ecs backup (members: ${members:-none})"
tar -xf "$file" -C "$work" 2>/dev/null || bad "cannot be extracted (truncated or corrupt)"
jq -e 'type == "object"' "$work/manifest.json" >/dev/null 2>&1 || bad "manifest.json is not a JSON object"
[[ "$(jq -r '.format' "$work/manifest.json")" == wordpress-ecs-backup ]] || bad "manifest.json is not a wordpress-ecs backup manifest"
fv="$(jq -r '.format_version' "$work/manifest.json")"
[[ "$fv" == 1 ]] || bad "format_version $fv is not supported (this restore reads 1)"
for p in db.sql.gz shared.tar.gz; do
  want="$(jq -r --arg p "$p" '.parts[$p].sha256 // ""' "$work/manifest.json")"
  [[ "$want" =~ ^[0-9a-f]{64}$ ]] || bad "manifest.json has no sha256 for $p"
  [[ "$(sha256sum "$work/$p" | cut -d' ' -f1)" == "$want" ]] || bad "$p does not match its sha256 in manifest.json (corrupt)"
  gzip -t "$work/$p" 2>/dev/null || bad "$p is not a valid gzip stream"
done
gzip -dc "$work/db.sql.gz" | tail -n 1 | grep -q '^-- Dump completed' || bad "db.sql.gz is an incomplete dump"
paths="$(tar -tzf "$work/shared.tar.gz" 2>/dev/null)" || bad "shared.tar.gz is not a readable tar archive"
grep -q '^\./wp-content/$' <<<"$paths" || bad "shared.tar.gz has no wp-content/"
if grep -vE '^\./$|^\./(wp-content|\.wpecs)(/|$)' <<<"$paths" | grep -q . || grep -qE '(^|/)\.\.(/|$)' <<<"$paths"; then
  bad "shared.tar.gz holds paths outside wp-content/ and .wpecs/"
fi
prefix="$(jq -r '.table_prefix' "$work/manifest.json")"
[[ "$prefix" =~ ^[A-Za-z0-9_]+$ ]] || bad "manifest.json table_prefix \"$prefix\" is not a plain identifier"

db="$(one_container db)"
wp="$(one_container wordpress)"
volume="${project}_shared"
stack_prefix="$(docker inspect -f '{{range .Config.Env}}{{println .}}{{end}}' "$wp" | sed -n 's/^WORDPRESS_TABLE_PREFIX=//p')"
[[ "$prefix" == "${stack_prefix:-wp_}" ]] \
  || bad "its table prefix \"$prefix\" differs from the stack's WORDPRESS_TABLE_PREFIX \"${stack_prefix:-wp_}\""
backup_id="$(sha256sum "$file" | cut -c1-64)"
step "verified $file: $(jq -r '"created \(.created_at), WordPress \(.wordpress_version), db_version \(.db_version)"' "$work/manifest.json")"

sql() { docker exec -i "$db" mariadb -N -B "$@"; }
tables_in() { sql -e "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '$1'"; }
maintenance=/etc/haproxy/maintenance.lst
# Tests interrupt the restore after each step (SIGKILL: no trap runs).
checkpoint() {
  if [[ "${WPECS_TEST_RESTORE_KILL_AFTER:-}" == "$1" ]]; then
    echo "test: killing the restore after step $1" >&2
    kill -KILL $$
  fi
}

# An error or Ctrl-C before the commit point: drop the staging, end the
# maintenance (the old site is whole). After it: stay in maintenance and say
# how to finish. (The lock goes with this shell either way.)
committed=""
# The cron runner writes to the database too (due events, their options): it
# waits with the pages. A killed restore leaves it stopped with the
# maintenance; the run that finishes the restore starts it again.
mapfile -t cron_runners < <(service_containers cron)
cron_resume() { ((${#cron_runners[@]} == 0)) || docker start "${cron_runners[@]}" >/dev/null 2>&1 || true; }
finish() {
  local rc=$?
  (( rc == 0 )) && return 0
  if [[ -z "$committed" ]]; then
    sql -e 'DROP DATABASE IF EXISTS wpecs_restore' >/dev/null 2>&1 || true
    volume_sh "$volume" 'rm -rf /shared/.wpecs-restore' >/dev/null 2>&1 || true
    lb_api "clear acl $maintenance" >/dev/null 2>&1 || true
    cron_resume
    echo "restore stopped before its commit point: the site is unchanged and out of maintenance" >&2
  else
    echo "restore stopped after its commit point: the site stays in maintenance; run it again to finish" >&2
  fi
}

# ---- lock, maintenance ---------------------------------------------------------
step "taking the seeding lock of $volume"
volume_lock "$volume"
checkpoint lock
lb_api "add acl $maintenance on" >/dev/null \
  || die "the load balancer has no maintenance switch (an older LB image): run 'make up' first; nothing was changed"
trap finish EXIT
step "site in maintenance (the LB answers 503)"
((${#cron_runners[@]} == 0)) || { docker stop "${cron_runners[@]}" >/dev/null && step "cron runner stopped for the restore"; }
checkpoint maintenance

# ---- roll forward a committed restore ------------------------------------------
roll_forward() {
  local id="$1" inode="$2" live
  committed=1
  if [[ "$(tables_in wpecs_restore)" != 0 ]]; then
    step "swapping the database (one RENAME TABLE)"
    [[ "$(tables_in wpecs_old)" == 0 ]] || die "database wpecs_old is not empty: an earlier restore's old data; nothing was swapped"
    local renames
    renames="$(sql -e "SELECT GROUP_CONCAT(CONCAT('\`', table_schema, '\`.\`', table_name, '\` TO \`',
        IF(table_schema = 'wordpress', 'wpecs_old', 'wordpress'), '\`.\`', table_name, '\`') SEPARATOR ', ')
      FROM information_schema.tables WHERE table_schema IN ('wordpress', 'wpecs_restore')")"
    sql -e "CREATE DATABASE IF NOT EXISTS wpecs_old; RENAME TABLE $renames"
    checkpoint swap-db
  fi
  live="$(volume_sh "$volume" 'stat -c %i /shared/wp-content 2>/dev/null || echo none')"
  if [[ "$live" != "$inode" ]]; then
    step "swapping wp-content (one renameat2 exchange)"
    volume_sh "$volume" '
      if [ -e /shared/wp-content ]; then sh /usr/local/bin/volume-swap exchange /shared/.wpecs-restore/wp-content /shared/wp-content
      else mv /shared/.wpecs-restore/wp-content /shared/wp-content; fi'
    checkpoint swap-files
  fi
  # .wpecs/ (salts, seed marker): each staged file replaces the live one in
  # one rename; the live one is first linked into .wpecs-old.
  # shellcheck disable=SC2016 # expanded by the container's shell
  volume_sh "$volume" '
    mkdir -p /shared/.wpecs-old /shared/.wpecs
    for f in /shared/.wpecs-restore/.wpecs/*; do
      [ -f "$f" ] || continue
      n="${f##*/}"
      [ "$n" != lock ] || continue
      [ ! -e "/shared/.wpecs/$n" ] || ln -f "/shared/.wpecs/$n" "/shared/.wpecs-old/$n"
      mv -f "$f" "/shared/.wpecs/$n"
    done'
  checkpoint swap-meta
  step "dropping the old data"
  sql -e 'DROP DATABASE IF EXISTS wpecs_old; DROP DATABASE IF EXISTS wpecs_restore'
  checkpoint cleanup-db
  volume_sh "$volume" 'rm -rf /shared/.wpecs-restore /shared/.wpecs-old; rm -f /shared/.wpecs-restore.commit'
  step "restore ${id:0:12} is complete"
}

pending="$(volume_sh "$volume" 'cat /shared/.wpecs-restore.commit 2>/dev/null || true')"
done_already=""
if [[ -n "$pending" ]]; then
  read -r pending_id pending_inode <<<"$pending"
  step "finishing an interrupted restore (${pending_id:0:12}) first"
  roll_forward "$pending_id" "$pending_inode"
  [[ "$pending_id" == "$backup_id" ]] && done_already=1
fi

if [[ -z "$done_already" ]]; then
  committed=""
  # ---- stage ---------------------------------------------------------------------
  # Without a commit record, leftovers of an interrupted staging are copies;
  # old data (wpecs_old, .wpecs-old) would be the only copy of something: keep it.
  [[ "$(tables_in wpecs_old)" == 0 ]] || die "database wpecs_old holds tables but no restore is pending: inspect it; nothing was changed"
  step "loading the dump into a staging database"
  sql -e 'DROP DATABASE IF EXISTS wpecs_restore; CREATE DATABASE wpecs_restore CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci'
  gzip -dc "$work/db.sql.gz" | sql wpecs_restore || die "loading the dump failed; the stack is unchanged"
  checkpoint stage-db
  step "unpacking the files into a staging directory on $volume"
  volume_sh "$volume" 'rm -rf /shared/.wpecs-restore; mkdir /shared/.wpecs-restore
    tar -C /shared/.wpecs-restore --numeric-owner -xzpf -' <"$work/shared.tar.gz" \
    || die "unpacking the files failed; the stack is unchanged"
  checkpoint stage-files

  # ---- commit ----------------------------------------------------------------------
  inode="$(volume_sh "$volume" 'stat -c %i /shared/.wpecs-restore/wp-content')"
  # shellcheck disable=SC2016 # expanded by the container's shell
  volume_sh "$volume" 'echo "$1 $2" > /shared/.wpecs-restore.commit.tmp; sync; mv -f /shared/.wpecs-restore.commit.tmp /shared/.wpecs-restore.commit' \
    "$backup_id" "$inode"
  step "both parts staged; committed"
  checkpoint commit
  roll_forward "$backup_id" "$inode"
fi

# The object cache still holds rows of the database just replaced: empty it
# (the stack's Redis is its own) before WordPress runs against the restored one.
redis="$(docker ps -q --filter "label=com.docker.compose.project=$project" --filter "label=com.docker.compose.service=redis" | head -n 1)"
if [[ -n "$redis" ]]; then
  if docker exec "$redis" sh -c 'REDISCLI_AUTH="$(awk '"'"'$1 == "requirepass" { print $2 }'"'"' /run/redis/redis.conf)" redis-cli FLUSHALL' >/dev/null; then
    step "object cache emptied"
  else
    # The restore itself is committed: say what is left to do instead of failing it.
    echo "warning: could not empty the object cache ($redis): restart the redis service (make up) before trusting what the site shows" >&2
  fi
fi

# A backup of an older WordPress gets the schema of the running core.
if docker exec "$wp" test -f /usr/local/lib/wordpress-ecs/db-upgrade.php; then
  step "db-upgrade: $(docker exec -u www-data "$wp" php /usr/local/lib/wordpress-ecs/db-upgrade.php 2>&1 | tail -n 1)"
fi
lb_api "clear acl $maintenance" >/dev/null
cron_resume
volume_unlock
trap - EXIT
siteurl="$(sql -e "SELECT option_value FROM wordpress.${prefix}options WHERE option_name = 'siteurl'" 2>/dev/null || true)"
if [[ -n "$siteurl" && "$siteurl" != "http://127.0.0.1:$PORT" ]]; then
  step "note: the restored site's URL is $siteurl, not http://127.0.0.1:$PORT"
fi
step "restored $file into $project, out of maintenance (anonymous pages may be served from the LB cache for ${CACHE_TTL}s)"
