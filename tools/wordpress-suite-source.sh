#!/usr/bin/env bash
# The offline WordPress tree (tools/wordpress-source.sh) of a given Debian
# suite, whatever suite this machine runs: e.g. bookworm's 6.1 and trixie's 6.8
# for the upgrade test. Prints the tree's path on stdout (last line).
#
# Usage: tools/wordpress-suite-source.sh SUITE
#
# apt gets a private configuration for SUITE under $WPECS_CACHE/apt/<suite>
# (its own lists and package cache; the machine's apt state is not touched):
# SUITE, SUITE-updates and SUITE-security from the mirrors the machine's apt
# sources already name, checked with the machine's Debian archive keyring. The
# lists are refreshed when older than a day (WPECS_APT_MAX_AGE, seconds).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=tools/lib.sh
source "$here/lib.sh"

suite="${1:-}"
[[ "$suite" =~ ^[a-z]+$ ]] || die "usage: tools/wordpress-suite-source.sh SUITE (a Debian suite name such as trixie; got \"$suite\")"
max_age="${WPECS_APT_MAX_AGE:-86400}"
[[ "$max_age" =~ ^[0-9]+$ ]] || die "WPECS_APT_MAX_AGE: \"$max_age\" is not a number of seconds"
have apt-get || die "apt-get is missing: the offline WordPress source needs a Debian or Ubuntu host"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
[[ -r "$keyring" ]] || die "$keyring is missing: install debian-archive-keyring"

# URIs of the machine's apt sources (deb822 and one-line), main archive and
# security archive told apart by their suites' "-security" ending.
apt_uris() {
  local f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
    [[ -r "$f" ]] || continue
    awk '
      /^[[:space:]]*#/ { next }
      /^URIs:/ { uri = $2 }
      /^Suites:/ { for (i = 2; i <= NF; i++) print ($i ~ /-security$/ ? "security " : "main ") uri }
      /^deb[[:space:]]/ { for (i = 2; i <= NF; i++) if ($i !~ /^\[/ && $i ~ /:\/\//) { print ($(i+1) ~ /-security$/ ? "security " : "main ") $i; break } }
    ' "$f"
  done
}
# Only Debian archives: a third-party repository in the machine's sources has
# no Debian suites.
mirror="$(apt_uris | awk '$1 == "main" && $2 ~ /\/debian\/?$/ { print $2; exit }')"
security="$(apt_uris | awk '$1 == "security" && $2 ~ /\/debian-security\/?$/ { print $2; exit }')"
mirror="${DEBIAN_MIRROR:-$mirror}"
[[ -n "$mirror" ]] || die "no Debian mirror in the machine's apt sources; set DEBIAN_MIRROR"

dir="$WPECS_CACHE/apt/$suite"
mkdir -p "$dir/lists/partial" "$dir/archives/partial" "$dir/empty"
{
  echo "deb [signed-by=$keyring] $mirror $suite main"
  echo "deb [signed-by=$keyring] $mirror $suite-updates main"
  [[ -z "$security" ]] || echo "deb [signed-by=$keyring] $security $suite-security main"
} > "$dir/sources.list"
cat > "$dir/apt.conf" <<EOF
Dir::State "$dir";
Dir::State::Lists "$dir/lists";
Dir::State::status "/dev/null";
Dir::Cache "$dir";
Dir::Cache::archives "$dir/archives";
Dir::Etc::SourceList "$dir/sources.list";
Dir::Etc::SourceParts "$dir/empty";
Dir::Etc::Preferences "$dir/empty/none";
Dir::Etc::PreferencesParts "$dir/empty";
EOF
export APT_CONFIG="$dir/apt.conf"

stamp="$dir/updated"  # not in lists/: apt-get update removes files it does not know there
if [[ ! -f "$stamp" ]] || (( $(date +%s) - $(stat -c %Y "$stamp") > max_age )); then
  step "apt lists of $suite from $mirror"
  apt_opts=()
  [[ $EUID -eq 0 ]] && apt_opts=(-o APT::Sandbox::User=root)
  apt-get update -q "${apt_opts[@]}" >"$dir/update.log" 2>&1 \
    || { tail -n 20 "$dir/update.log" >&2; die "apt-get update of $suite failed (log: $dir/update.log)"; }
  grep -q '^[WE]:' "$dir/update.log" && { grep '^[WE]:' "$dir/update.log" >&2; die "apt-get update of $suite reported errors"; }
  touch "$stamp"
fi
apt-cache show --no-all-versions wordpress >/dev/null 2>&1 \
  || die "Debian $suite has no 'wordpress' package on $mirror"
"$here/wordpress-source.sh"
