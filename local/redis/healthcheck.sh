#!/bin/bash
# Healthy when Redis answers PING with the stack's password (from the
# server's own configuration file, readable by root only).
set -euo pipefail
REDISCLI_AUTH="$(awk '$1 == "requirepass" { print $2 }' /run/redis/redis.conf)"
export REDISCLI_AUTH
[[ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" == PONG ]]
