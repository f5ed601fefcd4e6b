#include "memory.hpp"

#include <algorithm>

#include "fsutil.hpp"
#include "util.hpp"

namespace wpinit {
namespace {

constexpr std::int64_t kMiB = 1024 * 1024;

std::string_view trim(std::string_view s) {
    const auto first = s.find_first_not_of(" \t\r");
    if (first == std::string_view::npos) return {};
    const auto last = s.find_last_not_of(" \t\r");
    return s.substr(first, last - first + 1);
}

std::string_view unquote(std::string_view s) {
    if (s.size() >= 2 && (s.front() == '"' || s.front() == '\'') && s.back() == s.front())
        return s.substr(1, s.size() - 2);
    return s;
}

std::string mib(std::int64_t mb) { return std::to_string(mb) + " MiB"; }

}  // namespace

std::int64_t headroom_mb(std::int64_t limit_mb) { return std::max(kMinHeadroomMb, (limit_mb + 9) / 10); }

std::int64_t min_memory_mb(std::int64_t php_mb, std::int64_t opcache_mb) {
    // limit - headroom(limit) = min(limit - 64, floor(9 limit / 10)) must reach `need`.
    const std::int64_t need = opcache_mb + kApacheMb + (kMinFpmChildren + kHealthWorkers) * php_mb;
    return std::max(need + kMinHeadroomMb, (10 * need + 8) / 9);
}

Result<FpmSizing> size_fpm(const MemoryInputs& in) {
    const std::int64_t limit = in.limit.mb, php = in.php_memory_limit.mb, opcache = in.opcache.mb;
    if (php <= 0) return err(in.php_memory_limit.source + ": must be at least 1 MiB");
    FpmSizing out;
    out.headroom_mb = headroom_mb(limit);
    const std::int64_t for_workers = limit - opcache - kApacheMb - out.headroom_mb;
    const std::int64_t fit = for_workers > 0 ? for_workers / php - kHealthWorkers : 0;
    if (fit < kMinFpmChildren)
        return err(in.limit.source + ": " + mib(limit) + " is too small for " + std::to_string(kMinFpmChildren) +
                   " PHP-FPM workers of " + mib(php) + " (" + in.php_memory_limit.source + ") plus " + mib(opcache) +
                   " OPcache: needs at least " + mib(min_memory_mb(php, opcache)));
    out.max_children = static_cast<int>(std::min<std::int64_t>(fit, kMaxFpmChildren));
    out.derivation = "php-fpm max children " + std::to_string(out.max_children) + " = (" + mib(limit) + " " +
                     in.limit.source + " - " + mib(opcache) + " OPcache (" + in.opcache.source + ") - " +
                     mib(kApacheMb) + " Apache - " + mib(out.headroom_mb) + " headroom) / " + mib(php) +
                     " memory_limit (" + in.php_memory_limit.source + ") - " + std::to_string(kHealthWorkers) +
                     " health worker" + (fit > kMaxFpmChildren ? ", capped at " + std::to_string(kMaxFpmChildren) : "");
    return out;
}

Result<std::optional<Sourced>> cgroup_memory_limit(const std::string& root) {
    // v1 says "no limit" with a huge number (PAGE_COUNTER_MAX pages): 16 digits or more
    // (a petabyte) is taken as none.
    constexpr std::size_t kNoLimitDigits = 16;
    struct Candidate { const char* file; const char* name; };
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
    for (std::size_t pos = 0; pos < meminfo.size();) {
        auto eol = meminfo.find('\n', pos);
        auto line = meminfo.substr(pos, eol == std::string_view::npos ? std::string_view::npos : eol - pos);
        pos = eol == std::string_view::npos ? meminfo.size() : eol + 1;
        if (line.substr(0, 9) != "MemTotal:") continue;
        auto value = trim(line.substr(9));
        if (value.size() > 3 && value.substr(value.size() - 3) == " kB") value = trim(value.substr(0, value.size() - 3));
        auto kb = parse_decimal(value);
        if (!kb) break;
        return Sourced{*kb / 1024, "MemTotal (no cgroup limit)"};
    }
    return err("/proc/meminfo has no MemTotal line");
}

Result<std::optional<std::int64_t>> php_size_mb(std::string_view raw) {
    const auto value = trim(unquote(trim(raw)));
    if (value == "-1") return std::optional<std::int64_t>{};
    if (value.empty()) return err("is empty");
    std::int64_t unit = 1;
    auto digits = value;
    switch (value.back()) {
        case 'k': case 'K': unit = 1024; break;
        case 'm': case 'M': unit = kMiB; break;
        case 'g': case 'G': unit = 1024 * kMiB; break;
        default: unit = 0;
    }
    if (unit != 0) digits = value.substr(0, value.size() - 1);
    else unit = 1;
    auto n = parse_decimal(digits);
    if (!n || *n > (std::int64_t{1} << 40)) return err("\"" + std::string(value) + "\" is not a PHP size");
    return std::optional<std::int64_t>((*n * unit + kMiB - 1) / kMiB);
}

PhpMemorySettings parse_php_ini(std::string_view text) {
    PhpMemorySettings out;
    for (std::size_t pos = 0; pos < text.size();) {
        auto eol = text.find('\n', pos);
        auto line = trim(text.substr(pos, eol == std::string_view::npos ? std::string_view::npos : eol - pos));
        pos = eol == std::string_view::npos ? text.size() : eol + 1;
        if (line.empty() || line.front() == ';' || line.front() == '[') continue;
        auto eq = line.find('=');
        if (eq == std::string_view::npos) continue;
        const auto key = trim(line.substr(0, eq));
        std::string value(trim(line.substr(eq + 1)));
        if (key == "memory_limit") out.memory_limit = value;
        else if (key == "opcache.memory_consumption") out.opcache_memory_consumption = value;
        else if (key == "opcache.jit") out.opcache_jit = value;
        else if (key == "opcache.jit_buffer_size") out.opcache_jit_buffer_size = value;
    }
    return out;
}

Result<MemoryInputs> php_memory_inputs(const PhpMemorySettings& ini, const std::string& ini_name,
                                        std::optional<std::int64_t> override_mb) {
    MemoryInputs in;
    if (override_mb) {
        in.php_memory_limit = {*override_mb, "WPECS_PHP_MEMORY_LIMIT_MB"};
    } else {
        auto limit = php_size_mb(ini.memory_limit.value_or("128M"));
        if (!limit) return err(ini_name + ": memory_limit " + limit.error().message);
        if (!*limit)
            return err(ini_name + ": memory_limit is -1 (no limit), so no worker count can be derived; "
                                  "set WPECS_PHP_MEMORY_LIMIT_MB");
        in.php_memory_limit = {**limit, ini.memory_limit ? ini_name : "PHP default"};
    }
    // opcache.memory_consumption is in MiB; the JIT buffer is a size and only used when JIT is on.
    auto opcache = parse_decimal(trim(unquote(ini.opcache_memory_consumption.value_or("128"))));
    if (!opcache) return err(ini_name + ": opcache.memory_consumption is not a number of MiB");
    std::int64_t jit = 0;
    const std::string jit_mode = ini.opcache_jit.value_or("tracing");
    if (ini.opcache_jit_buffer_size && jit_mode != "off" && jit_mode != "disable" && jit_mode != "0") {
        auto size = php_size_mb(*ini.opcache_jit_buffer_size);
        if (!size || !*size) return err(ini_name + ": opcache.jit_buffer_size is not a size");
        jit = **size;
    }
    in.opcache = {*opcache + jit, ini.opcache_memory_consumption ? ini_name : "PHP default"};
    return in;
}

}  // namespace wpinit
