#!/bin/bash
# A stand-in for the image's cron entry point (php cron.php) in the black-box tests.
# Appends "start <pid> <uid>", then "end <pid> <uid>" to $FAKE_EVENTS; sleeps $FAKE_CRON_SLEEP seconds
# in between (default 0) and exits $FAKE_CRON_EXIT (default 0). SIGTERM is recorded
# ("term <pid> <uid>") and ends it with 143, as PHP ends on it.
log() { echo "$* $$ $(id -u)" >>"$FAKE_EVENTS"; }
trap 'log term; exit 143' TERM
log start
if [ "${FAKE_CRON_SLEEP:-0}" != 0 ]; then
  sleep "$FAKE_CRON_SLEEP" &
  wait $!
fi
log end
exit "${FAKE_CRON_EXIT:-0}"
