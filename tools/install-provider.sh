#!/usr/bin/env bash
# Make the AWS provider available to OpenTofu/Terraform without a registry:
# a filesystem mirror in the cache plus a CLI configuration that uses it.
#
# Where the binary comes from, in order:
#   1. the cache ($WPECS_CACHE/providers), from an earlier run;
#   2. a provider already unpacked on this machine in a filesystem-mirror layout
#      (PROVIDER_SEARCH_PATH, e.g. a plugin directory shipped with the OS image);
#   3. an earlier build of the pinned commit (PROVIDER_GO_VERSION), from the cache;
#   4. a build from the Go module proxy. Provider release tags (v5/v6) are not
#      valid Go versions for the module path, so the proxy only serves commits
#      as pseudo-versions: PROVIDER_GO_VERSION pins one. That build takes about an
#      hour on 2 cores and a few GB of memory; its version is read from the top of
#      the commit's CHANGELOG.md and recorded in the mirror path.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=tools/lib.sh
source "$here/lib.sh"

require PROVIDER_VERSION PROVIDER_GO_VERSION
PROVIDER_SEARCH_PATH="${PROVIDER_SEARCH_PATH:-/opt/tf-plugins:$HOME/.terraform.d/plugins:/usr/share/terraform/plugins}"
mirror="$WPECS_CACHE/providers"
rc="$WPECS_CACHE/tofurc"
platform="linux_amd64"

binary_for() { # version -> path of the binary inside our mirror
  echo "$mirror/registry.opentofu.org/hashicorp/aws/$1/$platform/terraform-provider-aws_v$1_x5"
}

publish() { # version source-binary: place it under both registry host names
  local v="$1" src="$2" host d
  for host in registry.opentofu.org registry.terraform.io; do
    d="$mirror/$host/hashicorp/aws/$v/$platform"
    mkdir -p "$d"
    ln -sfn "$src" "$d/terraform-provider-aws_v${v}_x5"
  done
}

write_rc() {
  local tmp
  tmp="$(mktemp "$rc.XXXXXX")"
  cat >"$tmp" <<RC
# Written by tools/install-provider.sh: providers come from a local mirror only.
provider_installation {
  filesystem_mirror {
    path    = "$mirror"
    include = ["registry.opentofu.org/hashicorp/aws", "registry.terraform.io/hashicorp/aws"]
  }
}
plugin_cache_dir = "$WPECS_CACHE/plugin-cache"
RC
  mkdir -p "$WPECS_CACHE/plugin-cache"
  mv "$tmp" "$rc"
}

mkdir -p "$mirror"
if [[ -e "$(binary_for "$PROVIDER_VERSION")" ]]; then
  write_rc
  step "aws provider $PROVIDER_VERSION ready in $mirror"
  exit 0
fi

IFS=: read -r -a search <<<"$PROVIDER_SEARCH_PATH"
for dir in "${search[@]}"; do
  for host in registry.opentofu.org registry.terraform.io; do
    cand="$dir/$host/hashicorp/aws/$PROVIDER_VERSION/$platform/terraform-provider-aws_v${PROVIDER_VERSION}_x5"
    if [[ -x "$cand" ]]; then
      step "using the aws provider $PROVIDER_VERSION found at $cand"
      publish "$PROVIDER_VERSION" "$cand"
      write_rc
      exit 0
    fi
  done
done

# An earlier build of the pinned commit (its version is only
# known once built: the stamp records it).
stamp="$WPECS_CACHE/provider-builds/$PROVIDER_GO_VERSION.version"
if [[ -f "$stamp" ]]; then
  v="$(cat "$stamp")"
  bin="$WPECS_CACHE/provider-builds/$v/terraform-provider-aws_v${v}_x5"
  if [[ -x "$bin" ]]; then
    publish "$v" "$bin"
    write_rc
    step "aws provider $v (built earlier from $PROVIDER_GO_VERSION) ready in $mirror"
    exit 0
  fi
fi

need_go "the aws provider $PROVIDER_VERSION (not found on this machine)"
step "aws provider $PROVIDER_VERSION not found on this machine; building $PROVIDER_GO_VERSION from the Go module proxy (about an hour)"
work="$(mktemp -d "$mirror/build.XXXXXX")"
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
go_module_source github.com/hashicorp/terraform-provider-aws "$PROVIDER_GO_VERSION" "$work"
built_version="$(sed -n 's/^## \([0-9][0-9.]*\) .*/\1/p' "$work/src/CHANGELOG.md" | head -n 1)"
[[ -n "$built_version" ]] || die "cannot read the provider version from CHANGELOG.md of $PROVIDER_GO_VERSION"
(cd "$work/src" && run_logged "$work/build.log" env CGO_ENABLED=0 GOMAXPROCS="$(nproc)" \
  go build -trimpath -ldflags "-s -w" -o "$work/terraform-provider-aws" .)
store="$WPECS_CACHE/provider-builds/$built_version"
mkdir -p "$store"
mv "$work/terraform-provider-aws" "$store/terraform-provider-aws_v${built_version}_x5"
publish "$built_version" "$store/terraform-provider-aws_v${built_version}_x5"
echo "$built_version" >"$stamp"
write_rc
step "aws provider $built_version built from $PROVIDER_GO_VERSION; set PROVIDER_VERSION=$built_version to use it"
