// File-system building blocks for seeding: tree hash, copy, remove, atomic writes,
// ownership. None of them follows symlinks inside the trees they walk.
#pragma once

#include <sys/types.h>

#include <functional>
#include <string>
#include <vector>

#include "result.hpp"
#include "util.hpp"

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

// lchown that tolerates EPERM when the owner is already right (e.g. an EFS access
// point that maps every file to a fixed uid).
Status set_owner(const std::string& path, const Owner& owner);

// The same for an open file (`path` only names it in errors).
Status set_owner_fd(int fd, const std::string& path, const Owner& owner);

// Entry names of a directory, sorted bytewise, without "." and "..".
Result<std::vector<std::string>> list_dir(const std::string& path);

// "sha256:<hex>" over the sorted relative paths, types, permission bits, file contents
// and symlink targets of a file or directory tree. Ownership and times are left out.
Result<std::string> tree_hash(const std::string& path);

struct CopyOptions {
    Owner owner;
    Millis per_file_delay{0};  // test knob: makes a copy slow enough to be killed midway
    // Asked before each entry; true ends the copy with kInterrupted.
    std::function<bool()> stop_requested = [] { return false; };
};

// The error message of a copy ended by CopyOptions::stop_requested.
inline constexpr std::string_view kInterrupted = "interrupted by a stop request";

// Copies a file, symlink or directory tree to `to`, which must not exist. Permission
// bits are kept, owner set per options. Other file types are skipped.
Status copy_tree(const std::string& from, const std::string& to, const CopyOptions& options);

// rm -rf: removes a tree without following symlinks. A missing path is fine.
Status remove_tree(const std::string& path);

bool path_exists(const std::string& path);

// mkdir that accepts an existing directory; sets owner on creation.
Status ensure_dir(const std::string& path, mode_t mode, const Owner& owner);

// fsync of a directory (makes renames inside it durable).
Status fsync_dir(const std::string& path);

// syncfs of the file system holding `path`: one flush after a large copy instead of
// one fsync per file (NFS already writes back on close).
Status sync_filesystem(const std::string& path);

// Writes `content` to dir/name via a temporary file in dir, fsync, chown, chmod,
// rename and directory fsync: readers see the old file or the whole new one.
Status write_file_atomic(const std::string& dir, const std::string& name, const std::string& content,
                         mode_t mode, const Owner& owner);

// Puts `replacement` at `target` where `target` exists: an atomic exchange where the
// file system supports it, otherwise rename aside to `aside` then rename in. The old
// tree ends up at `replacement` (exchange) or `aside` (fallback); returns that path.
Result<std::string> replace_path(const std::string& replacement, const std::string& target,
                                 const std::string& aside);

}  // namespace wpinit
