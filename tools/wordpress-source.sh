#!/usr/bin/env bash
# Prepare a plain, self-contained WordPress tree from the `wordpress` package of
# DEBIAN_RELEASE (settings.env), for builds that cannot reach the upstream download site (tests, CI
# without internet). Users with internet build from the upstream archive
# instead (WORDPRESS_SOURCE=archive); this is only the offline source.
#
# Usage: tools/wordpress-source.sh        prints the tree's path on stdout
#
# The packages come from this machine's Debian mirror (read from its apt
# sources), through a private apt state for DEBIAN_RELEASE under $WPECS_CACHE:
# the host may run another release, and its own apt state is left alone.
#
# Debian's package is not a plain WordPress tree, so this script rebuilds one:
# - a few bundled libraries are symlinks into other packages (underscore.js,
#   cropper, getID3): those packages are downloaded too and the real files copied;
# - wp-includes/certificates/ca-bundle.crt points at the system bundle: the
#   host's /etc/ssl/certs/ca-certificates.crt is copied in its place;
# - the bundled themes are separate packages (wordpress-theme-*, all those of
#   the same source version): added; the release's default theme must be one;
# - wp-config.php is Debian's multi-host loader and .htaccess points into /etc:
#   both removed (the image ships its own wp-config.php, rewrites are in Apache);
# - wp-content/index.php and friends live under /var/lib/wordpress: added back.
# Known difference from upstream: Debian drops wp-content/plugins/hello.php (Hello
# Dolly). Nothing else in the image depends on it.
#
# The result is cached in $WPECS_CACHE/wordpress/<package version>/tree and
# reused while apt offers the same version (idempotent; the private package
# lists are refreshed from the mirror at most once a day).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=tools/lib.sh
source "$here/lib.sh"

have apt-get || die "apt-get is missing: the offline WordPress source needs a Debian or Ubuntu host"
have dpkg-deb || die "dpkg-deb is missing: the offline WordPress source needs a Debian or Ubuntu host"

[[ -n "${DEBIAN_RELEASE:-}" ]] || die "DEBIAN_RELEASE is not set (settings.env)"

# apt for DEBIAN_RELEASE only, from the machine's mirror, with its own lists.
apt_dir="$WPECS_CACHE/apt/$DEBIAN_RELEASE"
mirror="${DEBIAN_MIRROR:-$(debian_mirror)}"
[[ -n "$mirror" ]] || die "no Debian mirror found in /etc/apt sources; set DEBIAN_MIRROR"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
[[ -r "$keyring" ]] || die "$keyring is missing: apt-get install debian-archive-keyring"
mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$apt_dir/sources.list.d"
printf 'deb [signed-by=%s] %s %s main\ndeb [signed-by=%s] %s %s-updates main\n' \
  "$keyring" "$mirror" "$DEBIAN_RELEASE" "$keyring" "$mirror" "$DEBIAN_RELEASE" > "$apt_dir/sources.list"
