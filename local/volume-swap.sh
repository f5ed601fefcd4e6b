#!/bin/sh
# Runs in a throwaway container (base image) with the shared volume at
# /shared: puts the restore staged in /shared/.wpecs-restore in place.
# It holds wp-init's seeding lock meanwhile (a POSIX record lock on
# .wpecs/lock; flock(1) would not conflict with it, so perl's fcntl takes it),
# so a replica starting now cannot seed in the middle of the swap.
set -eu
cd /shared
if [ "${1:-}" != --locked ]; then
  mkdir -p .wpecs
  touch .wpecs/lock
  exec perl -e '
    use Fcntl qw(F_SETLKW F_WRLCK SEEK_SET);
    open(my $f, "+<", ".wpecs/lock") or die "open .wpecs/lock: $!\n";
    my $fl = pack("s s x4 q q i x4", F_WRLCK, SEEK_SET, 0, 0, 0);
    fcntl($f, F_SETLKW, $fl) or die "lock .wpecs/lock: $!\n";
    exit(system("sh", $ARGV[0], "--locked") == 0 ? 0 : 1);
  ' "$0"
fi
rm -rf .wpecs-old
mkdir .wpecs-old .wpecs-old/.wpecs
[ ! -e wp-content ] || mv wp-content .wpecs-old/
mv .wpecs-restore/wp-content wp-content
for f in .wpecs-restore/.wpecs/*; do
  [ -e "$f" ] || continue
  n="${f##*/}"
  [ "$n" != lock ] || continue
  [ ! -e ".wpecs/$n" ] || mv ".wpecs/$n" .wpecs-old/.wpecs/
  mv "$f" ".wpecs/$n"
done
rm -rf .wpecs-old .wpecs-restore
