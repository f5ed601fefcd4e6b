#!/bin/bash
# Starts redis-server with the password from WPECS_REDIS_PASSWORD (the same
# generated env file the WordPress replicas read), written into a
# configuration file on tmpfs rather than onto a command line that `ps` shows.
set -euo pipefail

die() { echo "redis-entrypoint: $*" >&2; exit 64; }

if [[ -n "${WPECS_REDIS_PASSWORD_FILE:-}" ]]; then
  [[ -z "${WPECS_REDIS_PASSWORD:-}" ]] || die "WPECS_REDIS_PASSWORD and WPECS_REDIS_PASSWORD_FILE are both set"
  [[ -r "$WPECS_REDIS_PASSWORD_FILE" ]] || die "WPECS_REDIS_PASSWORD_FILE: cannot read $WPECS_REDIS_PASSWORD_FILE"
  WPECS_REDIS_PASSWORD="$(<"$WPECS_REDIS_PASSWORD_FILE")"
fi
[[ -n "${WPECS_REDIS_PASSWORD:-}" ]] || die "WPECS_REDIS_PASSWORD: not set"
[[ "$WPECS_REDIS_PASSWORD" =~ ^[A-Za-z0-9]{16,128}$ ]] || die "WPECS_REDIS_PASSWORD: must be 16 to 128 letters or digits"

conf=/run/redis/redis.conf
mkdir -p /run/redis
chown redis:redis /run/redis
chmod 700 /run/redis
# The health check (redis-cli) reads the password from here, not from a variable.
umask 077
cat >"$conf" <<CONF
bind 0.0.0.0
port 6379
protected-mode yes
requirepass $WPECS_REDIS_PASSWORD
save ""
appendonly no
dir /run/redis
maxmemory ${WPECS_REDIS_MAXMEMORY:-128mb}
maxmemory-policy allkeys-lru
CONF
chown redis:redis "$conf"
unset WPECS_REDIS_PASSWORD
exec setpriv --reuid=redis --regid=redis --init-groups redis-server "$conf"
