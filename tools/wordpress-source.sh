#!/usr/bin/env bash
# Prepare a plain, self-contained WordPress tree from Debian's `wordpress`
# package, for builds that cannot reach the upstream download site (tests, CI
# without internet). Users with internet build from the upstream archive
# instead (WORDPRESS_SOURCE=archive); this is only the offline source.
#
# Usage: tools/wordpress-source.sh        prints the tree's path on stdout
# The package comes from the suites apt is configured with; APT_CONFIG selects
# another configuration (tools/wordpress-suite-source.sh: another Debian suite).
#
# Debian's package is not a plain WordPress tree, so this script rebuilds one:
# - a few bundled libraries are symlinks into other packages (underscore.js,
#   cropper, getID3): those packages are downloaded too and the real files copied;
# - wp-includes/certificates/ca-bundle.crt points at the system bundle: the
#   host's /etc/ssl/certs/ca-certificates.crt is copied in its place;
# - the default themes are separate packages (wordpress-theme-*): added;
# - wp-config.php is Debian's multi-host loader and .htaccess points into /etc:
#   both removed (the image ships its own wp-config.php, rewrites are in Apache);
# - wp-content/index.php and friends live under /var/lib/wordpress: added back.
# Known difference from upstream: Debian drops wp-content/plugins/hello.php (Hello
# Dolly). Nothing else in the image depends on it.
#
# The result is cached in $WPECS_CACHE/wordpress/<package version>/tree and
# reused while apt offers the same version (idempotent, no network when cached).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=tools/lib.sh
source "$here/lib.sh"

have apt-get || die "apt-get is missing: the offline WordPress source needs a Debian or Ubuntu host"
have dpkg-deb || die "dpkg-deb is missing: the offline WordPress source needs a Debian or Ubuntu host"

# The version apt would install; the theme packages are built from the same source.
pkg_version="$(apt-cache show --no-all-versions wordpress 2>/dev/null | awk '/^Version:/ { print $2; exit }')"
[[ -n "$pkg_version" ]] || die "apt knows no 'wordpress' package: run 'apt-get update' (Debian main)"

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

# The default themes of this WordPress version: every wordpress-theme-* built
# from the same source version (bookworm's 6.1 ships 2021..2023, trixie's 6.8
# 2023..2025). The libraries its files link to: its libjs-* and php-getid3
# dependencies (6.8 adds libjs-lodash).
mapfile -t themes < <(apt-cache show wordpress-theme-* 2>/dev/null | awk -v v="$pkg_version" '
  /^Package:/ { p = $2 } /^Version:/ && $2 == v && !seen[p]++ { print p "=" v }')
(( ${#themes[@]} > 0 )) || die "apt knows no wordpress-theme-* package of version $pkg_version"
mapfile -t libraries < <(apt-cache show --no-all-versions wordpress | awk '/^Depends:/ {
  sub(/^Depends:/, ""); n = split($0, d, ","); for (i = 1; i <= n; i++) { split(d[i], w, " ");
  if (w[1] ~ /^libjs-/ || w[1] == "php-getid3") print w[1] } }')
packages=("wordpress=$pkg_version" "${themes[@]}" "${libraries[@]}")
step "downloading Debian packages: ${packages[*]}"
mkdir -p "$work/debs" "$work/root"
apt_opts=()
[[ $EUID -eq 0 ]] && apt_opts=(-o APT::Sandbox::User=root)
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
compgen -G "$out/wp-content/themes/*/style.css" >/dev/null || die "no default theme in the tree of $pkg_version"

rm -rf "$tree"
mv "$out" "$tree"
printf '%s\n' "$wp_version" > "$cache/WORDPRESS_VERSION"
touch "$cache/.complete"
step "WordPress $wp_version (Debian package $pkg_version) ready in $tree"
printf '%s\n' "$tree"
