#include "marker.hpp"

#include <cstdio>

namespace wpinit {
namespace {

// The marker sits on a volume the web user can write: the parser recurses at most this
// deep instead of running out of stack on a crafted file.
constexpr int kMaxNesting = 32;

class Parser {
public:
    explicit Parser(std::string_view s) : s_(s) {}

    Result<Marker> marker() {
        Marker m;
        auto st = object([&](const std::string& key) -> Status {
            if (key == "items") {
                return object([&](const std::string& item) -> Status {
                    auto v = string();
                    if (!v) return v.error();
                    m.items[item] = *v;
                    return Ok{};
                });
            }
            std::string* field = key == "seed_version" ? &m.seed_version
                                 : key == "seeded_by"  ? &m.seeded_by
                                 : key == "seeded_at"  ? &m.seeded_at
                                                       : nullptr;
            if (!field) return skip_value();
            auto v = string();
            if (!v) return v.error();
            *field = *v;
            return Ok{};
        });
        if (!st) return st.error();
        ws();
        if (pos_ != s_.size()) return fail("trailing data");
        if (m.seed_version.empty()) return err("marker has no seed_version");
        return m;
    }

private:
    // Counts one level of nesting while it lives.
    struct Nest {
        explicit Nest(int& depth) : depth_(depth) { ++depth_; }
        ~Nest() { --depth_; }
        Nest(const Nest&) = delete;
        Nest& operator=(const Nest&) = delete;
        int& depth_;
    };

    template <class OnMember>
    Status object(OnMember on_member) {
        const Nest nest(depth_);
        if (depth_ > kMaxNesting) return fail("nested deeper than " + std::to_string(kMaxNesting) + " levels");
        ws();
        if (!eat('{')) return fail("expected {");
        ws();
        if (eat('}')) return Ok{};
        for (;;) {
            ws();
            auto key = string();
            if (!key) return key.error();
            ws();
            if (!eat(':')) return fail("expected :");
            ws();
            if (auto st = on_member(*key); !st) return st;
            ws();
            if (eat(',')) continue;
            if (eat('}')) return Ok{};
            return fail("expected , or }");
        }
    }

    Status skip_value() {
        ws();
        if (pos_ >= s_.size()) return fail("unexpected end");
        char c = s_[pos_];
        if (c == '"') {
            auto v = string();
            if (!v) return v.error();
            return Ok{};
        }
        if (c == '{') return object([&](const std::string&) { return skip_value(); });
        if (c == '[') {
            const Nest nest(depth_);
            if (depth_ > kMaxNesting) return fail("nested deeper than " + std::to_string(kMaxNesting) + " levels");
            ++pos_;
            ws();
            if (eat(']')) return Ok{};
            for (;;) {
                if (auto st = skip_value(); !st) return st;
                ws();
                if (eat(',')) continue;
                if (eat(']')) return Ok{};
                return fail("expected , or ]");
            }
        }
        std::size_t start = pos_;
        while (pos_ < s_.size() && std::string_view("-+.eE0123456789truefalsn").find(s_[pos_]) != std::string_view::npos)
            ++pos_;
        if (pos_ == start) return fail("unexpected character");
        return Ok{};
    }

    Result<std::string> string() {
        if (!eat('"')) return fail("expected string");
        std::string out;
        while (pos_ < s_.size()) {
            char c = s_[pos_++];
            if (c == '"') return out;
            if (static_cast<unsigned char>(c) < 0x20) return fail("control character in string");
            if (c != '\\') {
                out.push_back(c);
                continue;
            }
            if (pos_ >= s_.size()) break;
            char e = s_[pos_++];
            switch (e) {
                case '"': case '\\': case '/': out.push_back(e); break;
                case 'b': out.push_back('\b'); break;
                case 'f': out.push_back('\f'); break;
                case 'n': out.push_back('\n'); break;
                case 'r': out.push_back('\r'); break;
                case 't': out.push_back('\t'); break;
                case 'u': {
                    if (pos_ + 4 > s_.size()) return fail("short \\u escape");
                    unsigned v = 0;
                    for (int i = 0; i < 4; ++i) {
                        char h = s_[pos_++];
                        v <<= 4;
                        if (h >= '0' && h <= '9') v |= unsigned(h - '0');
                        else if (h >= 'a' && h <= 'f') v |= unsigned(h - 'a' + 10);
                        else if (h >= 'A' && h <= 'F') v |= unsigned(h - 'A' + 10);
                        else return fail("bad \\u escape");
                    }
                    // Only what json_quote writes (control characters) needs decoding exactly.
                    if (v < 0x80) out.push_back(static_cast<char>(v));
                    else if (v < 0x800) {
                        out.push_back(static_cast<char>(0xc0 | (v >> 6)));
                        out.push_back(static_cast<char>(0x80 | (v & 0x3f)));
                    } else {
                        out.push_back(static_cast<char>(0xe0 | (v >> 12)));
                        out.push_back(static_cast<char>(0x80 | ((v >> 6) & 0x3f)));
                        out.push_back(static_cast<char>(0x80 | (v & 0x3f)));
                    }
                    break;
                }
                default: return fail("bad escape");
            }
        }
        return fail("unterminated string");
    }

    void ws() {
        while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\n' || s_[pos_] == '\t' || s_[pos_] == '\r'))
            ++pos_;
    }
    bool eat(char c) {
        if (pos_ < s_.size() && s_[pos_] == c) {
            ++pos_;
            return true;
        }
        return false;
    }
    Error fail(const std::string& what) const {
        return Error{"invalid marker JSON at byte " + std::to_string(pos_) + ": " + std::string(what)};
    }

    std::string_view s_;
    std::size_t pos_ = 0;
    int depth_ = 0;
};

}  // namespace

std::string json_quote(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') {
            out.push_back('\\');
            out.push_back(c);
        } else if (static_cast<unsigned char>(c) < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned char>(c));
            out += buf;
        } else {
            out.push_back(c);
        }
    }
    return out + "\"";
}

std::string to_json(const Marker& m) {
    std::string out = "{\n";
    out += "  \"seed_version\": " + json_quote(m.seed_version) + ",\n";
    out += "  \"seeded_by\": " + json_quote(m.seeded_by) + ",\n";
    out += "  \"seeded_at\": " + json_quote(m.seeded_at) + ",\n";
    out += "  \"items\": {";
    bool first = true;
    for (const auto& [item, hash] : m.items) {
        out += first ? "\n" : ",\n";
        out += "    " + json_quote(item) + ": " + json_quote(hash);
        first = false;
    }
    out += first ? "}\n" : "\n  }\n";
    return out + "}\n";
}

Result<Marker> parse_marker(std::string_view json) { return Parser(json).marker(); }

}  // namespace wpinit
