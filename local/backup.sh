#!/usr/bin/env bash
# Back up the running local stack into one tar archive:
#   manifest.json   format, created_at, WordPress version, db_version, table
#                   prefix, sha256 and size of each part
#   db.sql.gz       mariadb-dump --single-transaction of the WordPress database
#   shared.tar.gz   the shared volume: wp-content/ and .wpecs/ (marker, salts),
#                   archived under wp-init's seeding lock
# Written under a temporary name in BACKUP_DIR and renamed when complete, so a
# file named *.tar there is always a whole backup.
set -euo pipefail
# shellcheck source=local/lib.sh
source "$(cd "$(dirname "$0")" && pwd)/lib.sh"

umask 077  # a backup holds password hashes and the salts
[[ -n "${BACKUP_DIR:-}" ]] || die "BACKUP_DIR is not set: the directory backups go to (make backup sets it)"
out_dir="$BACKUP_DIR"
mkdir -p "$out_dir"
db="$(one_container db)"
wp="$(one_container wordpress)"
volume="${project}_shared"
docker volume inspect "$volume" >/dev/null 2>&1 || die "volume $volume not found: is project $project up?"

work="$(mktemp -d "$out_dir/.backup.XXXXXX")"
trap 'rm -rf "$work"' EXIT

prefix="$(docker inspect -f '{{range .Config.Env}}{{println .}}{{end}}' "$wp" | sed -n 's/^WORDPRESS_TABLE_PREFIX=//p')"
prefix="${prefix:-wp_}"
[[ "$prefix" =~ ^[A-Za-z0-9_]+$ ]] || die "WORDPRESS_TABLE_PREFIX \"$prefix\" of $wp is not a plain identifier"
wp_version="$(docker exec "$wp" sed -n 's/^WORDPRESS_VERSION=//p' /etc/wordpress-ecs/release 2>/dev/null || true)"
image="$(docker inspect -f '{{.Config.Image}}' "$wp")"
db_version="$(docker exec "$db" mariadb -N -B -e \
  "SELECT option_value FROM wordpress.${prefix}options WHERE option_name = 'db_version'" 2>/dev/null || true)"

# The database and the files are one consistent pair: both are copied under
# wp-init's seeding lock, so no replica seeds, upgrades the database or
# restores in between (uploads and edits by visitors go on; the dump is one
# transaction and the copy takes files as tar finds them).
step "taking the seeding lock of $volume"
volume_lock "$volume"
step "dumping database wordpress from $db (single transaction, holding the seeding lock)"
docker exec "$db" mariadb-dump --single-transaction --quick --routines --triggers --hex-blob \
  --default-character-set=utf8mb4 wordpress | gzip -6 >"$work/db.sql.gz"
gzip -dc "$work/db.sql.gz" | tail -n 1 | grep -q '^-- Dump completed' || die "the database dump is incomplete"

# Under wp-init's seeding lock, so no replica seeds or upgrades wp-content
# halfway through the copy. Uploads go on meanwhile: a file that changes or
# goes while tar reads it is not an error (tar's exit 1, "some files
# differ"); the copy then holds it as tar found it.
step "archiving the shared volume $volume (holding the seeding lock)"
# shellcheck disable=SC2016 # expanded by the container's shell
volume_sh "$volume" 'cd /shared; set -- ./wp-content; [ ! -d ./.wpecs ] || set -- "$@" ./.wpecs
  rc=0; tar --numeric-owner --exclude=./.wpecs/lock --warning=no-file-changed --warning=no-file-removed \
    --ignore-failed-read -czf - "$@" || rc=$?
  [ "$rc" -le 1 ]' >"$work/shared.tar.gz" </dev/null
volume_unlock

part() { jq -n --arg sha "$(sha256sum "$work/$1" | cut -d' ' -f1)" --argjson bytes "$(stat -c %s "$work/$1")" \
  '{sha256: $sha, bytes: $bytes}'; }
jq -n --arg created "$(date -u +%Y-%m-%dT%H:%M:%SZ)" --arg project "$project" --arg image "$image" \
  --arg wp_version "$wp_version" --arg db_version "$db_version" --arg prefix "$prefix" \
  --argjson db "$(part db.sql.gz)" --argjson shared "$(part shared.tar.gz)" \
  '{format: "wordpress-ecs-backup", format_version: 1, created_at: $created, project: $project,
    image: $image, wordpress_version: $wp_version, db_version: $db_version, table_prefix: $prefix,
    parts: {"db.sql.gz": $db, "shared.tar.gz": $shared}}' >"$work/manifest.json"

name="$project-$(date -u +%Y%m%dT%H%M%SZ).tar"
tar -C "$work" -cf "$work/archive" manifest.json db.sql.gz shared.tar.gz
sync -f "$work/archive"
mv -f "$work/archive" "$out_dir/$name"
step "backup written: $out_dir/$name ($(du -h "$out_dir/$name" | cut -f1), WordPress ${wp_version:-?}, db_version ${db_version:-none})"
echo "$out_dir/$name"
