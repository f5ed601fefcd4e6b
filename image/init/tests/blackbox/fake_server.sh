#!/bin/bash
# A stand-in for Apache or PHP-FPM in the black-box tests.
# usage: fake_server.sh NAME [EXIT_ON] [EXIT_CODE]
#   NAME       written before each event line in $FAKE_EVENTS
#   EXIT_ON    comma-separated signals that make it exit (e.g. WINCH,TERM); others are
#              recorded and ignored
#   EXIT_CODE  exit code when it exits on a signal (default 0)
# Extra behaviour through the environment:
#   FAKE_ORPHAN_PIDFILE  start a grandchild that is orphaned at once and exits after
#                        0.3 s, and write its pid here (zombie reaping test)
name=$1
exit_on=",${2:-},"
code=${3:-0}
log() { echo "$name $*" >>"$FAKE_EVENTS"; }

on_signal() {
  log "got $1"
  case "$exit_on" in *",$1,"*) log "exit $code on $1"; exit "$code" ;; esac
}
for sig in HUP USR1 USR2 WINCH QUIT TERM INT; do
  # shellcheck disable=SC2064
  trap "on_signal $sig" "$sig"
done

if [ -n "${FAKE_ORPHAN_PIDFILE:-}" ] && [ "$name" = httpd ]; then
  # The inner shell exits at once, so the sleep is re-parented to the nearest
  # subreaper (wp-init) and must be reaped by it when it exits.
  sh -c 'sleep 0.3 & echo $! > "$1.tmp" && mv "$1.tmp" "$1"' sh "$FAKE_ORPHAN_PIDFILE"
fi
log "env WPECS_FPM_MAX_CHILDREN=${WPECS_FPM_MAX_CHILDREN-unset} WPECS_PHP_MEMORY_LIMIT_MB=${WPECS_PHP_MEMORY_LIMIT_MB-unset}"
log "env-password $([ -n "${WORDPRESS_ADMIN_PASSWORD+x}" ] && echo set || echo unset)"
log "started $$ uid $(id -u)"
while :; do
  sleep 1000 &
  wait $!
done
