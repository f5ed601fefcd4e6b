#!/usr/bin/env bash
# Build the WordPress image in two Packer stages; called by `make build`, which
# has already checked VERSION and built wp-init.
#
#   base  Debian + Apache + PHP-FPM (slow apt work), tagged
#         $BASE_REPOSITORY:<hash of the base stage's inputs>; skipped when
#         that tag exists, so an app-only change does not rebuild it.
#   app   WordPress, wp-config.php, healthz.php, db-upgrade.php, wp-init on
#         top of the base, tagged $IMAGE:$VERSION.
#
# Settings (environment), required: VERSION, WP_INIT (the wp-init binary),
# and from settings.env (via tools/lib.sh; the environment wins): IMAGE PUSH
# BASE_IMAGE BASE_REPOSITORY WORDPRESS_SOURCE (local|archive)
# WORDPRESS_VERSION DEBIAN_RELEASE PHP_VERSION TIMEZONE ARCH (amd64|arm64: an
# arm64 image is tagged $VERSION-arm64; on an amd64 machine it is built under
# qemu, registered by tools/binfmt.sh for the build and removed afterwards).
# Optional: WORDPRESS_CHECKSUM (required with the archive source),
# WORDPRESS_URL, ECR_REPOSITORY_URL (PUSH=1), GIT_REVISION (the commit of this
# checkout when not given), FORCE_BASE=1, WORDPRESS_LOCAL_PATH (tests).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
# shellcheck source=tools/lib.sh
source "$root/tools/lib.sh"

[[ -n "${VERSION:-}" ]] || die "VERSION is required: the image's tag (make build passes it)"
[[ -n "${WP_INIT:-}" ]] || die "WP_INIT is required: the wp-init binary to install (make build passes build/init/wp-init)"
require IMAGE PUSH ARCH TIMEZONE BASE_REPOSITORY DEBIAN_RELEASE PHP_VERSION WORDPRESS_VERSION BASE_IMAGE WORDPRESS_SOURCE
WORDPRESS_CHECKSUM="${WORDPRESS_CHECKSUM:-}"
WORDPRESS_URL="${WORDPRESS_URL:-}"
# The image's revision label: the commit this checkout is at, or GIT_REVISION
# for a tree outside git (an exported older release).
if [[ -z "${GIT_REVISION:-}" ]]; then
  GIT_REVISION="$(git -C "$root" rev-parse HEAD 2>/dev/null)" \
    || die "GIT_REVISION is required: $root is not a git checkout"
fi

case "$ARCH" in
  amd64) tag="$VERSION" ;;
  arm64) tag="$VERSION-arm64" ;;
  *) die "ARCH='$ARCH': use amd64 or arm64" ;;
esac

case "$WORDPRESS_SOURCE" in
  local | archive) ;;
  *) die "WORDPRESS_SOURCE='$WORDPRESS_SOURCE': use 'local' (offline tree from Debian's package) or 'archive' (upstream tarball)" ;;
esac
[[ -x "$WP_INIT" ]] || die "wp-init not found at $WP_INIT: run 'make init' first"
if [[ "$WORDPRESS_SOURCE" == archive && -z "$WORDPRESS_CHECKSUM" ]]; then
  die "WORDPRESS_CHECKSUM is required with WORDPRESS_SOURCE=archive: the archive's pinned digest (sha256:<hex>), from a source other than the download"
fi
if [[ "$PUSH" == 1 ]]; then
  [[ -n "${ECR_REPOSITORY_URL:-}" ]] || die "PUSH=1 needs ECR_REPOSITORY_URL (<account>.dkr.ecr.<region>.amazonaws.com/<name>)"
fi
have packer || die "packer is missing: run 'make deps'"
have docker || die "docker is missing: run 'make deps'"
export CHECKPOINT_DISABLE=1 # no version check against the internet

out="$root/build/image"
mkdir -p "$out"
# Per-run scratch space: several builds may run at once in one checkout.
run="$(mktemp -d "$out/run.XXXXXX")"
binfmt=""
cleanup() {
  rm -rf "$run"
  if [[ "$binfmt" == registered ]]; then "$root/tools/binfmt.sh" down; fi
}
trap cleanup EXIT
if [[ "$ARCH" != "$(dpkg --print-architecture 2>/dev/null || echo amd64)" ]]; then
  binfmt="$("$root/tools/binfmt.sh" up)"
fi
packer_dir="$root/image/packer"

# The image gets a stripped copy of wp-init, taken now (a concurrent `make
# init` may rewrite build/init/wp-init): its debug symbols are of no use in
# production and cost several MB in every pull.
wp_init="$run/wp-init"
strip_cmd="strip"
[[ "$ARCH" == arm64 && "$(uname -m)" != aarch64 ]] && strip_cmd=aarch64-linux-gnu-strip
if have "$strip_cmd"; then
  "$strip_cmd" -o "$wp_init" "$WP_INIT"
else
  cp "$WP_INIT" "$wp_init"
fi
# (An arm64 wp-init runs here under qemu.)
init_version="$("$wp_init" version 2>&1 || true)"
[[ " $init_version " == *" $VERSION "* ]] \
  || die "wp-init at $WP_INIT says '$init_version', not version $VERSION: run 'make init VERSION=$VERSION' (another build running?)"

