#include "fsutil.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <thread>

#include "sha256.hpp"
#include "unique_fd.hpp"

namespace wpinit {
namespace {

std::string join(const std::string& a, const std::string& b) {
    if (b.empty()) return a;
    return a + "/" + b;
}

void hash_field(Sha256& h, std::string_view s) {
    const std::uint64_t n = s.size();
    std::uint8_t len[8];
    for (int i = 0; i < 8; ++i) len[i] = static_cast<std::uint8_t>(n >> (8 * i));
    h.update(len, sizeof len);
    h.update(s);
}

Status hash_walk(Sha256& h, const std::string& root, const std::string& rel) {
    const std::string path = join(root, rel);
    struct stat st{};
    if (::lstat(path.c_str(), &st) != 0) return sys_error(path);
    const std::string mode = std::to_string(st.st_mode & 0777);
    if (S_ISDIR(st.st_mode)) {
        hash_field(h, "D");
        hash_field(h, rel);
        hash_field(h, mode);
        auto names = list_dir(path);
        if (!names) return names.error();
        for (const auto& name : *names)
            if (auto s = hash_walk(h, root, rel.empty() ? name : rel + "/" + name); !s) return s;
    } else if (S_ISREG(st.st_mode)) {
        hash_field(h, "F");
        hash_field(h, rel);
        hash_field(h, mode);
        UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
        if (!fd.valid()) return sys_error(path);
        // Length first (from the bytes actually read, hashed after) keeps fields unambiguous.
        Sha256 content;
        std::uint64_t size = 0;
        char buf[65536];
        for (;;) {
            ssize_t n = ::read(fd.get(), buf, sizeof buf);
            if (n < 0) {
                if (errno == EINTR) continue;
                return sys_error(path);
            }
            if (n == 0) break;
            content.update(buf, static_cast<std::size_t>(n));
            size += static_cast<std::uint64_t>(n);
        }
        hash_field(h, std::to_string(size));
        hash_field(h, content.hex_digest());
    } else if (S_ISLNK(st.st_mode)) {
        char target[4096];
        ssize_t n = ::readlink(path.c_str(), target, sizeof target);
        if (n < 0) return sys_error(path);
        hash_field(h, "L");
        hash_field(h, rel);
        hash_field(h, std::string_view(target, static_cast<std::size_t>(n)));
    } else {
        hash_field(h, "O");
        hash_field(h, rel);
    }
    return Ok{};
}

Status copy_file(const std::string& from, const std::string& to, mode_t mode) {
    UniqueFd in(::open(from.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
    if (!in.valid()) return sys_error(from);
    UniqueFd out(::open(to.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
    if (!out.valid()) return sys_error(to);
    char buf[65536];
    for (;;) {
        ssize_t n = ::read(in.get(), buf, sizeof buf);
        if (n < 0) {
            if (errno == EINTR) continue;
            return sys_error(from);
        }
        if (n == 0) break;
        for (ssize_t done = 0; done < n;) {
            ssize_t w = ::write(out.get(), buf + done, static_cast<std::size_t>(n - done));
            if (w < 0) {
                if (errno == EINTR) continue;
                return sys_error(to);
            }
            done += w;
        }
    }
    if (::fchmod(out.get(), mode) != 0) return sys_error(to);
    if (::close(out.release()) != 0) return sys_error(to);  // NFS reports write errors here
    return Ok{};
}

}  // namespace

Owner web_owner() {
    Owner owner;
    passwd pw{};
    passwd* found = nullptr;
    char buf[4096];
    if (::getpwnam_r("www-data", &pw, buf, sizeof buf, &found) == 0 && found) {
        owner.uid = found->pw_uid;
        owner.gid = found->pw_gid;
    }
    owner.change = ::geteuid() == 0;
    return owner;
}

Status set_owner(const std::string& path, const Owner& owner) {
    if (!owner.change) return Ok{};
    if (::lchown(path.c_str(), owner.uid, owner.gid) == 0) return Ok{};
    const int e = errno;
    struct stat st{};
    if (e == EPERM && ::lstat(path.c_str(), &st) == 0 && st.st_uid == owner.uid && st.st_gid == owner.gid)
        return Ok{};
    return sys_error("chown " + path + " to " + std::to_string(owner.uid) + ":" + std::to_string(owner.gid), e);
}

Status set_owner_fd(int fd, const std::string& path, const Owner& owner) {
    if (!owner.change) return Ok{};
    if (::fchown(fd, owner.uid, owner.gid) == 0) return Ok{};
    const int e = errno;
    struct stat st{};
    if (e == EPERM && ::fstat(fd, &st) == 0 && st.st_uid == owner.uid && st.st_gid == owner.gid) return Ok{};
    return sys_error("chown " + path + " to " + std::to_string(owner.uid) + ":" + std::to_string(owner.gid), e);
}

Result<std::vector<std::string>> list_dir(const std::string& path) {
    DIR* d = ::opendir(path.c_str());
    if (!d) return sys_error(path);
    struct Close { DIR* d; ~Close() { ::closedir(d); } } closer{d};
    std::vector<std::string> names;
    errno = 0;
    while (dirent* e = ::readdir(d)) {
        std::string_view n = e->d_name;
        if (n != "." && n != "..") names.emplace_back(n);
        errno = 0;
    }
    if (errno != 0) return sys_error(path);
    std::sort(names.begin(), names.end());
    return names;
}

Result<std::string> tree_hash(const std::string& path) {
    Sha256 h;
    if (auto st = hash_walk(h, path, ""); !st) return st.error();
    return "sha256:" + h.hex_digest();
}

Status copy_tree(const std::string& from, const std::string& to, const CopyOptions& options) {
    if (options.stop_requested()) return err(std::string(kInterrupted));
    struct stat st{};
    if (::lstat(from.c_str(), &st) != 0) return sys_error(from);
    const mode_t mode = st.st_mode & 0777;
    if (S_ISDIR(st.st_mode)) {
        if (::mkdir(to.c_str(), 0700) != 0) return sys_error(to);
        auto names = list_dir(from);
        if (!names) return names.error();
        for (const auto& name : *names)
            if (auto s = copy_tree(from + "/" + name, to + "/" + name, options); !s) return s;
        if (::chmod(to.c_str(), mode) != 0) return sys_error(to);
    } else if (S_ISREG(st.st_mode)) {
        if (auto s = copy_file(from, to, mode); !s) return s;
        if (options.per_file_delay.count() > 0) std::this_thread::sleep_for(options.per_file_delay);
    } else if (S_ISLNK(st.st_mode)) {
        char target[4096];
        ssize_t n = ::readlink(from.c_str(), target, sizeof target - 1);
        if (n < 0) return sys_error(from);
        target[n] = '\0';
        if (::symlink(target, to.c_str()) != 0) return sys_error(to);
    } else {
        log_line("skipping " + from + ": not a file, directory or symlink");
        return Ok{};
    }
    return set_owner(to, options.owner);
}

Status remove_tree(const std::string& path) {
    struct stat st{};
    if (::lstat(path.c_str(), &st) != 0) {
        if (errno == ENOENT) return Ok{};
        return sys_error(path);
    }
    if (S_ISDIR(st.st_mode)) {
        auto names = list_dir(path);
        if (!names) return names.error();
        for (const auto& name : *names)
            if (auto s = remove_tree(path + "/" + name); !s) return s;
        if (::rmdir(path.c_str()) != 0 && errno != ENOENT) return sys_error(path);
    } else if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
        return sys_error(path);
    }
    return Ok{};
}

bool path_exists(const std::string& path) {
    struct stat st{};
    return ::lstat(path.c_str(), &st) == 0;
}

Status ensure_dir(const std::string& path, mode_t mode, const Owner& owner) {
    if (::mkdir(path.c_str(), mode) == 0) {
        if (::chmod(path.c_str(), mode) != 0) return sys_error(path);  // umask-proof
        return set_owner(path, owner);
    }
    if (errno != EEXIST) return sys_error(path);
    struct stat st{};
    if (::stat(path.c_str(), &st) != 0) return sys_error(path);
    if (!S_ISDIR(st.st_mode)) return err(path + " exists and is not a directory");
    return Ok{};
}

Status fsync_dir(const std::string& path) {
    UniqueFd fd(::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!fd.valid()) return sys_error(path);
    if (::fsync(fd.get()) != 0 && errno != EINVAL) return sys_error("fsync " + path);
    return Ok{};
}

Status sync_filesystem(const std::string& path) {
    UniqueFd fd(::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!fd.valid()) return sys_error(path);
    if (::syncfs(fd.get()) != 0) return sys_error("syncfs " + path);
    return Ok{};
}

Status write_file_atomic(const std::string& dir, const std::string& name, const std::string& content,
                         mode_t mode, const Owner& owner) {
    auto suffix = random_hex(8);
    if (!suffix) return suffix.error();
    const std::string tmp = dir + "/." + name + ".tmp." + *suffix;
    const std::string target = dir + "/" + name;
    UniqueFd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
    if (!fd.valid()) return sys_error(tmp);
    auto fail = [&](Error e) -> Status {
        ::unlink(tmp.c_str());
        return e;
    };
    for (std::size_t done = 0; done < content.size();) {
        ssize_t n = ::write(fd.get(), content.data() + done, content.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            return fail(sys_error(tmp));
        }
        done += static_cast<std::size_t>(n);
    }
    if (::fsync(fd.get()) != 0) return fail(sys_error("fsync " + tmp));
    if (::fchmod(fd.get(), mode) != 0) return fail(sys_error(tmp));
    if (::close(fd.release()) != 0) return fail(sys_error(tmp));
    if (auto s = set_owner(tmp, owner); !s) return fail(s.error());
    if (::rename(tmp.c_str(), target.c_str()) != 0) return fail(sys_error("rename to " + target));
    return fsync_dir(dir);
}

Result<std::string> replace_path(const std::string& replacement, const std::string& target,
                                 const std::string& aside) {
    if (::renameat2(AT_FDCWD, replacement.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) == 0)
        return replacement;
    if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP)
        return sys_error("exchange " + replacement + " with " + target);
    if (::rename(target.c_str(), aside.c_str()) != 0) return sys_error("rename " + target + " aside");
    if (::rename(replacement.c_str(), target.c_str()) != 0) {
        const int e = errno;
        ::rename(aside.c_str(), target.c_str());  // put the old one back
        return sys_error("rename " + replacement + " to " + target, e);
    }
    return aside;
}

}  // namespace wpinit
