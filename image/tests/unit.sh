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
# The versions and settings are required inputs (no defaults): settings.env's
# and make's, as build.sh passes them.
required=(-var "base_image=$BASE_IMAGE" -var "debian_release=$DEBIAN_RELEASE"
  -var "php_version=$PHP_VERSION" -var "wordpress_version=$WORDPRESS_VERSION"
  -var "image=$IMAGE" -var "base_repository=$BASE_REPOSITORY" -var "timezone=$TIMEZONE"
  -var "wordpress_source=$WORDPRESS_SOURCE" -var "version=unit" -var "git_revision=$(git rev-parse HEAD)" -var base_tag=unit)
versions=("${required[@]}" -var "arch=$ARCH")
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
if out="$(packer validate "${versions[@]}" -var "app_context=$stub/context" -var "wp_init=$stub/wp-init" \
  -var wordpress_source=tarball -except=ecr-tag,ecr-push image/packer 2>&1)"; then
  echo "packer validate accepted wordpress_source=tarball" >&2; exit 1
fi
grep -q "The wordpress_source must be local or archive" <<<"$out" \
  || { echo "wordpress_source=tarball refused without the wordpress_source message: $out" >&2; exit 1; }

step "packer requires every value make and build.sh pass (no default of its own)"
# Each required input left out in turn: Packer refuses, naming it.
all=("${versions[@]}" -var "app_context=$stub/context" -var "wp_init=$stub/wp-init")
for ((i = 1; i < ${#all[@]}; i += 2)); do
  name="${all[i]%%=*}"
  rest=("${all[@]:0:i-1}" "${all[@]:i+1}")
  if out="$(packer validate "${rest[@]}" -except=ecr-tag,ecr-push image/packer 2>&1)"; then
    echo "packer validate passed without $name" >&2; exit 1
  fi
  grep -q "Unset variable \"$name\"" <<<"$out" || { echo "packer validate without $name: $out" >&2; exit 1; }
done

step "ARCH is checked before anything is built"
for bad in x86_64 ARM64 ''; do
  if out="$(make -s build ARCH="$bad" VERSION=unit 2>&1)"; then
    echo "make build ARCH='$bad' did not fail" >&2; exit 1
  fi
  grep -q "ARCH='$bad' must be amd64 or arm64" <<<"$out" || { echo "make build ARCH='$bad': $out" >&2; exit 1; }
done
step "build.sh requires VERSION and WP_INIT (make passes them)"
for given in WP_INIT=/nonexistent VERSION=unit; do
  name="$( [[ $given == VERSION=* ]] && echo WP_INIT || echo VERSION)"
  if out="$(env -u VERSION -u WP_INIT "$given" image/packer/build.sh 2>&1)"; then
    echo "build.sh ran without $name" >&2; exit 1
  fi
  [[ "$out" == "error: $name is required"* ]] || { echo "build.sh without $name: $out" >&2; exit 1; }
done
step "image unit checks passed"
