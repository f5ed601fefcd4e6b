#!/usr/bin/env bash
# tools/install-provider.sh, every source of the provider in turn, in a
# throw-away cache. `go` is a stand-in that serves a fake module source and
# "builds" a script, so the build path runs in a second instead of an hour.
# Run by `make test-unit-tools`.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
t="$(mktemp -d)"
trap 'rm -rf "$t"' EXIT
# shellcheck source=tools/tests/lib.sh
source "$root/tools/tests/lib.sh"

# The stand-in go: `go mod download -json M@V` prints the Dir of a fake source
# whose CHANGELOG.md starts with version 9.8.7; `go build ... -o OUT .` writes OUT.
mkdir -p "$t/bin" "$t/module"
printf '## 9.8.7 (Unreleased)\n\n## 9.8.6 (June 1, 2026)\n' >"$t/module/CHANGELOG.md"
cat >"$t/bin/go" <<GO
#!/usr/bin/env bash
echo "\$*" >>"$t/go-calls"
case "\$1 \$2" in
  "env GOVERSION") echo go1.99.0 ;;
  "mod download") printf '{\n\t"Path": "x",\n\t"Dir": "%s",\n\t"Version": "v0"\n}\n' "$t/module" ;;
  build*) while (( \$# )); do if [[ \$1 == -o ]]; then printf '#!/bin/sh\necho fake provider\n' >"\$2"; chmod +x "\$2"; fi; shift; done ;;
  *) exit 1 ;;
esac
GO
chmod +x "$t/bin/go"

install() { # install CACHE VERSION SEARCH_PATH: run the script, keep its output
  env PATH="$t/bin:$PATH" WPECS_CACHE="$1" PROVIDER_VERSION="$2" PROVIDER_SEARCH_PATH="$3" \
    PROVIDER_GO_VERSION=v0.0.0-test "$root/tools/install-provider.sh" >"$t/out" 2>&1
}
published() { # published CACHE VERSION: both host names have the binary, the rc names the mirror
  local h
  for h in registry.opentofu.org registry.terraform.io; do
    [[ -x "$1/providers/$h/hashicorp/aws/$2/linux_amd64/terraform-provider-aws_v$2_x5" ]] || return 1
  done
  grep -q "path    = \"$1/providers\"" "$1/tofurc"
}

# 1. Found in a filesystem-mirror layout on the machine.
mkdir -p "$t/os/registry.terraform.io/hashicorp/aws/1.2.3/linux_amd64"
printf '#!/bin/sh\n' >"$t/os/registry.terraform.io/hashicorp/aws/1.2.3/linux_amd64/terraform-provider-aws_v1.2.3_x5"
chmod +x "$t/os/registry.terraform.io/hashicorp/aws/1.2.3/linux_amd64/terraform-provider-aws_v1.2.3_x5"
if install "$t/c1" 1.2.3 "$t/none:$t/os" && published "$t/c1" 1.2.3 && grep -q "found at $t/os/" "$t/out"; then
  ok "a provider in the search path is published in the mirror"
else fail "search path: $(cat "$t/out")"; fi

# 2. A second run finds it in the cache, even when the search path no longer has it.
if install "$t/c1" 1.2.3 "$t/none" && grep -q "aws provider 1.2.3 ready" "$t/out"; then
  ok "a second run uses the cache"
else fail "cache: $(cat "$t/out")"; fi

# 3. Nowhere on the machine: built from the module proxy (the stand-in go).
rm -f "$t/go-calls"
if install "$t/c2" 5.0.0 "$t/none" && published "$t/c2" 9.8.7 \
  && [[ "$(cat "$t/c2/provider-builds/v0.0.0-test.version")" == 9.8.7 ]] \
  && grep -q "terraform-provider-aws@v0.0.0-test" "$t/go-calls"; then
  ok "built at the pinned commit, version read from its CHANGELOG (9.8.7), stamp written"
else fail "build: $(cat "$t/out")"; fi

# 4. The mirror is lost but the build is kept: reused, go is not called again.
rm -rf "$t/c2/providers" "$t/go-calls"
if install "$t/c2" 5.0.0 "$t/none" && published "$t/c2" 9.8.7 && [[ ! -e "$t/go-calls" ]] \
  && grep -q "built earlier from v0.0.0-test" "$t/out"; then
  ok "an earlier build of the pinned commit is reused without building"
else fail "reuse: $(cat "$t/out")"; fi

# 5. A failing build: one line, non-zero, nothing published for it.
cat >"$t/bin/go" <<'GO'
#!/bin/sh
[ "$1 $2" = "env GOVERSION" ] && echo go1.99.0 && exit 0
echo "proxy refused" >&2
exit 1
GO
if install "$t/c3" 5.0.0 "$t/none"; then
  fail "a failing build was reported as success"
elif grep -q "^error: .*v0.0.0-test" "$t/out" && [[ ! -e "$t/c3/providers/registry.opentofu.org" && ! -e "$t/c3/tofurc" ]] \
  && ! compgen -G "$t/c3/providers/build.*" >/dev/null; then
  ok "a failing build exits non-zero with '$(grep -m1 '^error: ' "$t/out")', publishes nothing, leaves no work folder"
else fail "failing build: $(cat "$t/out")"; fi

finish install-provider "install-provider: all sources checked"
