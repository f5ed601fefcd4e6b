#!/bin/sh
# The volume side of local/backup.sh and local/restore.sh. Runs in a
# throwaway container (the base image) with the shared volume at /shared.
#
#   volume-swap.sh lock           take wp-init's seeding lock, print "locked",
#                                 hold it until stdin reaches its end (the
#                                 script that started it exits, even killed);
#                                 a waiter whose stdin ends gives up
#   volume-swap.sh exchange A B   swap two paths in one step (renameat2
#                                 RENAME_EXCHANGE): at every moment each name
#                                 is one whole tree, the old or the new
#
# The lock is a POSIX record lock (fcntl F_SETLK) on /shared/.wpecs/lock:
# wp-init takes an OFD lock on the same file, and the two kinds conflict
# with each other (flock(1) would not conflict with either). perl-base is
# in the base image; the shell and coreutils have neither call.
set -eu
case "${1:-}" in
  lock)
    mkdir -p /shared/.wpecs
    # Polled (F_SETLK every 0.2 s) rather than F_SETLKW, so a waiter also
    # notices its stdin closing: a script that died or gave up waiting never
    # leaves a waiter behind that takes the lock later and holds it.
    exec perl -e '
      use Fcntl qw(F_SETLK F_WRLCK SEEK_SET);
      $| = 1;
      open(my $f, ">>", "/shared/.wpecs/lock") or die "open /shared/.wpecs/lock: $!\n";
      my $fl = pack("s s x4 q q i x4", F_WRLCK, SEEK_SET, 0, 0, 0);
      my $rin = ""; vec($rin, fileno(STDIN), 1) = 1;
      until (fcntl($f, F_SETLK, $fl)) {
        die "lock /shared/.wpecs/lock: $!\n" unless $!{EAGAIN} || $!{EACCES};
        if (select(my $rout = $rin, undef, undef, 0.2) > 0) {
          exit 0 unless sysread(STDIN, my $buf, 4096);
        }
      }
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
