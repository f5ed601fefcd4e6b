// File-system building blocks for seeding: tree hash, copy, remove, atomic writes,
// ownership.
//
// The shared volume is writable by the web user, so root must never follow a path the
// web user can change: every function that works on the volume takes a directory
// descriptor and a single name, opens each level with O_NOFOLLOW, and changes owners
// and modes through descriptors (or with AT_SYMLINK_NOFOLLOW). A symlink planted
// anywhere in the volume is then treated as the symlink it is, never as its target.
// Trees are walked at most kMaxTreeDepth levels deep. Sources outside the volume (the
// seed in the image) are root's own and read by path.
#pragma once

#include <sys/types.h>

#include <functional>
#include <string>
#include <vector>

#include "owner.hpp"
#include "result.hpp"
#include "unique_fd.hpp"
#include "util.hpp"

namespace wpinit {

inline constexpr int kMaxTreeDepth = 64;

// A place on the volume: a directory descriptor, a name inside it, and the path shown
// in messages.
struct At {
    int dir;
    std::string name;
    std::string shown;
    At child(const std::string& n, int dirfd) const { return At{dirfd, n, shown + "/" + n}; }
};

// A path's parent directory opened as is (the caller trusts it: the seed in the image)
// and its last name.
Result<std::pair<UniqueFd, At>> at_path(const std::string& path);

// Opens a directory without following a symlink at `at`.
Result<UniqueFd> open_dir(const At& at);

// lchown-like chown of the entry at `at` (set_owner_fd's rules, owner.hpp).
Status set_owner(const At& at, const Owner& owner);

// Entry names of an open directory, sorted bytewise, without "." and "..".
Result<std::vector<std::string>> list_dir_fd(int dirfd, const std::string& shown);
Result<std::vector<std::string>> list_dir(const std::string& path);

// "sha256:<hex>" over the sorted relative paths, types, permission bits, file contents
// and symlink targets of a file or directory tree. Ownership and times are left out.
Result<std::string> tree_hash(const At& at);
Result<std::string> tree_hash(const std::string& path);  // the seed in the image, by path

struct CopyOptions {
    Owner owner;
    Millis per_file_delay{0};  // WPECS_TEST_COPY_DELAY_MS, a test hook (docs/decisions/0013-wp-init-test-hooks.md)
    // Asked before each entry; true ends the copy with kInterrupted.
    std::function<bool()> stop_requested = [] { return false; };
};

// The error message of a copy ended by CopyOptions::stop_requested.
inline constexpr std::string_view kInterrupted = "interrupted by a stop request";

// Copies a file, symlink or directory tree from `from` (read by path: the image) to
// `to`, which must not exist. Permission bits are kept, owner set per options. Other
// file types are skipped.
Status copy_tree(const std::string& from, const At& to, const CopyOptions& options);

// rm -rf without following symlinks. A missing entry is fine.
Status remove_tree(const At& at);

// What is at `at`, not following a symlink: the st_mode, 0 when nothing is there.
Result<mode_t> entry_type(const At& at);
bool path_exists(const std::string& path);

// mkdir that accepts an existing directory (never a symlink to one); sets mode and owner
// on creation. Returns the directory opened.
Result<UniqueFd> ensure_dir(const At& at, mode_t mode, const Owner& owner);

// fsync of a directory (makes renames inside it durable).
Status fsync_dir(int dirfd, const std::string& shown);

// syncfs of the file system holding the directory: one flush after a large copy instead
// of one fsync per file (NFS already writes back on close).
Status sync_filesystem(int dirfd, const std::string& shown);

// Reads a regular file at `at` (not through a symlink), at most `max_bytes`.
Result<std::string> read_file_at(const At& at, std::size_t max_bytes);

// Writes `content` to dir/name via a temporary file in dir, chmod, chown, fsync,
// rename and directory fsync: readers see the old file or the whole new one.
Status write_file_atomic(int dirfd, const std::string& dir_shown, const std::string& name, const std::string& content,
                         mode_t mode, const Owner& owner);

// Puts `replacement` at `target` where `target` exists (both in directories we hold): an
// atomic exchange where the file system supports it, otherwise rename `target` aside to
// `aside` (in replacement's directory) then rename in. Returns where the old tree is now.
Result<At> replace_entry(const At& replacement, const At& target, const std::string& aside);

}  // namespace wpinit
