#!/bin/sh
# First provisioner of both Packer stages: install Ansible from the image's
# own apt sources (the Debian release's ansible-core), so ansible-local can run.
# cleanup.sh removes it again, with whatever came only for it.
set -eu
export DEBIAN_FRONTEND=noninteractive

# Never install documentation, man pages or translations in this image: smaller
# layers and less dpkg work (same idea as Debian's slim images).
cat > /etc/dpkg/dpkg.cfg.d/wordpress-ecs-nodoc <<'CFG'
path-exclude=/usr/share/doc/*
path-include=/usr/share/doc/*/copyright
path-exclude=/usr/share/man/*
path-exclude=/usr/share/info/*
path-exclude=/usr/share/lintian/*
path-exclude=/usr/share/locale/*
CFG

# No fsync per unpacked file: a build container is thrown away on failure
# anyway, and dpkg's syncing dominates package installs on a busy disk.
echo force-unsafe-io > /etc/dpkg/dpkg.cfg.d/wordpress-ecs-unsafe-io

# Ansible is removed again at the end of the stage: byte-compiling its
# thousands of modules at install (Debian's py3compile) is wasted work, a
# third of the install time. Python compiles what ansible-local imports.
mkdir -p /usr/share/python3/bcep
echo 're|-|/usr/|.*' > /usr/share/python3/bcep/wordpress-ecs-build

# Recommends and suggests are never installed in this image, and package
# descriptions in other languages are never fetched (a third of what
# `apt-get update` downloads and a quarter of its time).
cat > /etc/apt/apt.conf.d/90wordpress-ecs <<'CFG'
APT::Install-Recommends "false";
APT::Install-Suggests "false";
Acquire::Languages "none";
CFG

echo "install-ansible: apt-get update"
apt-get update -qq
# python3-apt is what Ansible's apt module needs: the base stage installs
# packages with it, the app stage does not (WPECS_ANSIBLE_APT=0 there).
# Installing it here keeps it in the set cleanup.sh removes.
packages="ansible-core"
if [ "${WPECS_ANSIBLE_APT:-1}" = 1 ]; then packages="$packages python3-apt"; fi
echo "install-ansible: installing $packages"
# shellcheck disable=SC2086 # a list of package names
apt-get install -y -qq $packages >/dev/null
dpkg-query -W -f 'install-ansible: ansible-core ${Version}\n' ansible-core
