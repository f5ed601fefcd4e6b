// Helpers for the unit tests: temporary directories and small file utilities.
#pragma once

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>

#include <fcntl.h>

#include "config.hpp"
#include "fsutil.hpp"
#include "seed.hpp"

namespace wpinit::test {

// By-path forms of the volume functions, for tests whose directories are their own
// (wp-init itself works through directory descriptors).

inline Status copy_tree(const std::string& from, const std::string& to, const CopyOptions& options) {
    auto at = at_path(to);
    if (!at) return at.error();
    return wpinit::copy_tree(from, at->second, options);
}

inline Status remove_tree(const std::string& path) {
    auto at = at_path(path);
    if (!at) return errno == ENOENT ? Status(Ok{}) : Status(at.error());
    return wpinit::remove_tree(at->second);
}

inline Status ensure_dir(const std::string& path, mode_t mode, const Owner& owner) {
    auto at = at_path(path);
    if (!at) return at.error();
    auto dir = wpinit::ensure_dir(at->second, mode, owner);
    if (!dir) return dir.error();
    return Ok{};
}

inline Result<std::optional<VolumeLock>> acquire_lock(const std::string& path, const Owner& owner,
                                                      const VolumeLock::Wait& wait, std::string& holder) {
    auto at = at_path(path);
    if (!at) return at.error();
    return VolumeLock::acquire(at->second, owner, wait, holder);
}

// True when another open file description holds a lock on the file.
inline Result<bool> is_locked(const std::string& path) {
    UniqueFd fd(::open(path.c_str(), O_RDWR | O_CLOEXEC));
    if (!fd.valid()) return sys_error(path);
    struct flock fl{};
    fl.l_type = F_WRLCK;
    fl.l_whence = SEEK_SET;
    if (::fcntl(fd.get(), F_OFD_GETLK, &fl) != 0) return sys_error("F_OFD_GETLK " + path);
    return fl.l_type != F_UNLCK;
}

inline Result<std::optional<Marker>> read_marker(const std::string& shared_dir) {
    UniqueFd fd(::open((shared_dir + "/.wpecs").c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!fd.valid()) return sys_error(shared_dir + "/.wpecs");
    return wpinit::read_marker(fd.get(), shared_dir);
}

class TempDir {
public:
    TempDir() {
        const char* base = std::getenv("TMPDIR");
        std::string tmpl = std::string(base && *base ? base : "/tmp") + "/wpinit-unit.XXXXXX";
        if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
        path_ = tmpl;
    }
    ~TempDir() { (void)test::remove_tree(path_); }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::string& path() const { return path_; }
    std::string operator/(const std::string& rel) const { return path_ + "/" + rel; }

private:
    std::string path_;
};

inline void write(const std::string& path, const std::string& content, mode_t mode = 0644) {
    auto slash = path.rfind('/');
    std::string dir = path.substr(0, slash);
    for (std::size_t i = 1; i <= dir.size(); ++i)
        if (i == dir.size() || dir[i] == '/') ::mkdir(dir.substr(0, i).c_str(), 0755);
    std::ofstream(path, std::ios::binary | std::ios::trunc) << content;
    ::chmod(path.c_str(), mode);
}

inline std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

inline bool exists(const std::string& path) { return path_exists(path); }

inline EnvLookup env_of(std::map<std::string, std::string> vars) {
    return [vars = std::move(vars)](const std::string& name) -> std::optional<std::string> {
        auto it = vars.find(name);
        if (it == vars.end()) return std::nullopt;
        return it->second;
    };
}

}  // namespace wpinit::test
