#!/usr/bin/env bash
# `make test-unit-image`: static checks of the image build, no image needed.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
# shellcheck source=tools/lib.sh
source "$root/tools/lib.sh"
cd "$root"
export CHECKPOINT_DISABLE=1 ANSIBLE_NOCOLOR=1

step "shellcheck: image build scripts and tests"
shellcheck -x image/packer/build.sh image/packer/scripts/*.sh image/tests/*.sh tools/wordpress-source.sh

step "ansible-lint --offline (profile production)"
(cd image/ansible && ansible-lint --offline -q)

step "ansible-playbook --syntax-check of base.yml and app.yml"
(cd image/ansible && for p in base.yml app.yml; do
  ansible-playbook --syntax-check -i localhost, "$p" >/dev/null
done)

step "role input checks (ansible-playbook --check on this host)"
pytest -q -p no:cacheprovider image/tests/test_roles.py

step "packer fmt -check"
packer fmt -check image/packer

step "packer validate (both stages, with and without the ECR push)"
# validate wants the app stage's uploads to exist: give it stand-ins.
stub="$(mktemp -d)"
trap 'rm -rf "$stub"' EXIT
mkdir -p "$stub/context/files"
printf '#!/bin/sh\n' > "$stub/wp-init"
# The versions and settings are required inputs (no defaults): settings.env's, as build.sh passes them.
versions=(-var "base_image=$BASE_IMAGE" -var "debian_release=$DEBIAN_RELEASE"
  -var "php_version=$PHP_VERSION" -var "wordpress_version=$WORDPRESS_VERSION"
  -var "image=$IMAGE" -var "base_repository=$BASE_REPOSITORY" -var "timezone=$TIMEZONE" -var "arch=$ARCH")
packer validate "${versions[@]}" -var "app_context=$stub/context" -var "wp_init=$stub/wp-init" \
  -except=ecr-tag,ecr-push image/packer
packer validate "${versions[@]}" -var "app_context=$stub/context" -var "wp_init=$stub/wp-init" \
  -var ecr_repository_url=123456789012.dkr.ecr.eu-west-1.amazonaws.com/wordpress-ecs image/packer
packer validate "${versions[@]}" -var "app_context=$stub/context" -var "wp_init=$stub/wp-init" -var arch=arm64 \
  -except=ecr-tag,ecr-push image/packer
if out="$(packer validate "${versions[@]}" -var "app_context=$stub/context" -var "wp_init=$stub/wp-init" -var arch=x86_64 \
  -except=ecr-tag,ecr-push image/packer 2>&1)"; then
  echo "packer validate accepted arch=x86_64" >&2; exit 1
fi
grep -q "The arch must be amd64 or arm64" <<<"$out" || { echo "arch=x86_64 refused without the arch message: $out" >&2; exit 1; }

step "ARCH is checked before anything is built"
for bad in x86_64 ARM64 ''; do
  if out="$(make -s build ARCH="$bad" VERSION=unit 2>&1)"; then
    echo "make build ARCH='$bad' did not fail" >&2; exit 1
  fi
  grep -q "ARCH='$bad' must be amd64 or arm64" <<<"$out" || { echo "make build ARCH='$bad': $out" >&2; exit 1; }
done
step "image unit checks passed"
