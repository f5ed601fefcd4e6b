// Seeding the shared volume: under an exclusive lock on
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
#include "volume.hpp"

namespace wpinit {

// An exclusive lock on a file, held while the object lives. Uses open file description
// (OFD) locks: unlike classic POSIX locks they are not dropped when some other
// descriptor of the same file is closed, and like them they become NFSv4 byte-range
// locks on EFS (flock is emulated with the same locks there). Falls back to POSIX
// locks on kernels without OFD locks.
//
// The holder writes "host=<name> pid=<pid> since=<time>" into the file and empties it
// when it lets go, so a waiter can say who it waits for.
class VolumeLock {
public:
    struct Wait {
        Millis timeout;  // give up after this long
        // Called when the wait starts and then every 30 s, with the holder's description.
        std::function<void(const std::string& holder, Millis waited)> on_wait;
        // Sleeps; returns false when a stop was requested.
        std::function<bool(Millis)> sleep;
    };
    // Polls every 200 ms while another process holds the lock. nullopt: gave up (the
    // timeout passed, or `sleep` said stop); `holder` then says who held it.
    static Result<std::optional<VolumeLock>> acquire(const At& at, const Owner& owner, const Wait& wait,
                                                     std::string& holder);
    VolumeLock(VolumeLock&&) = default;
    VolumeLock& operator=(VolumeLock&&) = default;
    ~VolumeLock();

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
    std::string seeded_by;  // for AlreadySeeded: who seeded
    std::string previous_version;
    std::vector<std::string> added, upgraded, kept;  // item names
};

// The marker is small; anything bigger was not written by wp-init.
inline constexpr std::size_t kMaxMarkerBytes = 1 << 20;

// Bundled items of a seed tree: each entry of themes/ and plugins/, and every other
// top-level entry except uploads/. Sorted.
Result<std::vector<std::string>> bundled_items(const std::string& seed_dir);

// <shared>/.wpecs opened without following a symlink (the shared dir itself is root's to
// choose and opened by path).
Result<UniqueFd> open_wpecs(const std::string& shared_dir);

// The marker in <shared>/.wpecs (seed.marker, else the previous release's seed.json);
// nullopt when missing or unreadable (logged: the volume is then adopted).
Result<std::optional<Marker>> read_marker(int wpecs_fd, const std::string& shared_dir);

// Does the work described in README.md. The caller holds the VolumeLock.
Result<SeedReport> seed_volume(const SeedOptions& options);

}  // namespace wpinit