# 1. The Debian base: made offline when it is the project's own image.
if [[ "$BASE_IMAGE" == wordpress-ecs/* ]]; then
  "$root/tools/base-image.sh" --arch "$ARCH" "$BASE_IMAGE"
elif ! docker image inspect "$BASE_IMAGE" >/dev/null 2>&1; then
  docker pull --platform "linux/$ARCH" "$BASE_IMAGE"
fi
pull=false
base_arch="$(docker image inspect -f '{{.Architecture}}' "$BASE_IMAGE")"
[[ "$base_arch" == "$ARCH" ]] || die "BASE_IMAGE $BASE_IMAGE is $base_arch, not ARCH=$ARCH"

# 2. Base stage, keyed by a hash of everything that goes into it.
base_inputs() {
  (cd "$root" && find image/packer/base.pkr.hcl image/packer/variables.pkr.hcl image/packer/scripts \
    image/ansible/base.yml image/ansible/layout.yml image/ansible/ansible.cfg image/ansible/roles/timezone \
    image/ansible/roles/webserver \
    -type f -print0 | sort -z | xargs -0 sha256sum)
  echo "base_image=$BASE_IMAGE $(docker image inspect -f '{{.Id}}' "$BASE_IMAGE" 2>/dev/null || true)"
  echo "timezone=$TIMEZONE debian_release=$DEBIAN_RELEASE php_version=$PHP_VERSION"
  echo "arch=$ARCH"
}
base_tag="$(base_inputs | sha256sum | cut -c1-12)"
base="$BASE_REPOSITORY:$base_tag"
# What the app stage uploads (filled in step 3).
ctx="$run/app-context"
# Packer's variables without a default (settings.env's, make's, this
# script's), which both stages need set even where one does not use them.
settings_vars=(-var "base_image=$BASE_IMAGE" -var "image=$IMAGE" -var "base_repository=$BASE_REPOSITORY"
  -var "base_tag=$base_tag" -var "timezone=$TIMEZONE" -var "debian_release=$DEBIAN_RELEASE"
  -var "php_version=$PHP_VERSION" -var "wordpress_version=$WORDPRESS_VERSION" -var "arch=$ARCH"
  -var "wordpress_source=$WORDPRESS_SOURCE" -var "version=$VERSION" -var "git_revision=$GIT_REVISION"
  -var "app_context=$ctx" -var "wp_init=$wp_init")
if [[ "${FORCE_BASE:-0}" != 1 ]] && docker image inspect "$base" >/dev/null 2>&1; then
  step "base stage: $base is up to date, reusing it"
else
  step "base stage: building $base (Apache, PHP-FPM, time zone $TIMEZONE; log: build/image/packer-base-$base_tag.log)"
  run_logged "$out/packer-base-$base_tag.log" packer build -color=false -timestamp-ui -only=docker.base \
    "${settings_vars[@]}" -var "pull=$pull" "$packer_dir"
  step "base stage: $base built"
fi

# The memory budget the webserver role wrote: the app image's label.
memory_min_mb="$(docker run --rm --platform "linux/$ARCH" --entrypoint /bin/sh "$base" -c '. /etc/wordpress-ecs/memory.env && echo "$MIN_MB"')"
[[ "$memory_min_mb" =~ ^[1-9][0-9]*$ ]] || die "base image $base: no MIN_MB in /etc/wordpress-ecs/memory.env (got '$memory_min_mb')"

# 3. What the app stage uploads: the image's files and, offline, WordPress.
mkdir -p "$ctx"
cp -a "$root/image/files" "$ctx/files"
if [[ "$WORDPRESS_SOURCE" == local ]]; then
  step "WordPress source: local tree from Debian's package (tools/wordpress-source.sh)"
  tree="${WORDPRESS_LOCAL_PATH:-$("$root/tools/wordpress-source.sh")}"  # override: tests' patched tree
  cp -a "$tree" "$ctx/wordpress"
elif [[ "$WORDPRESS_URL" == file://* ]]; then
  # A release archive on this host (air-gapped builds, tests): uploaded with
  # the context, still checked against WORDPRESS_CHECKSUM inside the build.
  archive="${WORDPRESS_URL#file://}"
  [[ -f "$archive" ]] || die "WORDPRESS_URL: no file $archive"
  cp "$archive" "$ctx/$(basename "$archive")"
  WORDPRESS_URL="file:///tmp/wordpress-ecs-context/$(basename "$archive")"
  step "WordPress source: archive $archive (checksum $WORDPRESS_CHECKSUM)"
else
  step "WordPress source: archive ${WORDPRESS_URL:-of release $WORDPRESS_VERSION} (checksum $WORDPRESS_CHECKSUM)"
fi

# 4. App stage.
except=('-except=ecr-tag,ecr-push')
push_vars=()
if [[ "$PUSH" == 1 ]]; then
  except=()
  push_vars=(-var "ecr_repository_url=$ECR_REPOSITORY_URL")
fi
step "app stage: building $IMAGE:$tag on $base (log: build/image/packer-app-$tag.log)"
run_logged "$out/packer-app-$tag.log" packer build -color=false -timestamp-ui -only=docker.app "${except[@]}" \
  "${settings_vars[@]}" -var "wordpress_checksum=$WORDPRESS_CHECKSUM" -var "wordpress_url=$WORDPRESS_URL" \
  -var "memory_min_mb=$memory_min_mb" "${push_vars[@]}" "$packer_dir"

wp_version="$(docker run --rm --platform "linux/$ARCH" --entrypoint /bin/sh "$IMAGE:$tag" -c '. /etc/wordpress-ecs/release && echo "$WORDPRESS_VERSION"')"
size="$(docker image inspect -f '{{.Size}}' "$IMAGE:$tag" | awk '{ printf "%.0f MB", $1 / 1000000 }')"
step "built $IMAGE:$tag ($ARCH, WordPress $wp_version, $size uncompressed, base $base)"
if [[ "$PUSH" == 1 ]]; then
  step "pushed $ECR_REPOSITORY_URL:$tag"
fi
