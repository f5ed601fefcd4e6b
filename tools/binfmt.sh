#!/usr/bin/env bash
# Run arm64 (aarch64) binaries on an amd64 machine: qemu-user-static through
# binfmt_misc, for `make build ARCH=arm64` and its test.
#
#   tools/binfmt.sh up      install Debian's qemu-user-static if missing, mount
#                           binfmt_misc if it is not, register aarch64. Prints
#                           `registered` when it registered the entry, `present`
#                           when aarch64 already runs (native, or an entry that
#                           was there before): the caller runs `down` only
#                           after `registered`, so it removes nothing it did not add.
#   tools/binfmt.sh down    remove the entry `up` registers (wpecs-aarch64)
#   tools/binfmt.sh status  say whether aarch64 binaries run here
#
# The entry has the F (fix-binary) flag: the kernel opens the interpreter when
# it is registered, so it works inside containers and chroots, whose file
# systems have no qemu. It is removed afterwards because an aarch64 entry would
# make an image of the wrong architecture run (slowly, emulated) instead of
# failing at once with "exec format error" in the rest of the suite. The
# binfmt_misc mount itself is left: an empty binfmt_misc changes nothing, and
# another program may be using it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=tools/lib.sh
source "$here/lib.sh"

name=wpecs-aarch64
fs=/proc/sys/fs/binfmt_misc
qemu=/usr/bin/qemu-aarch64-static
# An aarch64 ELF executable's header (class 64-bit, little endian, e_machine
# 0xb7) and the mask of the bytes that vary; the same as Debian's
# /usr/lib/binfmt.d/qemu-aarch64.conf.
magic='\x7f\x45\x4c\x46\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\xb7\x00'
mask='\xff\xff\xff\xff\xff\xff\xff\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff'

native() { [[ "$(uname -m)" == aarch64 ]]; }

# Another enabled entry for aarch64 that has the F flag (the package's own
# qemu-aarch64, or docker's tonistiigi/binfmt's): it already does the job.
other_entry() {
  local f
  for f in "$fs"/*; do
    [[ -f "$f" && "$(basename "$f")" != "$name" && "$(basename "$f")" != register && "$(basename "$f")" != status ]] || continue
    grep -qx enabled "$f" && grep -q '^interpreter .*aarch64' "$f" && grep -q '^flags:.*F' "$f" && { basename "$f"; return 0; }
  done
  return 1
}

cmd="${1:-}"
case "$cmd" in
  up)
    if native; then echo present; exit 0; fi
    [[ $EUID -eq 0 ]] || die "registering aarch64 with binfmt_misc needs root"
    if [[ ! -x "$qemu" ]]; then
      "$here/deps.sh" --arm64 # qemu-user-static: arm64 binaries on this machine
    fi
    if [[ ! -e "$fs/register" ]]; then
      mount -t binfmt_misc binfmt_misc "$fs" 2>/dev/null \
        || die "cannot mount binfmt_misc on $fs (a container without privileges? run on the host: modprobe binfmt_misc)"
    fi
    if [[ -e "$fs/$name" ]]; then echo present; exit 0; fi
    if entry="$(other_entry)"; then
      step "aarch64 already registered with binfmt_misc as $entry"
      echo present; exit 0
    fi
    printf ':%s:M::%s:%s:%s:F' "$name" "$magic" "$mask" "$qemu" > "$fs/register" \
      || die "binfmt_misc refused the aarch64 entry (see dmesg)"
    step "registered aarch64 with binfmt_misc as $name ($qemu, fix-binary)"
    echo registered
    ;;
  down)
    if [[ -e "$fs/$name" ]]; then
      echo -1 > "$fs/$name"
      step "removed binfmt_misc entry $name"
    fi
    ;;
  status)
    if native; then echo "aarch64: native"; exit 0; fi
    if [[ -e "$fs/$name" ]]; then echo "aarch64: $name ($(grep '^flags' "$fs/$name"))"; exit 0; fi
    if [[ -e "$fs/register" ]] && entry="$(other_entry)"; then echo "aarch64: $entry"; exit 0; fi
    echo "aarch64: not registered"; exit 1
    ;;
  *) die "usage: tools/binfmt.sh up|down|status (got '${cmd}')" ;;
esac
