// PHP-FPM sizing (contract C2): how many page workers fit the container's memory.
//
//   max children = (memory - OPCACHE - HEALTH_POOL - APACHE - HEADROOM) / PHP_MEMORY_LIMIT
//
// at most FPM_MAX_CHILDREN_CAP; a memory that does not fit kMinFpmChildren is refused.
// The numbers (MiB) come from the image's budget file, /etc/wordpress-ecs/memory.env,
// which the webserver role writes from its settings: one home for them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "result.hpp"

namespace wpinit {

inline constexpr int kMinFpmChildren = 2;  // one slow request must not stall the site

// A quantity and where it came from ("cgroup memory.max", "WPECS_MEMORY_MB", ...).
struct Sourced {
    std::int64_t mb = 0;
    std::string source;
};

// The image's memory budget, in MiB.
struct MemoryBudget {
    Sourced php_memory_limit;     // per page worker (PHP_MEMORY_LIMIT_MB or WPECS_PHP_MEMORY_LIMIT_MB)
    std::int64_t opcache_mb = 0;  // shared memory: OPcache + JIT buffer
    std::int64_t health_pool_mb = 0;
    std::int64_t apache_mb = 0;
    std::int64_t headroom_mb = 0;  // wp-init, the FPM master, the kernel's share
    int max_children_cap = 0;      // what Apache's threads can feed
    std::string source;            // the file it came from
};

struct FpmSizing {
    int max_children = 0;
    std::int64_t php_memory_limit_mb = 0;  // page workers' memory_limit in force
    std::string derivation;                // one line for the log
};

// Reads KEY=VALUE lines (# comments): PHP_MEMORY_LIMIT_MB, OPCACHE_MB, HEALTH_POOL_MB,
// APACHE_MB, HEADROOM_MB, FPM_MAX_CHILDREN_CAP, all required. Errors name the key.
Result<MemoryBudget> parse_memory_budget(std::string_view text, const std::string& source);

// Everything but the page workers.
std::int64_t fixed_mb(const MemoryBudget& b);

// The smallest container memory that runs kMinFpmChildren page workers.
std::int64_t min_memory_mb(const MemoryBudget& b);

// Error "<memory source>: N MiB is too small ..." when fewer than kMinFpmChildren fit.
Result<FpmSizing> size_fpm(const Sourced& memory, const MemoryBudget& b);

// The cgroup memory limit under `cgroup_root` (v2 memory.max, else v1
// memory/memory.limit_in_bytes); nullopt when there is no limit.
Result<std::optional<Sourced>> cgroup_memory_limit(const std::string& cgroup_root);

// MemTotal of a /proc/meminfo text, for a container without a limit.
Result<Sourced> meminfo_total(std::string_view meminfo);

}  // namespace wpinit
