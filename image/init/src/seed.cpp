#include "seed.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <thread>

namespace wpinit {
namespace {

int lock_command(bool ofd, bool wait) {
    if (ofd) return wait ? F_OFD_SETLKW : F_OFD_SETLK;
    return wait ? F_SETLKW : F_SETLK;
}

// 1 = locked, 0 = busy, -1 = error (errno set).
int try_lock(int fd, bool& ofd) {
    struct flock fl{};
    fl.l_type = F_WRLCK;
    fl.l_whence = SEEK_SET;
    if (::fcntl(fd, lock_command(ofd, false), &fl) == 0) return 1;
    if (ofd && errno == EINVAL) {
        ofd = false;
        return try_lock(fd, ofd);
    }
    if (errno == EAGAIN || errno == EACCES) return 0;
    return -1;
}

// "host=<name> pid=<pid> since=<time>": who holds the lock, for those who wait.
Status write_holder(int fd, const std::string& path) {
    const std::string line =
        "host=" + host_name() + " pid=" + std::to_string(::getpid()) + " since=" + rfc3339_now() + "\n";
    if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, line.data(), line.size(), 0) != static_cast<ssize_t>(line.size()))
        return sys_error("write " + path);
    return Ok{};
}

// What the kernel says (the pid of a classic POSIX lock; OFD locks have none) and what
// the lock file says (anyone who can write it can write anything: shortened, printable).
std::string describe_holder(int fd, bool ofd) {
    std::string pid;
    struct flock fl{};
    fl.l_type = F_WRLCK;
    fl.l_whence = SEEK_SET;
    if (::fcntl(fd, ofd ? F_OFD_GETLK : F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK && fl.l_pid > 0)
        pid = "pid " + std::to_string(fl.l_pid);
    const auto read_said = [fd] {
        char buf[160];
        const ssize_t n = ::pread(fd, buf, sizeof buf, 0);
        std::string text;
        for (ssize_t i = 0; i < n; ++i)
            if (buf[i] >= 0x20 && buf[i] < 0x7f) text.push_back(buf[i]);
        return text;
    };
    // The holder names itself right after it takes the lock: a reader that comes in
    // between reads an empty file. Give the writer a moment (0.5 s at most) before
    // saying the file names no one.
    std::string said = read_said();
    for (int i = 0; said.empty() && i < 25; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        said = read_said();
    }
    if (said.empty()) return (pid.empty() ? "an unknown process" : pid) + " (the lock file names no holder)";
    if (pid.empty()) return said + " (from the lock file)";
    return pid + " (the lock file says: " + said + ")";
}

std::string stage_name() {
    auto hex = random_hex(8);
    return std::string(volume::kStagePrefix) + (hex ? *hex : std::to_string(::getpid()));
}

Result<UniqueFd> open_shared(const std::string& shared_dir) {
    // The configured path is root's to choose; everything below it is opened with O_NOFOLLOW.
    UniqueFd fd(::open(shared_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!fd.valid()) return sys_error(shared_dir);
    return fd;
}

// Where a bundled item goes: "themes/x" inside the themes directory, "index.php" in wp-content.
At item_target(const std::map<std::string, UniqueFd>& containers, int content_fd, const std::string& content,
               const std::string& item) {
    const auto slash = item.find('/');
    if (slash == std::string::npos) return At{content_fd, item, content + "/" + item};
    return At{containers.at(item.substr(0, slash)).get(), item.substr(slash + 1), content + "/" + item};
}

// Copies one bundled item into the staging dir, then moves it into place on the volume
// (a plain rename for a new item, an exchange or rename-aside for a replacement).
Status install_item(const SeedOptions& o, const At& stage, std::size_t n, const std::string& item, const At& target,
                    bool replace) {
    auto stage_fd = open_dir(stage);
    if (!stage_fd) return stage_fd.error();
    const At staged = stage.child(std::to_string(n), stage_fd->get());
    if (auto s = copy_tree(o.seed_dir + "/" + item, staged, o.copy); !s) return s;
    if (auto s = sync_filesystem(stage_fd->get(), stage.shown); !s) return s;
    if (!replace) {
        if (::renameat(staged.dir, staged.name.c_str(), target.dir, target.name.c_str()) != 0)
            return sys_error("rename to " + target.shown);
    } else {
        auto old = replace_entry(staged, target, staged.name + ".old");
        if (!old) return old.error();
        if (auto s = remove_tree(*old); !s) return s;
    }
    return fsync_dir(target.dir, target.shown);
}

// Writes the marker, then drops the previous release's seed.json: one marker on the volume.
Status write_marker(const SeedOptions& o, int wpecs_fd, std::map<std::string, std::string> items) {
    const Marker m{o.seed_version, o.hostname, rfc3339_now(), std::move(items)};
    const std::string state = volume::state_path(o.shared_dir);
    if (auto s = write_file_atomic(wpecs_fd, state, std::string(volume::kMarker), format_marker(m), 0644, o.copy.owner);
        !s)
        return s;
    const std::string legacy(volume::kLegacyMarker);
    if (::unlinkat(wpecs_fd, legacy.c_str(), 0) != 0 && errno != ENOENT)
        return sys_error("remove " + volume::state_path(o.shared_dir, legacy));
    return fsync_dir(wpecs_fd, state);
}

}  // namespace

Result<std::optional<Marker>> read_marker(int wpecs_fd, const std::string& shared_dir) {
    for (auto [name, parse] :
         {std::pair{volume::kMarker, &parse_marker}, std::pair{volume::kLegacyMarker, &parse_legacy_marker}}) {
        const At at{wpecs_fd, std::string(name), volume::state_path(shared_dir, name)};
        auto type = entry_type(at);
        if (!type) return type.error();
        if (*type == 0) continue;
        auto text = read_file_at(at, kMaxMarkerBytes);
        if (!text) return text.error();
        auto m = parse(*text);
        if (!m) {
            log_line("ignoring " + at.shown + ": " + m.error().message + " (treated as no marker)");
            return std::optional<Marker>{};
        }
        return std::optional<Marker>(*m);
    }
    return std::optional<Marker>{};
}

Result<std::optional<VolumeLock>> VolumeLock::acquire(const At& at, const Owner& owner, const Wait& wait,
                                                      std::string& holder) {
    const std::string& path = at.shown;
    // O_NOFOLLOW and O_NONBLOCK: a symlink or a FIFO planted in .wpecs is refused, not opened.
    UniqueFd fd(::openat(at.dir, at.name.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0640));
    if (!fd.valid()) return sys_error(path);
    struct stat st{};
    if (::fstat(fd.get(), &st) != 0) return sys_error(path);
    if (!S_ISREG(st.st_mode)) return err(path + " is not a regular file");
    if (auto s = set_owner_fd(fd.get(), path, owner); !s) return s.error();
    bool ofd = true;
    const auto started = Clock::now();
    auto next_report = started;
    for (;;) {
        int r = try_lock(fd.get(), ofd);
        if (r == 1) {
            if (auto s = write_holder(fd.get(), path); !s) return s.error();
            return std::optional<VolumeLock>(VolumeLock(std::move(fd)));
        }
        if (r < 0) return sys_error("lock " + path);
        holder = describe_holder(fd.get(), ofd);
        const auto waited = std::chrono::duration_cast<Millis>(Clock::now() - started);
        if (waited >= wait.timeout) return std::optional<VolumeLock>{};
        if (Clock::now() >= next_report) {
            wait.on_wait(holder, waited);
            next_report += Millis(30000);
        }
        if (!wait.sleep(std::min(Millis(200), wait.timeout - waited))) return std::optional<VolumeLock>{};
    }
}

VolumeLock::~VolumeLock() {
    // Empty the holder line before the lock goes (closing the descriptor releases it).
    if (fd_.valid() && ::ftruncate(fd_.get(), 0) != 0) log_line("cannot empty the lock file: " + errno_text(errno));
}

Result<std::vector<std::string>> bundled_items(const std::string& seed_dir) {
    auto top = list_dir(seed_dir);
    if (!top) return top.error();
    std::vector<std::string> items;
    for (const auto& name : *top) {
        if (name == "uploads") continue;
        struct stat st{};
        const std::string path = seed_dir + "/" + name;
        if ((name == "themes" || name == "plugins") && ::lstat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
            auto inner = list_dir(path);
            if (!inner) return inner.error();
            for (const auto& sub : *inner) items.push_back(name + "/" + sub);
        } else {
            items.push_back(name);
        }
    }
    std::sort(items.begin(), items.end());
    return items;
}

Result<UniqueFd> open_wpecs(const std::string& shared_dir) {
    auto shared = open_shared(shared_dir);
    if (!shared) return shared.error();
    return open_dir(At{shared->get(), std::string(volume::kState), volume::state_path(shared_dir)});
}

Result<SeedReport> seed_volume(const SeedOptions& o) {
    const std::string wpecs_shown = volume::state_path(o.shared_dir);
    const std::string content = volume::content_path(o.shared_dir);
    auto shared = open_shared(o.shared_dir);
    if (!shared) return shared.error();
    const At wpecs_at{shared->get(), std::string(volume::kState), wpecs_shown};
    auto wpecs = open_dir(wpecs_at);
    if (!wpecs) return wpecs.error();
    const At content_at{shared->get(), std::string(volume::kContent), content};

    // Leftovers of a start that was killed: never visible as wp-content, safe to drop.
    auto entries = list_dir_fd(wpecs->get(), wpecs_shown);
    if (!entries) return entries.error();
    for (const auto& name : *entries) {
        // tmp.<hex>: staging trees; .<file>.tmp.<hex>: half-written marker or salts.
        const bool stale = name.starts_with(volume::kStagePrefix) ||
                           (name.starts_with('.') && name.find(volume::kAtomicInfix) != std::string::npos);
        if (!stale) continue;
        if (auto s = remove_tree(wpecs_at.child(name, wpecs->get())); !s) return s.error();
        log_line("removed " + wpecs_shown + "/" + name + " left by an interrupted start");
    }

    auto marker = read_marker(wpecs->get(), o.shared_dir);
    if (!marker) return marker.error();
    auto content_type = entry_type(content_at);
    if (!content_type) return content_type.error();
    const bool have_content = *content_type != 0;

    SeedReport report;
    if (*marker && (*marker)->seed_version == o.seed_version && have_content) {
        report.kind = SeedReport::AlreadySeeded;
        report.seeded_by = (*marker)->seeded_by;
        return report;
    }

    auto items = bundled_items(o.seed_dir);
    if (!items) return items.error();
    std::map<std::string, std::string> hashes;
    for (const auto& item : *items) {
        auto h = tree_hash(o.seed_dir + "/" + item);
        if (!h) return h.error();
        hashes[item] = *h;
    }

    const At stage = wpecs_at.child(stage_name(), wpecs->get());
    if (!have_content) {
        // First seed: the whole tree appears at wp-content in one rename, or not at all.
        if (auto s = copy_tree(o.seed_dir, stage, o.copy); !s) return s.error();
        if (auto s = sync_filesystem(wpecs->get(), wpecs_shown); !s) return s.error();
        if (::renameat(stage.dir, stage.name.c_str(), content_at.dir, content_at.name.c_str()) != 0)
            return sys_error("rename " + stage.shown + " to " + content);
        if (auto s = fsync_dir(shared->get(), o.shared_dir); !s) return s.error();
        if (auto s = write_marker(o, wpecs->get(), hashes); !s) return s.error();
        report.kind = SeedReport::FirstSeed;
        return report;
    }

    // wp-content exists: adopt it (no marker) or upgrade it (other version). A symlink
    // at wp-content, themes or plugins is refused by open_dir, never followed.
    auto content_fd = open_dir(content_at);
    if (!content_fd) return content_fd.error();
    report.kind = *marker ? SeedReport::Upgraded : SeedReport::Adopted;
    if (*marker) report.previous_version = (*marker)->seed_version;
    std::map<std::string, UniqueFd> containers;
    for (const char* container : {"themes", "plugins"}) {
        const std::string from = o.seed_dir + "/" + container;
        struct stat cs{};
        if (::lstat(from.c_str(), &cs) != 0 || !S_ISDIR(cs.st_mode)) continue;
        auto dir = ensure_dir(content_at.child(container, content_fd->get()), cs.st_mode & 0777, o.copy.owner);
        if (!dir) return dir.error();
        containers.emplace(container, std::move(*dir));
    }

    if (::mkdirat(stage.dir, stage.name.c_str(), 0700) != 0) return sys_error(stage.shown);
    std::map<std::string, std::string> recorded;
    std::size_t n = 0;
    for (const auto& item : *items) {
        const At target = item_target(containers, content_fd->get(), content, item);
        const std::string& bundled_hash = hashes[item];
        auto type = entry_type(target);
        if (!type) return type.error();
        if (*type == 0) {
            if (auto s = install_item(o, stage, n++, item, target, false); !s) return s.error();
            recorded[item] = bundled_hash;
            report.added.push_back(item);
            log_line("added bundled " + item + " to " + content);
            continue;
        }
        auto current = tree_hash(target);
        if (!current) return current.error();
        if (*current == bundled_hash) {
            recorded[item] = bundled_hash;  // identical to the bundled copy
            continue;
        }
        const bool pristine = *marker && (*marker)->items.count(item) && (*marker)->items.at(item) == *current;
        if (pristine) {
            if (auto s = install_item(o, stage, n++, item, target, true); !s) return s.error();
            recorded[item] = bundled_hash;
            report.upgraded.push_back(item);
            log_line("upgraded bundled " + item + " (unmodified copy of " + (*marker)->seed_version + ") to " +
                     o.seed_version);
        } else {
            report.kept.push_back(item);
            log_line("kept " + target.shown + " untouched: " +
                     (*marker && (*marker)->items.count(item) ? "modified on the volume" : "not installed by wp-init"));
        }
    }
    if (auto s = remove_tree(stage); !s) return s.error();
    if (auto s = write_marker(o, wpecs->get(), recorded); !s) return s.error();
    return report;
}

}  // namespace wpinit
