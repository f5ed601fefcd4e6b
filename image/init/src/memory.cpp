#include "memory.hpp"

#include <algorithm>
#include <map>

#include "fsutil.hpp"
#include "util.hpp"

namespace wpinit {
namespace {

constexpr std::int64_t kMiB = std::int64_t{1024} * 1024;

std::string_view trim(std::string_view s) {
    const auto first = s.find_first_not_of(" \t\r");
    if (first == std::string_view::npos) return {};
    const auto last = s.find_last_not_of(" \t\r");
    return s.substr(first, last - first + 1);
}

// Calls f(line) for each line of a text.
template <class F>
void for_each_line(std::string_view text, F f) {
    for (std::size_t pos = 0; pos < text.size();) {
        auto eol = text.find('\n', pos);
        if (eol == std::string_view::npos) eol = text.size();
        f(text.substr(pos, eol - pos));
        pos = eol + 1;
    }
}

std::string mib(std::int64_t mb) { return std::to_string(mb) + " MiB"; }

}  // namespace

Result<MemoryBudget> parse_memory_budget(std::string_view text, const std::string& source) {
    std::map<std::string, std::string, std::less<>> values;
    for_each_line(text, [&](std::string_view line) {
        line = trim(line);
        auto eq = line.find('=');
        if (line.empty() || line.front() == '#' || eq == std::string_view::npos) return;
        values[std::string(trim(line.substr(0, eq)))] = std::string(trim(line.substr(eq + 1)));
    });
    MemoryBudget b;
    b.source = source;
    std::int64_t php = 0, cap = 0;
    struct Key {
        const char* name;
        std::int64_t* field;
        std::int64_t min;
    };
    for (auto [name, field, min] : {Key{"PHP_MEMORY_LIMIT_MB", &php, 1}, Key{"OPCACHE_MB", &b.opcache_mb, 0},
                                    Key{"HEALTH_POOL_MB", &b.health_pool_mb, 0}, Key{"APACHE_MB", &b.apache_mb, 0},
                                    Key{"HEADROOM_MB", &b.headroom_mb, 0}, Key{"FPM_MAX_CHILDREN_CAP", &cap, 1}}) {
        auto it = values.find(name);
        if (it == values.end()) return err(source + ": " + name + " is missing");
        auto v = parse_decimal(it->second);
        if (!v || *v < min || *v > (1 << 24))
            return err(source + ": " + name + "=\"" + it->second + "\" is not a whole number from " +
                       std::to_string(min));
        *field = *v;
    }
    b.php_memory_limit = {php, source};
    b.max_children_cap = static_cast<int>(cap);
    return b;
}

std::int64_t fixed_mb(const MemoryBudget& b) { return b.opcache_mb + b.health_pool_mb + b.apache_mb + b.headroom_mb; }

std::int64_t min_memory_mb(const MemoryBudget& b) { return fixed_mb(b) + kMinFpmChildren * b.php_memory_limit.mb; }

Result<FpmSizing> size_fpm(const Sourced& memory, const MemoryBudget& b) {
    const std::int64_t php = b.php_memory_limit.mb;
    const std::int64_t left = memory.mb - fixed_mb(b);
    const std::int64_t fit = left > 0 ? left / php : 0;
    if (fit < kMinFpmChildren)
        return err(memory.source + ": " + mib(memory.mb) + " is too small for " + std::to_string(kMinFpmChildren) +
                   " PHP-FPM workers of " + mib(php) + " (" + b.php_memory_limit.source + ") plus " + mib(fixed_mb(b)) +
                   " for OPcache, the health pool, Apache and headroom: needs at least " + mib(min_memory_mb(b)));
    FpmSizing out;
    out.max_children = static_cast<int>(std::min<std::int64_t>(fit, b.max_children_cap));
    out.php_memory_limit_mb = php;
    out.derivation = "php-fpm max children " + std::to_string(out.max_children) + " = (" + mib(memory.mb) + " " +
                     memory.source + " - " + mib(b.opcache_mb) + " OPcache - " + mib(b.health_pool_mb) +
                     " health pool - " + mib(b.apache_mb) + " Apache - " + mib(b.headroom_mb) + " headroom) / " +
                     mib(php) + " memory_limit (" + b.php_memory_limit.source + ")" +
                     (fit > b.max_children_cap ? ", capped at " + std::to_string(b.max_children_cap) : "");
    return out;
}

Result<std::optional<Sourced>> cgroup_memory_limit(const std::string& root) {
    // v1 says "no limit" with a huge number (PAGE_COUNTER_MAX pages): 16 digits or more
    // (a petabyte) is taken as none.
    constexpr std::size_t kNoLimitDigits = 16;
    struct Candidate {
        const char* file;
        const char* name;
    };
    for (auto [file, name] : {Candidate{"/memory.max", "cgroup memory.max"},
                              Candidate{"/memory/memory.limit_in_bytes", "cgroup memory.limit_in_bytes"}}) {
        const std::string path = root + file;
        if (!path_exists(path)) continue;
        auto text = read_file(path);
        if (!text) return text.error();
        const auto value = trim(std::string_view(*text).substr(0, text->find('\n')));
        const bool digits = !value.empty() && value.find_first_not_of("0123456789") == std::string_view::npos;
        if (value == "max" || (digits && value.size() >= kNoLimitDigits)) return std::optional<Sourced>{};
        auto bytes = parse_decimal(value);
        if (!bytes) return err(path + ": unexpected content \"" + std::string(value.substr(0, 40)) + "\"");
        return std::optional<Sourced>(Sourced{*bytes / kMiB, name});
    }
    return std::optional<Sourced>{};
}

Result<Sourced> meminfo_total(std::string_view meminfo) {
    std::optional<Sourced> found;
    for_each_line(meminfo, [&](std::string_view line) {
        if (found || line.substr(0, 9) != "MemTotal:") return;
        auto value = trim(line.substr(9));
        if (value.size() > 3 && value.substr(value.size() - 3) == " kB")
            value = trim(value.substr(0, value.size() - 3));
        if (auto kb = parse_decimal(value)) found = Sourced{*kb / 1024, "MemTotal (no cgroup limit)"};
    });
    if (!found) return err("/proc/meminfo has no MemTotal line");
    return *found;
}

}  // namespace wpinit
