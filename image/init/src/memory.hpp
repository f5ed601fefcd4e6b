// PHP-FPM sizing (contract C2): how many workers fit the container's memory.
//
//   workers      = (limit - OPcache - Apache - headroom) / memory_limit - 1
//   headroom     = max(64 MiB, limit / 10)       (wp-init, the FPM master, page cache)
//   the - 1      = the health pool's one worker, which may use memory_limit too
//
// clamped to [kMinFpmChildren, kMaxFpmChildren]; a limit that does not reach the minimum
// is refused. Inputs in MiB.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "result.hpp"

namespace wpinit {

inline constexpr std::int64_t kApacheMb = 64;        // event MPM: parent + its children
inline constexpr std::int64_t kMinHeadroomMb = 64;
inline constexpr int kHealthWorkers = 1;             // the [healthz] pool
inline constexpr int kMinFpmChildren = 2;            // one slow request must not stall the site
inline constexpr int kMaxFpmChildren = 64;           // beyond that, CPU is the limit, not memory

// A quantity and where it came from ("cgroup memory.max", "WPECS_MEMORY_MB", ...).
struct Sourced {
    std::int64_t mb = 0;
    std::string source;
};

struct MemoryInputs {
    Sourced limit;             // the container's memory
    Sourced php_memory_limit;  // per worker
    Sourced opcache;           // shared memory: opcache.memory_consumption + JIT buffer
};

struct FpmSizing {
    int max_children = 0;
    std::int64_t headroom_mb = 0;
    std::string derivation;  // one line for the log
};

std::int64_t headroom_mb(std::int64_t limit_mb);

// The smallest container memory that runs kMinFpmChildren workers.
std::int64_t min_memory_mb(std::int64_t php_memory_limit_mb, std::int64_t opcache_mb);

// Error "<limit source>: ... is too small ..." when fewer than kMinFpmChildren fit.
Result<FpmSizing> size_fpm(const MemoryInputs& in);

// The cgroup memory limit under `cgroup_root` (v2 memory.max, else v1
// memory/memory.limit_in_bytes); nullopt when there is no limit.
Result<std::optional<Sourced>> cgroup_memory_limit(const std::string& cgroup_root);

// MemTotal of a /proc/meminfo text, for a container without a limit.
Result<Sourced> meminfo_total(std::string_view meminfo);

// PHP shorthand bytes ("256M", "1G", "134217728", "-1") in MiB, rounded up; nullopt
// for -1 (no limit).
Result<std::optional<std::int64_t>> php_size_mb(std::string_view value);

struct PhpMemorySettings {
    std::optional<std::string> memory_limit;  // raw values, as written in the ini
    std::optional<std::string> opcache_memory_consumption;
    std::optional<std::string> opcache_jit;
    std::optional<std::string> opcache_jit_buffer_size;
};

// The few settings sizing needs from a php.ini text (last one wins, like PHP).
PhpMemorySettings parse_php_ini(std::string_view text);

// PHP's built-in defaults where the ini says nothing: memory_limit 128M,
// opcache.memory_consumption 128, no JIT buffer. `ini_name` names the file in errors.
Result<MemoryInputs> php_memory_inputs(const PhpMemorySettings& ini, const std::string& ini_name,
                                        std::optional<std::int64_t> memory_limit_override_mb);

}  // namespace wpinit
