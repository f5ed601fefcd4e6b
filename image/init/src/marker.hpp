// The seed marker `<shared>/.wpecs/seed.json`: which seed version is on the volume, who
// seeded it, and the tree hash of every bundled item as it was installed.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "result.hpp"

namespace wpinit {

struct Marker {
    std::string seed_version;
    std::string seeded_by;
    std::string seeded_at;
    std::map<std::string, std::string> items;  // "plugins/akismet" -> "sha256:..."
    bool operator==(const Marker&) const = default;
};

std::string to_json(const Marker& marker);

// Accepts what to_json writes (and any JSON object with those string fields; other
// fields are ignored).
Result<Marker> parse_marker(std::string_view json);

std::string json_quote(std::string_view s);

}  // namespace wpinit
