#include "owner.hpp"

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

#include "util.hpp"

namespace wpinit {

Owner web_owner() {
    Owner owner;
    passwd pw{};
    passwd* found = nullptr;
    std::vector<char> buf(16384);
    if (::getpwnam_r("www-data", &pw, buf.data(), buf.size(), &found) == 0 && found) {
        owner.uid = found->pw_uid;
        owner.gid = found->pw_gid;
    }
    owner.change = ::geteuid() == 0;
    return owner;
}

Status set_owner_fd(int fd, const std::string& shown, const Owner& owner) {
    if (!owner.change) return Ok{};
    if (::fchown(fd, owner.uid, owner.gid) == 0) return Ok{};
    const int e = errno;
    struct stat st{};
    if (e == EPERM && ::fstat(fd, &st) == 0 && st.st_uid == owner.uid && st.st_gid == owner.gid) return Ok{};
    return sys_error("chown " + shown + " to " + std::to_string(owner.uid) + ":" + std::to_string(owner.gid), e);
}

}  // namespace wpinit
