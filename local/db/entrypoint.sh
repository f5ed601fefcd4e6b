#!/bin/bash
# First start: create the data directory, the database and its user from
# MARIADB_DATABASE / MARIADB_USER / MARIADB_PASSWORD (or MARIADB_PASSWORD_FILE).
# root@localhost keeps Debian's unix_socket authentication: administration
# (dumps, restores) goes through `docker exec`, never through a password.
set -euo pipefail

die() { echo "db-entrypoint: $*" >&2; exit 64; }

if [[ -n "${MARIADB_PASSWORD_FILE:-}" ]]; then
  [[ -z "${MARIADB_PASSWORD:-}" ]] || die "MARIADB_PASSWORD and MARIADB_PASSWORD_FILE are both set"
  [[ -r "$MARIADB_PASSWORD_FILE" ]] || die "MARIADB_PASSWORD_FILE: cannot read $MARIADB_PASSWORD_FILE"
  MARIADB_PASSWORD="$(<"$MARIADB_PASSWORD_FILE")"
fi
db="${MARIADB_DATABASE:-wordpress}"
user="${MARIADB_USER:-wordpress}"
[[ "$db" =~ ^[A-Za-z0-9_]{1,64}$ ]] || die "MARIADB_DATABASE: \"$db\" is not a plain identifier"
[[ "$user" =~ ^[A-Za-z0-9_]{1,32}$ ]] || die "MARIADB_USER: \"$user\" is not a plain identifier"
[[ -n "${MARIADB_PASSWORD:-}" ]] || die "MARIADB_PASSWORD: not set"
[[ "$MARIADB_PASSWORD" != *"'"* && "$MARIADB_PASSWORD" != *\\* ]] || die "MARIADB_PASSWORD: contains a quote or backslash"

datadir=/var/lib/mysql
mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld "$datadir"

if [[ ! -f "$datadir/.wpecs-initialized" ]]; then
  echo "db-entrypoint: initializing $datadir (database $db, user $user)"
  # A first start killed halfway starts over from nothing.
  find "$datadir" -mindepth 1 -delete
  mariadb-install-db --user=mysql --datadir="$datadir" --skip-test-db \
    --auth-root-authentication-method=socket >/dev/null
  mariadbd --user=mysql --datadir="$datadir" --skip-networking \
    --socket=/run/mysqld/bootstrap.sock &
  pid=$!
  for _ in $(seq 1 300); do
    mariadb-admin --socket=/run/mysqld/bootstrap.sock ping >/dev/null 2>&1 && break
    kill -0 "$pid" 2>/dev/null || die "bootstrap server exited"
    sleep 0.2
  done
  mariadb --socket=/run/mysqld/bootstrap.sock <<SQL
CREATE DATABASE IF NOT EXISTS \`$db\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS '$user'@'%' IDENTIFIED BY '$MARIADB_PASSWORD';
GRANT ALL PRIVILEGES ON \`$db\`.* TO '$user'@'%';
FLUSH PRIVILEGES;
SQL
  mariadb-admin --socket=/run/mysqld/bootstrap.sock shutdown
  wait "$pid" || true
  touch "$datadir/.wpecs-initialized"
  echo "db-entrypoint: initialized"
fi

exec mariadbd --user=mysql --datadir="$datadir" "$@"
