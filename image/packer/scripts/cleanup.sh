#!/bin/sh
# Last provisioner of both Packer stages: remove Ansible and everything that
# came only for it (python3 is not used by Apache or PHP), apt lists and
# caches, documentation, and fail if a compiler is left in the image.
set -eu
export DEBIAN_FRONTEND=noninteractive

installed() { dpkg-query -W -f '${db:Status-Abbrev}' "$1" 2>/dev/null | grep -q '^ii'; }

purge=""
for p in ansible ansible-core python3-apt; do
  if installed "$p"; then purge="$purge $p"; fi
done
# One dpkg run: Ansible, then the dependencies nobody needs any more (python3
# and its modules, unless the base image had them installed on purpose).
echo "cleanup: purging${purge:- nothing} and unneeded dependencies"
# shellcheck disable=SC2086 # a list of package names
apt-get purge --autoremove -y -qq $purge >/dev/null
if command -v python3 >/dev/null 2>&1; then
  echo "cleanup: python3 kept (installed on purpose: $(apt-mark showmanual | grep -c '^python3'))"
fi

for tool in ansible ansible-playbook gcc cc g++ c++ cpp make; do
  if command -v "$tool" >/dev/null 2>&1; then
    echo "cleanup: $tool is still in the image ($(command -v "$tool")); refusing to leave it" >&2
    exit 1
  fi
done

# No setuid/setgid program stays (su, mount, passwd, chsh, unix_chkpwd...):
# nothing in the container needs to gain privileges, and the container runs
# with no-new-privileges anyway. Removing the bits keeps dpkg's files intact.
find / -xdev -type f -perm /6000 -exec chmod ug-s {} + 2>/dev/null || true
left="$(find / -xdev -type f -perm /6000 2>/dev/null || true)"
if [ -n "$left" ]; then
  echo "cleanup: setuid/setgid files left: $left" >&2
  exit 1
fi

apt-get clean
# Build-time dpkg shortcut from install-ansible.sh; the image keeps dpkg's defaults.
rm -f /etc/dpkg/dpkg.cfg.d/wordpress-ecs-unsafe-io /usr/share/python3/bcep/wordpress-ecs-build
rmdir /usr/share/python3/bcep /usr/share/python3 2>/dev/null || true
rm -rf /var/lib/apt/lists/* /var/cache/apt/* /var/cache/debconf/*-old /var/lib/dpkg/*-old \
  /var/log/apt /var/log/dpkg.log /var/log/alternatives.log \
  /root/.ansible /root/.cache /var/tmp/* \
  /usr/share/man/* /usr/share/info/* /usr/share/lintian/*
find /usr/share/doc -mindepth 1 -not -name copyright -not -type d -delete 2>/dev/null || true
find /usr/share/doc -mindepth 1 -type d -empty -delete 2>/dev/null || true
# /tmp holds this script while it runs (unlinking it is fine); Packer's
# ansible-local staging folder is done with by now.
find /tmp -mindepth 1 -maxdepth 1 -not -name 'script_*.sh' -exec rm -rf {} +
echo "cleanup: done"
