// Who owns what wp-init creates on the shared volume: the web user, so that PHP can
// write there, and root never keeps files the web user needs.
#pragma once

#include <sys/types.h>

#include <string>

#include "result.hpp"

namespace wpinit {

// Who should own files created on the volume.
struct Owner {
    uid_t uid = 33;
    gid_t gid = 33;
    bool change = true;  // false: leave files owned by the running user
};

// www-data from the user database (fallback 33:33). When not running as root,
// chown to another user is impossible: `change` is false and files keep our uid.
Owner web_owner();

// fchown; tolerates EPERM when the owner is already right (e.g. an EFS access point
// that maps every file to a fixed uid). Nothing to do when `owner.change` is false.
Status set_owner_fd(int fd, const std::string& shown, const Owner& owner);

}  // namespace wpinit
