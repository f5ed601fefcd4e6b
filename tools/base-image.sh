#!/usr/bin/env bash
# Make the Debian base image without a registry: debootstrap from this
# machine's own Debian mirror (read from its apt sources) and `docker import`.
# Usage: tools/base-image.sh [IMAGE]   (default: wordpress-ecs/debian:$DEBIAN_RELEASE)
# The release is DEBIAN_RELEASE of settings.env.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=tools/lib.sh
source "$here/lib.sh"

[[ -n "${DEBIAN_RELEASE:-}" ]] || die "DEBIAN_RELEASE is not set (settings.env)"
image="${1:-${BASE_IMAGE_LOCAL:-wordpress-ecs/debian:$DEBIAN_RELEASE}}"
suite="$DEBIAN_RELEASE"

if docker image inspect "$image" >/dev/null 2>&1; then
  step "base image $image already present"
  exit 0
fi

mirror="${DEBIAN_MIRROR:-$(debian_mirror)}"
[[ -n "$mirror" ]] || die "no Debian mirror found in /etc/apt sources; set DEBIAN_MIRROR"
have debootstrap || die "debootstrap is missing: run 'make deps' (or apt-get install debootstrap)"
[[ $EUID -eq 0 ]] || die "debootstrap needs root"

root="$(mktemp -d /var/tmp/wpecs-rootfs.XXXXXX)"
trap 'rm -rf "$root"' EXIT
step "debootstrap $suite (minbase) from the machine's apt mirror"
run_logged "$root.log" debootstrap --variant=minbase --include=ca-certificates,tzdata "$suite" "$root" "$mirror"
rm -f "$root.log"
# The same mirror inside the image, so later apt-get steps work offline too.
printf 'deb %s %s main\ndeb %s %s-updates main\n' "$mirror" "$suite" "$mirror" "$suite" > "$root/etc/apt/sources.list"
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
step "importing the root file system as $image"
tar -C "$root" -c . | docker import \
  --change 'ENV LANG=C.UTF-8' --change 'CMD ["/bin/bash"]' - "$image" >/dev/null
step "base image $image ready"
