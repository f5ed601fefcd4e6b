#include "marker.hpp"

#include <charconv>

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

// The strings the previous release's json_quote wrote: \" \\ and \u00XX.
Result<std::string> json_string(std::string_view& s) {
    if (s.empty() || s.front() != '"') return err("expected a string");
    std::string out;
    for (std::size_t i = 1; i < s.size(); ++i) {
        const char c = s[i];
        if (c == '"') {
            s.remove_prefix(i + 1);
            return out;
        }
        if (c != '\\') {
            out += c;
            continue;
        }
        if (i + 1 >= s.size()) break;
        const char e = s[++i];
        if (e == '"' || e == '\\' || e == '/') {
            out += e;
        } else if (e == 'u') {
            unsigned v = 0;
            const char* first = s.data() + i + 1;
            if (i + 5 > s.size() || std::from_chars(first, first + 4, v, 16).ptr != first + 4 || v > 0x7f)
                return err("bad \\u escape");
            out += static_cast<char>(v);
            i += 4;
        } else {
            return err("bad escape");
        }
    }
    return err("unterminated string");
}

std::string_view trim(std::string_view s) {
    const auto first = s.find_first_not_of(" \t\r");
    if (first == std::string_view::npos) return {};
    return s.substr(first, s.find_last_not_of(" \t\r") - first + 1);
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
    Marker m;
    bool in_items = false;
    auto s = for_each_line(json, [&](std::size_t n, std::string_view line) -> Status {
        line = trim(line);
        if (line == "{") return Ok{};
        if (line == "}" || line == "},") {
            in_items = false;
            return Ok{};
        }
        auto key = json_string(line);
        if (!key) return line_error(n, key.error().message);
        line = trim(line);
        if (line.empty() || line.front() != ':') return line_error(n, "expected :");
        line = trim(line.substr(1));
        if (!in_items && *key == "items") {
            if (line == "{}" || line == "{},") return Ok{};
            if (line != "{") return line_error(n, "expected {");
            in_items = true;
            return Ok{};
        }
        auto value = json_string(line);
        if (!value) return line_error(n, value.error().message);
        line = trim(line);
        if (!line.empty() && line != ",") return line_error(n, "expected , or the end of the line");
        if (in_items) {
            m.items[*key] = *value;
        } else if (*key == "seed_version") {
            m.seed_version = *value;
        } else if (*key == "seeded_by") {
            m.seeded_by = *value;
        } else if (*key == "seeded_at") {
            m.seeded_at = *value;
        }
        return Ok{};
    });
    if (!s) return s.error();
    if (m.seed_version.empty()) return err("invalid marker: no seed_version");
    return m;
}

}  // namespace wpinit
