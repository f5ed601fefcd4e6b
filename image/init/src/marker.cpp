#include "marker.hpp"

#include <charconv>

#include <nlohmann/json.hpp>

namespace wpinit {
namespace {

constexpr std::string_view kHeader = "wp-init seed marker 1";

std::string escape(std::string_view s) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '%' || u < 0x20 || u == 0x7f) {
            out += '%';
            out += kHex[u >> 4];
            out += kHex[u & 15];
        } else {
            out += c;
        }
    }
    return out;
}

Result<std::string> unescape(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '%') {
            out += s[i];
            continue;
        }
        unsigned v = 0;
        const char* first = s.data() + i + 1;
        if (i + 3 > s.size() || std::from_chars(first, first + 2, v, 16).ptr != first + 2) return err("bad %-escape");
        out += static_cast<char>(v);
        i += 2;
    }
    return out;
}

// Calls f(line number, line) for each line; stops at the first error.
template <class F>
Status for_each_line(std::string_view text, F f) {
    std::size_t number = 0;
    for (std::size_t pos = 0; pos < text.size();) {
        auto eol = text.find('\n', pos);
        if (eol == std::string_view::npos) eol = text.size();
        if (auto s = f(++number, text.substr(pos, eol - pos)); !s) return s;
        pos = eol + 1;
    }
    return Ok{};
}

Error line_error(std::size_t number, const std::string& what) {
    return err("invalid marker at line " + std::to_string(number) + ": " + what);
}

}  // namespace

std::string format_marker(const Marker& m) {
    std::string out = std::string(kHeader) + "\n";
    out += "seed_version " + escape(m.seed_version) + "\n";
    out += "seeded_by " + escape(m.seeded_by) + "\n";
    out += "seeded_at " + escape(m.seeded_at) + "\n";
    for (const auto& [item, hash] : m.items) out += "item " + escape(hash) + " " + escape(item) + "\n";
    return out;
}

Result<Marker> parse_marker(std::string_view text) {
    Marker m;
    auto s = for_each_line(text, [&](std::size_t n, std::string_view line) -> Status {
        if (n == 1) return line == kHeader ? Status(Ok{}) : line_error(n, "not a wp-init seed marker");
        const auto space = line.find(' ');
        const auto key = line.substr(0, space);
        const auto rest = space == std::string_view::npos ? std::string_view{} : line.substr(space + 1);
        std::string* field = key == "seed_version" ? &m.seed_version
                             : key == "seeded_by"  ? &m.seeded_by
                             : key == "seeded_at"  ? &m.seeded_at
                                                   : nullptr;
        if (field) {
            auto v = unescape(rest);
            if (!v) return line_error(n, v.error().message);
            *field = *v;
        } else if (key == "item") {
            const auto gap = rest.find(' ');
            if (gap == std::string_view::npos) return line_error(n, "an item needs a hash and a path");
            auto hash = unescape(rest.substr(0, gap));
            auto item = unescape(rest.substr(gap + 1));
            if (!hash || !item || item->empty()) return line_error(n, "bad item");
            m.items[*item] = *hash;
        }
        return Ok{};
    });
    if (!s) return s.error();
    if (text.empty()) return err("invalid marker: empty");
    if (m.seed_version.empty()) return err("invalid marker: no seed_version");
    return m;
}

Result<Marker> parse_legacy_marker(std::string_view json) {
    // The four members the previous release wrote, all strings but items, an object of
    // strings; anything else is not its marker. Parsing is iterative (deep nesting
    // cannot overflow the stack) and the caller bounds the size.
    const auto doc = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) return err("invalid legacy marker: not JSON");
    if (!doc.is_object()) return err("invalid legacy marker: not a JSON object");
    Marker m;
    for (const auto& [key, value] : doc.items()) {
        std::string* field = key == "seed_version" ? &m.seed_version
                             : key == "seeded_by"  ? &m.seeded_by
                             : key == "seeded_at"  ? &m.seeded_at
                                                   : nullptr;
        if (field && value.is_string()) {
            *field = value.get<std::string>();
        } else if (key == "items" && value.is_object()) {
            for (const auto& [item, hash] : value.items()) {
                if (!hash.is_string() || item.empty()) return err("invalid legacy marker: bad item " + item);
                m.items[item] = hash.get<std::string>();
            }
        } else {
            return err("invalid legacy marker: unexpected member " + key);
        }
    }
    if (m.seed_version.empty()) return err("invalid legacy marker: no seed_version");
    if (!doc.contains("items")) return err("invalid legacy marker: no items");
    return m;
}

}  // namespace wpinit
