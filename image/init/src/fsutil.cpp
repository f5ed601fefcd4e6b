#include "fsutil.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <thread>

#include "sha256.hpp"

namespace wpinit {
namespace {

constexpr int kOpenDir = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;

Error too_deep(const std::string& shown) {
    return err(shown + ": deeper than " + std::to_string(kMaxTreeDepth) + " directory levels");
}

void hash_field(Sha256& h, std::string_view s) {
    const std::uint64_t n = s.size();
    std::uint8_t len[8];
    for (int i = 0; i < 8; ++i) len[i] = static_cast<std::uint8_t>(n >> (8 * i));
    h.update(len, sizeof len);
    h.update(s);
}

// Called from inside the tree walks: the buffer is on the heap, not on their stack.
Status read_all(int fd, const std::string& shown, const std::function<void(const char*, std::size_t)>& sink) {
    std::vector<char> buf(65536);
    for (;;) {
        ssize_t n = ::read(fd, buf.data(), buf.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            return sys_error(shown);
        }
        if (n == 0) return Ok{};
        sink(buf.data(), static_cast<std::size_t>(n));
    }
}

// A symlink's target, read into a heap buffer (called from inside the tree walks).
Result<std::string> read_link(int dirfd, const std::string& name, const std::string& shown) {
    std::string target(PATH_MAX, '\0');
    const ssize_t n = ::readlinkat(dirfd, name.c_str(), target.data(), target.size());
    if (n < 0) return sys_error(shown);
    if (static_cast<std::size_t>(n) >= target.size()) return err(shown + ": symlink target longer than PATH_MAX");
    target.resize(static_cast<std::size_t>(n));
    return target;
}

Status write_all_fd(int fd, const std::string& shown, const char* data, std::size_t size) {
    for (std::size_t done = 0; done < size;) {
        ssize_t w = ::write(fd, data + done, size - done);
        if (w < 0) {
            if (errno == EINTR) continue;
            return sys_error(shown);
        }
        done += static_cast<std::size_t>(w);
    }
    return Ok{};
}

Status hash_walk(Sha256& h, const At& at, const std::string& rel, int depth) {
    if (depth > kMaxTreeDepth) return too_deep(at.shown);
    struct stat st{};
    if (::fstatat(at.dir, at.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return sys_error(at.shown);
    const std::string mode = std::to_string(st.st_mode & 0777);
    if (S_ISDIR(st.st_mode)) {
        hash_field(h, "D");
        hash_field(h, rel);
        hash_field(h, mode);
        auto dir = open_dir(at);
        if (!dir) return dir.error();
        auto names = list_dir_fd(dir->get(), at.shown);
        if (!names) return names.error();
        for (const auto& name : *names)
            if (auto s = hash_walk(h, at.child(name, dir->get()), rel.empty() ? name : rel + "/" + name, depth + 1); !s)
                return s;
    } else if (S_ISREG(st.st_mode)) {
        hash_field(h, "F");
        hash_field(h, rel);
        hash_field(h, mode);
        // O_NONBLOCK: if a FIFO took the file's place meanwhile, the read fails instead of hanging.
        UniqueFd fd(::openat(at.dir, at.name.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK));
        if (!fd.valid()) return sys_error(at.shown);
        // Length first (from the bytes actually read, hashed after) keeps fields unambiguous.
        Sha256 content;
        std::uint64_t size = 0;
        auto s = read_all(fd.get(), at.shown, [&](const char* p, std::size_t n) {
            content.update(p, n);
            size += n;
        });
        if (!s) return s;
        hash_field(h, std::to_string(size));
        hash_field(h, content.hex_digest());
    } else if (S_ISLNK(st.st_mode)) {
        auto target = read_link(at.dir, at.name, at.shown);
        if (!target) return target.error();
        hash_field(h, "L");
        hash_field(h, rel);
        hash_field(h, *target);
    } else {
        hash_field(h, "O");
        hash_field(h, rel);
    }
    return Ok{};
}

Status copy_file(const std::string& from, const At& to, mode_t mode, const Owner& owner) {
    UniqueFd in(::open(from.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
    if (!in.valid()) return sys_error(from);
    UniqueFd out(::openat(to.dir, to.name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
    if (!out.valid()) return sys_error(to.shown);
    Status written = Ok{};
    auto s = read_all(in.get(), from, [&](const char* p, std::size_t n) {
        if (written) written = write_all_fd(out.get(), to.shown, p, n);
    });
    if (!s) return s;
    if (!written) return written;
    if (::fchmod(out.get(), mode) != 0) return sys_error(to.shown);
    if (auto o = set_owner_fd(out.get(), to.shown, owner); !o) return o;
    if (::close(out.release()) != 0) return sys_error(to.shown);  // NFS reports write errors here
    return Ok{};
}

Status copy_walk(const std::string& from, const At& to, const CopyOptions& options, int depth) {
    if (depth > kMaxTreeDepth) return too_deep(from);
    if (options.stop_requested()) return err(std::string(kInterrupted));
    struct stat st{};
    if (::lstat(from.c_str(), &st) != 0) return sys_error(from);
    const mode_t mode = st.st_mode & 0777;
    if (S_ISDIR(st.st_mode)) {
        if (::mkdirat(to.dir, to.name.c_str(), 0700) != 0) return sys_error(to.shown);
        auto dir = open_dir(to);
        if (!dir) return dir.error();
        auto names = list_dir(from);
        if (!names) return names.error();
        for (const auto& name : *names)
            if (auto s = copy_walk(from + "/" + name, to.child(name, dir->get()), options, depth + 1); !s) return s;
        if (::fchmod(dir->get(), mode) != 0) return sys_error(to.shown);
        return set_owner_fd(dir->get(), to.shown, options.owner);
    }
    if (S_ISREG(st.st_mode)) {
        if (auto s = copy_file(from, to, mode, options.owner); !s) return s;
        if (options.per_file_delay.count() > 0) std::this_thread::sleep_for(options.per_file_delay);
        return Ok{};
    }
    if (S_ISLNK(st.st_mode)) {
        auto target = read_link(AT_FDCWD, from, from);
        if (!target) return target.error();
        if (::symlinkat(target->c_str(), to.dir, to.name.c_str()) != 0) return sys_error(to.shown);
        return set_owner(to, options.owner);
    }
    log_line("skipping " + from + ": not a file, directory or symlink");
    return Ok{};
}

Status remove_walk(const At& at, int depth) {
    if (depth > kMaxTreeDepth) return too_deep(at.shown);
    auto type = entry_type(at);
    if (!type) return type.error();
    if (*type == 0) return Ok{};
    if (S_ISDIR(*type)) {
        // A symlink swapped in after the check makes open_dir fail: nothing outside is touched.
        auto dir = open_dir(at);
        if (!dir) return dir.error();
        auto names = list_dir_fd(dir->get(), at.shown);
        if (!names) return names.error();
        for (const auto& name : *names)
            if (auto s = remove_walk(at.child(name, dir->get()), depth + 1); !s) return s;
        if (::unlinkat(at.dir, at.name.c_str(), AT_REMOVEDIR) != 0 && errno != ENOENT) return sys_error(at.shown);
    } else if (::unlinkat(at.dir, at.name.c_str(), 0) != 0 && errno != ENOENT) {
        return sys_error(at.shown);
    }
    return Ok{};
}

}  // namespace

Result<std::pair<UniqueFd, At>> at_path(const std::string& path) {
    const auto end = path.find_last_not_of('/');
    if (end == std::string::npos) return err(path + ": not a path to an entry");
    const std::string trimmed = path.substr(0, end + 1);
    const auto slash = trimmed.rfind('/');
    const std::string parent = slash == std::string::npos ? "." : slash == 0 ? "/" : trimmed.substr(0, slash);
    const std::string name = slash == std::string::npos ? trimmed : trimmed.substr(slash + 1);
    UniqueFd fd(::open(parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!fd.valid()) return sys_error(parent);
    const int dirfd = fd.get();
    return std::pair<UniqueFd, At>(std::move(fd), At{dirfd, name, trimmed});
}

Result<UniqueFd> open_dir(const At& at) {
    UniqueFd fd(::openat(at.dir, at.name.c_str(), kOpenDir));
    if (!fd.valid()) {
        if (errno == ELOOP || errno == ENOTDIR)
            return err(at.shown + " is not a directory (a symlink is not followed)");
        return sys_error(at.shown);
    }
    return fd;
}

Status set_owner(const At& at, const Owner& owner) {
    if (!owner.change) return Ok{};
    if (::fchownat(at.dir, at.name.c_str(), owner.uid, owner.gid, AT_SYMLINK_NOFOLLOW) == 0) return Ok{};
    const int e = errno;
    struct stat st{};
    if (e == EPERM && ::fstatat(at.dir, at.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && st.st_uid == owner.uid &&
        st.st_gid == owner.gid)
        return Ok{};
    return sys_error("chown " + at.shown + " to " + std::to_string(owner.uid) + ":" + std::to_string(owner.gid), e);
}

Result<std::vector<std::string>> list_dir_fd(int dirfd, const std::string& shown) {
    // fdopendir owns what it is given: a duplicate, so the caller's descriptor stays open.
    const int dup = ::fcntl(dirfd, F_DUPFD_CLOEXEC, 0);
    if (dup < 0) return sys_error(shown);
    DIR* d = ::fdopendir(dup);
    if (!d) {
        ::close(dup);
        return sys_error(shown);
    }
    struct Close {
        DIR* d;
        ~Close() { ::closedir(d); }
    } closer{d};
    ::rewinddir(d);
    std::vector<std::string> names;
    errno = 0;
    while (dirent* e = ::readdir(d)) {
        std::string_view n = e->d_name;
        if (n != "." && n != "..") names.emplace_back(n);
        errno = 0;
    }
    if (errno != 0) return sys_error(shown);
    std::sort(names.begin(), names.end());
    return names;
}

Result<std::vector<std::string>> list_dir(const std::string& path) {
    UniqueFd fd(::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!fd.valid()) return sys_error(path);
    return list_dir_fd(fd.get(), path);
}

Result<std::string> tree_hash(const At& at) {
    Sha256 h;
    if (auto st = hash_walk(h, at, "", 0); !st) return st.error();
    return "sha256:" + h.hex_digest();
}

Result<std::string> tree_hash(const std::string& path) {
    auto at = at_path(path);
    if (!at) return at.error();
    return tree_hash(at->second);
}

Status copy_tree(const std::string& from, const At& to, const CopyOptions& options) {
    return copy_walk(from, to, options, 0);
}

Status remove_tree(const At& at) { return remove_walk(at, 0); }

Result<mode_t> entry_type(const At& at) {
    struct stat st{};
    if (::fstatat(at.dir, at.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0) return st.st_mode;
    if (errno == ENOENT) return mode_t{0};
    return sys_error(at.shown);
}

bool path_exists(const std::string& path) {
    struct stat st{};
    return ::lstat(path.c_str(), &st) == 0;
}

Result<UniqueFd> ensure_dir(const At& at, mode_t mode, const Owner& owner) {
    const bool created = ::mkdirat(at.dir, at.name.c_str(), mode) == 0;
    if (!created && errno != EEXIST) return sys_error(at.shown);
    auto dir = open_dir(at);
    if (!dir) return dir.error();
    if (created) {
        if (::fchmod(dir->get(), mode) != 0) return sys_error(at.shown);  // umask-proof
        if (auto s = set_owner_fd(dir->get(), at.shown, owner); !s) return s.error();
    }
    return dir;
}

Status fsync_dir(int dirfd, const std::string& shown) {
    if (::fsync(dirfd) != 0 && errno != EINVAL) return sys_error("fsync " + shown);
    return Ok{};
}

Status sync_filesystem(int dirfd, const std::string& shown) {
    if (::syncfs(dirfd) != 0) return sys_error("syncfs " + shown);
    return Ok{};
}

Result<std::string> read_file_at(const At& at, std::size_t max_bytes) {
    UniqueFd fd(::openat(at.dir, at.name.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK));
    if (!fd.valid()) return sys_error(at.shown);
    struct stat st{};
    if (::fstat(fd.get(), &st) != 0) return sys_error(at.shown);
    if (!S_ISREG(st.st_mode)) return err(at.shown + " is not a regular file");
    std::string out;
    auto s = read_all(fd.get(), at.shown, [&](const char* p, std::size_t n) {
        if (out.size() <= max_bytes) out.append(p, std::min(n, max_bytes + 1 - out.size()));
    });
    if (!s) return s.error();
    if (out.size() > max_bytes) return err(at.shown + " is larger than " + std::to_string(max_bytes) + " bytes");
    return out;
}

Status write_file_atomic(int dirfd, const std::string& dir_shown, const std::string& name, const std::string& content,
                         mode_t mode, const Owner& owner) {
    auto suffix = random_hex(8);
    if (!suffix) return suffix.error();
    const std::string tmp = "." + name + ".tmp." + *suffix;
    const std::string shown = dir_shown + "/" + tmp;
    UniqueFd fd(::openat(dirfd, tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
    if (!fd.valid()) return sys_error(shown);
    auto fail = [&](Error e) -> Status {
        ::unlinkat(dirfd, tmp.c_str(), 0);
        return e;
    };
    if (auto s = write_all_fd(fd.get(), shown, content.data(), content.size()); !s) return fail(s.error());
    // Owner and mode before fsync, so that what is made durable is the file as it will
    // be seen, metadata included.
    if (::fchmod(fd.get(), mode) != 0) return fail(sys_error(shown));
    if (auto s = set_owner_fd(fd.get(), shown, owner); !s) return fail(s.error());
    if (::fsync(fd.get()) != 0) return fail(sys_error("fsync " + shown));
    if (::close(fd.release()) != 0) return fail(sys_error(shown));
    if (::renameat(dirfd, tmp.c_str(), dirfd, name.c_str()) != 0)
        return fail(sys_error("rename to " + dir_shown + "/" + name));
    return fsync_dir(dirfd, dir_shown);
}

Result<At> replace_entry(const At& replacement, const At& target, const std::string& aside) {
    if (::renameat2(replacement.dir, replacement.name.c_str(), target.dir, target.name.c_str(), RENAME_EXCHANGE) == 0)
        return replacement;
    if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP)
        return sys_error("exchange " + replacement.shown + " with " + target.shown);
    const At old = At{replacement.dir, aside, replacement.shown + ".old"};
    if (::renameat(target.dir, target.name.c_str(), old.dir, old.name.c_str()) != 0)
        return sys_error("rename " + target.shown + " aside");
    if (::renameat(replacement.dir, replacement.name.c_str(), target.dir, target.name.c_str()) != 0) {
        const int e = errno;
        ::renameat(old.dir, old.name.c_str(), target.dir, target.name.c_str());  // put the old one back
        return sys_error("rename " + replacement.shown + " to " + target.shown, e);
    }
    return old;
}

}  // namespace wpinit
