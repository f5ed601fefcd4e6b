#!/bin/sh
# The volume side of local/backup.sh and local/restore.sh. Runs in a
# throwaway container (the base image) with the shared volume at /shared.
#
#   volume-swap.sh lock           take wp-init's seeding lock, print "locked",
#                                 hold it until stdin reaches its end (the
#                                 script that started it exits, even killed)
#   volume-swap.sh exchange A B   swap two paths in one step (renameat2
#                                 RENAME_EXCHANGE): at every moment each name
#                                 is one whole tree, the old or the new
#
# The lock is a POSIX record lock (fcntl F_SETLKW) on /shared/.wpecs/lock:
# wp-init takes an OFD lock on the same file, and the two kinds conflict
# with each other (flock(1) would not conflict with either). perl-base is
# in the base image; the shell and coreutils have neither call.
set -eu
case "${1:-}" in
  lock)
    mkdir -p /shared/.wpecs
    exec perl -e '
      use Fcntl qw(F_SETLKW F_WRLCK SEEK_SET);
      $| = 1;
      open(my $f, ">>", "/shared/.wpecs/lock") or die "open /shared/.wpecs/lock: $!\n";
      my $fl = pack("s s x4 q q i x4", F_WRLCK, SEEK_SET, 0, 0, 0);
      fcntl($f, F_SETLKW, $fl) or die "lock /shared/.wpecs/lock: $!\n";
      print "locked\n";
      1 while <STDIN>;
    ' ;;
  exchange)
    [ $# -eq 3 ] || { echo "usage: volume-swap.sh exchange A B" >&2; exit 64; }
    exec perl -e '
      my %nr = (x86_64 => 316, aarch64 => 276);
      my $m = `uname -m`; chomp $m;
      my $nr = $nr{$m} or die "renameat2: unknown syscall number on $m\n";
      # AT_FDCWD = -100, RENAME_EXCHANGE = 2
      syscall($nr, -100, $ARGV[0], -100, $ARGV[1], 2) == 0
        or die "exchange $ARGV[0] and $ARGV[1]: $!\n";
    ' "$2" "$3" ;;
  *) echo "usage: volume-swap.sh lock | exchange A B" >&2; exit 64 ;;
esac
