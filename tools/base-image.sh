#!/usr/bin/env bash
# Make the Debian base image without a registry: debootstrap from this
# machine's own Debian mirror (read from its apt sources) and `docker import`.
# Usage: tools/base-image.sh [--arch amd64|arm64] [IMAGE]
#   (default image: BASE_IMAGE of settings.env, with -arm64 for arm64)
# The release is DEBIAN_RELEASE of settings.env.
# Another architecture than the machine's is bootstrapped in two stages: the
# packages are unpacked here (--foreign) and their scripts run in the new root
# under qemu (tools/binfmt.sh up registers it; this script removes what it
# registered).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=tools/lib.sh
source "$here/lib.sh"

arch=amd64
if [[ "${1:-}" == --arch ]]; then
  arch="${2:-}"
  shift 2 || true
fi
case "$arch" in
  amd64 | arm64) ;;
  *) die "--arch '$arch': use amd64 or arm64" ;;
esac
require DEBIAN_RELEASE BASE_IMAGE
suite="$DEBIAN_RELEASE"
suffix=""
[[ "$arch" == amd64 ]] || suffix="-$arch"
image="${1:-$BASE_IMAGE$suffix}"

# The image carries the hash of this recipe: a machine that still has a base made
# by an older recipe makes it again (and everything built on it follows: their
# tags hash the base's id), instead of trusting the name.
recipe="$(sha256sum "$0" | cut -c1-12)"
label=org.wordpress-ecs.base-recipe
if [[ "$(docker image inspect -f "{{ index .Config.Labels \"$label\" }}" "$image" 2>/dev/null)" == "$recipe" ]]; then
  step "base image $image already present"
  exit 0
elif docker image inspect "$image" >/dev/null 2>&1; then
  step "base image $image was made by another version of this script: making it again"
fi

mirror="${DEBIAN_MIRROR:-$(debian_mirror)}"
[[ -n "$mirror" ]] || die "no Debian mirror found in /etc/apt sources; set DEBIAN_MIRROR"
have debootstrap || die "debootstrap is missing: run 'make deps' (or apt-get install debootstrap)"
[[ $EUID -eq 0 ]] || die "debootstrap needs root"

host_arch="$(dpkg --print-architecture)"
binfmt=""
root="$(mktemp -d /var/tmp/wpecs-rootfs.XXXXXX)"
cleanup() {
  rm -rf "$root"
  if [[ "$binfmt" == registered ]]; then "$here/binfmt.sh" down; fi
}
trap cleanup EXIT
if [[ "$arch" == "$host_arch" ]]; then
  step "debootstrap $suite $arch (minbase) from the machine's apt mirror"
  run_logged "$root.log" debootstrap --variant=minbase --include=ca-certificates,tzdata "$suite" "$root" "$mirror"
else
  binfmt="$("$here/binfmt.sh" up)"
  step "debootstrap $suite $arch (minbase, first stage) from the machine's apt mirror"
  run_logged "$root.log" debootstrap --arch="$arch" --foreign --variant=minbase --include=ca-certificates,tzdata "$suite" "$root" "$mirror"
  step "debootstrap second stage under qemu (emulated $arch)"
  run_logged "$root.log" chroot "$root" /debootstrap/debootstrap --second-stage
fi
rm -f "$root.log"
# The same mirror inside the image, so later apt-get steps work offline too.
printf 'deb %s %s main\ndeb %s %s-updates main\n' "$mirror" "$suite" "$mirror" "$suite" > "$root/etc/apt/sources.list"
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
# No documentation, man pages or system translations: later layers cannot take
# back what this first layer ships (about 40 MB, 14 MB compressed). The image
# build's dpkg configuration keeps packages installed later from adding them.
find "$root/usr/share/doc" -mindepth 1 ! -type d ! -name copyright -delete
find "$root/usr/share/doc" -mindepth 1 -type d -empty -delete
find "$root/usr/share/locale" -mindepth 1 -maxdepth 1 ! -name locale.alias -exec rm -rf {} +
rm -rf "$root"/usr/share/man/* "$root"/usr/share/info/* "$root"/usr/share/lintian/*
step "importing the root file system as $image"
tar -C "$root" -c . | docker import --platform "linux/$arch" \
  --change 'ENV LANG=C.UTF-8' --change 'CMD ["/bin/bash"]' --change "LABEL $label=$recipe" - "$image" >/dev/null
# Docker 20.10 ignores --platform on import and says amd64: set what it holds.
"$here/image-arch.py" "$image" "$arch"
step "base image $image ready"