apt_opts=(-o "Dir::Etc::SourceList=$apt_dir/sources.list" -o "Dir::Etc::SourceParts=$apt_dir/sources.list.d"
  -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache" -o Acquire::Languages=none)
[[ $EUID -eq 0 ]] && apt_opts+=(-o APT::Sandbox::User=root)
if [[ -z "$(find "$apt_dir/lists" -maxdepth 1 -name '*_Packages' -mmin -1440 2>/dev/null | head -n 1)" ]]; then
  step "apt-get update: Debian $DEBIAN_RELEASE package lists from $mirror"
  apt-get "${apt_opts[@]}" update -q >"$apt_dir/update.log" 2>&1 \
    || { tail -n 20 "$apt_dir/update.log" >&2; die "apt-get update for $DEBIAN_RELEASE failed (log: $apt_dir/update.log)"; }
fi

# The version apt would install; the theme packages are built from the same source.
pkg_version="$(apt-cache "${apt_opts[@]}" show --no-all-versions wordpress 2>/dev/null | awk '/^Version:/ { print $2; exit }')"
[[ -n "$pkg_version" ]] || die "Debian $DEBIAN_RELEASE has no 'wordpress' package at $mirror"

cache="$WPECS_CACHE/wordpress/$pkg_version"
tree="$cache/tree"
if [[ -f "$cache/.complete" && -d "$tree" ]]; then
  step "WordPress $(cat "$cache/WORDPRESS_VERSION") (Debian package $pkg_version) already prepared"
  printf '%s\n' "$tree"
  exit 0
fi

mkdir -p "$cache"
work="$(mktemp -d "$cache/.work.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# Every bundled theme of this source version (the set changes between releases).
mapfile -t themes < <(apt-cache "${apt_opts[@]}" search --names-only '^wordpress-theme-' | awk '{ print $1 }' | sort)
((${#themes[@]})) || die "Debian $DEBIAN_RELEASE has no wordpress-theme-* packages"
packages=("wordpress=$pkg_version")
for theme in "${themes[@]}"; do packages+=("$theme=$pkg_version"); done
# What the package's symlinks point into.
packages+=(libjs-underscore libjs-cropper libjs-lodash php-getid3)
step "downloading Debian packages: ${packages[*]}"
mkdir -p "$work/debs" "$work/root"
(cd "$work/debs" && apt-get download -q "${apt_opts[@]}" "${packages[@]}" >/dev/null) \
  || die "apt-get download failed for: ${packages[*]}"
for deb in "$work"/debs/*.deb; do
  dpkg-deb -x "$deb" "$work/root"
done

step "assembling a plain WordPress tree"
src="$work/root/usr/share/wordpress"
out="$work/tree"
cp -a "$src" "$out"
rm -f "$out/wp-config.php" "$out/.htaccess"
rm -rf "$out/wp-content/themes"
mkdir -p "$out/wp-content/themes"
# Themes: /var/lib/wordpress/wp-content/themes/<name> -> /usr/share/wordpress/...
for theme in "$src"/wp-content/themes/*/; do
  cp -a "$theme" "$out/wp-content/themes/"
done
for d in wp-content wp-content/themes wp-content/plugins; do
  if [[ ! -e "$out/$d/index.php" ]]; then
    if [[ -f "$work/root/var/lib/wordpress/$d/index.php" ]]; then
      cp "$work/root/var/lib/wordpress/$d/index.php" "$out/$d/index.php"
    else
      printf '<?php\n// Silence is golden.\n' > "$out/$d/index.php"
    fi
  fi
done

# Replace every symlink by the real file it names, resolved inside the
# extracted packages, or on this host for absolute links to files no package
# here provides (the CA bundle). Theme folders were copied above, so every
# link left is a file.
while IFS= read -r -d '' link; do
  target="$(readlink "$link")"
  if [[ "$target" == /* ]]; then
    real="$work/root$target"
    [[ -e "$real" ]] || real="$target"
  else
    # relative to where the link sits in the extracted package
    real="$(dirname "$src/${link#"$out"/}")/$target"
  fi
  [[ -e "$real" ]] || die "cannot resolve ${link#"$out"/} -> $target (missing package?)"
  rm "$link"
  cp -L "$real" "$link"
done < <(find "$out" -type l -print0)
leftover="$(find "$out" -type l | head -n 1)"
[[ -z "$leftover" ]] || die "symlink left in the tree: $leftover"

wp_version="$(sed -n "s/^\$wp_version = '\([^']*\)';.*/\1/p" "$out/wp-includes/version.php")"
[[ -n "$wp_version" ]] || die "no \$wp_version in wp-includes/version.php of $pkg_version"
default_theme="$(sed -n "s/.*define( *'WP_DEFAULT_THEME', *'\([^']*\)'.*/\1/p" "$out/wp-includes/default-constants.php" | head -n 1)"
[[ -n "$default_theme" ]] || die "no WP_DEFAULT_THEME in wp-includes/default-constants.php of $pkg_version"
[[ -f "$out/wp-content/themes/$default_theme/style.css" ]] || die "the default theme $default_theme is missing"

rm -rf "$tree"
mv "$out" "$tree"
printf '%s\n' "$wp_version" > "$cache/WORDPRESS_VERSION"
touch "$cache/.complete"
step "WordPress $wp_version (Debian package $pkg_version) ready in $tree"
printf '%s\n' "$tree"
