// Seeding the shared volume (design decision 2): under an exclusive lock on
// <shared>/.wpecs/lock, put the bundled wp-content in place atomically, add what is
// missing, upgrade unmodified bundled items, never touch user files.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "fsutil.hpp"
#include "marker.hpp"
#include "result.hpp"
#include "unique_fd.hpp"

namespace wpinit {

// An exclusive lock on a file, held while the object lives. Uses open file description
// (OFD) locks: unlike classic POSIX locks they are not dropped when some other
// descriptor of the same file is closed, and like them they become NFSv4 byte-range
// locks on EFS (flock is emulated with the same locks there). Falls back to POSIX
// locks on kernels without OFD locks.
class VolumeLock {
public:
    // Polls every 200 ms while another process holds the lock; `on_wait` is called
    // once before the first wait; `sleep` returns false when a stop was requested
    // (the result is then an error "interrupted").
    static Result<VolumeLock> acquire(const std::string& path, const Owner& owner,
                                      const std::function<void()>& on_wait,
                                      const std::function<bool(Millis)>& sleep);

    // Non-blocking probe used by tests: true when another descriptor holds the lock.
    static Result<bool> is_locked(const std::string& path);

private:
    explicit VolumeLock(UniqueFd fd) : fd_(std::move(fd)) {}
    UniqueFd fd_;  // closing it releases the lock
};

struct SeedOptions {
    std::string shared_dir;    // holds wp-content/ and .wpecs/
    std::string seed_dir;      // bundled wp-content
    std::string seed_version;  // from seed-version
    std::string hostname;      // recorded as seeded_by
    CopyOptions copy;
};

struct SeedReport {
    enum Kind { AlreadySeeded, FirstSeed, Adopted, Upgraded } kind = AlreadySeeded;
    std::string seeded_by;   // for AlreadySeeded: who seeded
    std::string previous_version;
    std::vector<std::string> added, upgraded, kept;  // item names
};

std::string wpecs_dir(const std::string& shared_dir);
std::string lock_path(const std::string& shared_dir);
std::string marker_path(const std::string& shared_dir);

// Bundled items of a seed tree: each entry of themes/ and plugins/, and every other
// top-level entry except uploads/. Sorted.
Result<std::vector<std::string>> bundled_items(const std::string& seed_dir);

// The marker on the volume; nullopt when missing or unreadable (logged).
Result<std::optional<Marker>> read_marker(const std::string& shared_dir);

// Does the work described in README.md. The caller holds the VolumeLock.
Result<SeedReport> seed_volume(const SeedOptions& options);

}  // namespace wpinit
