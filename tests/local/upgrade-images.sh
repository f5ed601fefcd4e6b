#!/usr/bin/env bash
# The two images of the upgrade test (tests/local/test_8_upgrade.py), built
# only when missing. Prints "<from image> <to image>" on stdout (last line).
#
#   from  this checkout's image with the WordPress of Debian $UPGRADE_FROM_SUITE's
#         package (the release line sites run today), on the image's current base
#   to    the same with $UPGRADE_TO_SUITE's WordPress: $IMAGE:$VERSION itself when
#         its WordPress is already that version, else built
#
# A built one is tagged $IMAGE:upgrade-<WordPress version>-<hash of what goes
# into it> (the image's sources, the WordPress tree, the base image, the time
# zone), so a warm machine or CI reuses it and any change builds a new one.
#
# Settings (environment): VERSION UPGRADE_FROM_SUITE UPGRADE_TO_SUITE MAKE,
# and IMAGE BASE_IMAGE TIMEZONE from settings.env (via tools/lib.sh)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
# shellcheck source=tools/lib.sh
source "$root/tools/lib.sh"

VERSION="${VERSION:?VERSION is required}"
from_suite="${UPGRADE_FROM_SUITE:?UPGRADE_FROM_SUITE is required (a Debian suite: PREVIOUS_DEBIAN_RELEASE of settings.env)}"
to_suite="${UPGRADE_TO_SUITE:?UPGRADE_TO_SUITE is required (a Debian suite: DEBIAN_RELEASE of settings.env)}"
require IMAGE BASE_IMAGE TIMEZONE
MAKE="${MAKE:-make}"

docker image inspect "$IMAGE:$VERSION" >/dev/null 2>&1 || die "image $IMAGE:$VERSION is missing: run 'make build'"

tree_version() { cat "$(dirname "$1")/WORDPRESS_VERSION"; }
image_wp_version() {
  docker run --rm --entrypoint /bin/sh "$1" -c '. /etc/wordpress-ecs/release && echo "$WORDPRESS_VERSION"'
}

# What an image is built from, as build.sh reads it.
inputs_hash() {
  local tree="$1"
  {
    (cd "$root" && find image/packer image/ansible image/files image/init/CMakeLists.txt image/init/src \
      -type f -print0 | sort -z | xargs -0 sha256sum)
    echo "tree=$tree"
    echo "base=$BASE_IMAGE $(docker image inspect -f '{{.Id}}' "$BASE_IMAGE" 2>/dev/null || true)"
    echo "timezone=$TIMEZONE"
  } | sha256sum | cut -c1-12
}

# image_for SUITE: an image of this checkout with SUITE's WordPress; prints its name.
image_for() {
  local suite="$1" tree wp tag
  tree="$(DEBIAN_RELEASE="$suite" "$root/tools/wordpress-source.sh" | tail -n 1)"
  wp="$(tree_version "$tree")"
  tag="upgrade-$wp-$(inputs_hash "$tree")"
  if docker image inspect "$IMAGE:$tag" >/dev/null 2>&1; then
    step "upgrade test: $IMAGE:$tag (WordPress $wp of $suite) already built"
  else
    step "upgrade test: building $IMAGE:$tag (WordPress $wp of $suite)"
    "$MAKE" -C "$root" --no-print-directory build VERSION="$tag" WORDPRESS_SOURCE=local \
      WORDPRESS_LOCAL_PATH="$tree" IMAGE="$IMAGE" BASE_IMAGE="$BASE_IMAGE" >&2
  fi
  printf '%s\n' "$IMAGE:$tag"
}

from="$(image_for "$from_suite")"
to_tree="$(DEBIAN_RELEASE="$to_suite" "$root/tools/wordpress-source.sh" | tail -n 1)"
if [[ "$(image_wp_version "$IMAGE:$VERSION")" == "$(tree_version "$to_tree")" ]]; then
  to="$IMAGE:$VERSION"
  step "upgrade test: $to already runs WordPress $(tree_version "$to_tree") of $to_suite"
else
  to="$(image_for "$to_suite")"
fi
[[ "$from" != "$to" ]] || die "UPGRADE_FROM_SUITE=$from_suite and UPGRADE_TO_SUITE=$to_suite give the same image $from"
printf '%s %s\n' "$from" "$to"
