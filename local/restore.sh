#!/usr/bin/env bash
# Restore a backup made by local/backup.sh into the running local stack.
# Usage: local/restore.sh FILE
# Everything is verified first (archive members, manifest, checksums, gzip
# streams, dump completeness, paths, table prefix); a bad archive fails with
# one line and nothing is touched. Then both parts are staged next to the live
# data (a staging database, a staging directory on the volume) and swapped in
# only when both loaded.
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
step "verified $file: $(jq -r '"created \(.created_at), WordPress \(.wordpress_version), db_version \(.db_version)"' "$work/manifest.json")"

# ---- stage ------------------------------------------------------------------
sql() { docker exec -i "$db" mariadb -N -B "$@"; }
unstage() {
  sql -e 'DROP DATABASE IF EXISTS wpecs_restore' || true
  docker run --rm --network none -v "$volume:/shared" "$base_image" rm -rf /shared/.wpecs-restore || true
}
step "loading the dump into a staging database"
sql -e 'DROP DATABASE IF EXISTS wpecs_restore; CREATE DATABASE wpecs_restore CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci'
if ! gzip -dc "$work/db.sql.gz" | sql wpecs_restore; then
  unstage
  die "loading the dump failed; the stack is unchanged"
fi
step "unpacking the files into a staging directory on $volume"
if ! docker run --rm -i --network none -v "$volume:/shared" "$base_image" sh -ec \
  'rm -rf /shared/.wpecs-restore; mkdir /shared/.wpecs-restore; tar -C /shared/.wpecs-restore --numeric-owner -xzpf -' \
  <"$work/shared.tar.gz"; then
  unstage
  die "unpacking the files failed; the stack is unchanged"
fi

# ---- swap -------------------------------------------------------------------
step "swapping in the restored database (one RENAME TABLE) and files"
renames="$(sql -e "SELECT GROUP_CONCAT(CONCAT('\`', table_schema, '\`.\`', table_name, '\` TO \`',
    IF(table_schema = 'wordpress', 'wpecs_old', 'wordpress'), '\`.\`', table_name, '\`') SEPARATOR ', ')
  FROM information_schema.tables WHERE table_schema IN ('wordpress', 'wpecs_restore')")"
[[ -z "$renames" || "$renames" == NULL ]] || sql -e "DROP DATABASE IF EXISTS wpecs_old; CREATE DATABASE wpecs_old; RENAME TABLE $renames; DROP DATABASE wpecs_old"
sql -e "DROP DATABASE wpecs_restore"
# local/volume-swap.sh holds wp-init's seeding lock while it swaps.
docker run --rm --network none -v "$volume:/shared" -v "$local_dir/volume-swap.sh:/usr/local/bin/volume-swap:ro" \
  "$base_image" sh /usr/local/bin/volume-swap

# A backup of an older WordPress gets the schema of the running core.
if docker exec "$wp" test -f /usr/local/lib/wordpress-ecs/db-upgrade.php; then
  step "db-upgrade: $(docker exec -u www-data "$wp" php /usr/local/lib/wordpress-ecs/db-upgrade.php 2>&1 | tail -n 1)"
fi
siteurl="$(sql -e "SELECT option_value FROM wordpress.${prefix}options WHERE option_name = 'siteurl'" 2>/dev/null || true)"
if [[ -n "$siteurl" && "$siteurl" != "http://127.0.0.1:$WPECS_PORT" ]]; then
  step "note: the restored site's URL is $siteurl, not http://127.0.0.1:$WPECS_PORT"
fi
step "restored $file into $project (anonymous pages may be served from the LB cache for ${WPECS_CACHE_TTL:-10}s)"
