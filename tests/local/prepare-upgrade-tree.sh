#!/usr/bin/env bash
# The "newer WordPress" for the upgrade test: a copy of the offline WordPress
# source (tools/wordpress-source.sh) with $wp_version and $wp_db_version bumped,
# in build/wordpress-next. Prints the tree's path on stdout.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
# shellcheck source=tools/lib.sh
source "$root/tools/lib.sh"

src="$("$root/tools/wordpress-source.sh" | tail -n 1)"
[[ -f "$src/wp-includes/version.php" ]] || die "tools/wordpress-source.sh gave no WordPress tree ($src)"
dest="$root/build/wordpress-next"
mkdir -p "$root/build"
rm -rf "$dest.tmp"
cp -a "$src" "$dest.tmp"
version_php="$dest.tmp/wp-includes/version.php"
wp="$(sed -n "s/^\$wp_version = '\([^']*\)';.*/\1/p" "$version_php")"
# shellcheck disable=SC2016 # a literal $ in the pattern
db="$(sed -n 's/^\$wp_db_version = \([0-9]*\);.*/\1/p' "$version_php")"
[[ -n "$wp" && -n "$db" ]] || die "cannot read \$wp_version / \$wp_db_version in $src/wp-includes/version.php"
sed -i -e "s/^\$wp_version = '[^']*';/\$wp_version = '$wp.1';/" \
  -e "s/^\$wp_db_version = [0-9]*;/\$wp_db_version = $((db + 1));/" "$version_php"
rm -rf "$dest"
mv "$dest.tmp" "$dest"
step "WordPress $wp.1 (db $((db + 1))) for the upgrade test: $dest (from $wp, db $db)"
printf '%s\n' "$dest"
