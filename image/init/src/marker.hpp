// The seed marker `<shared>/.wpecs/seed.marker`: which seed version is on the volume, who
// seeded it, when, and the tree hash of every bundled item as it was installed.
//
// One field per line, the key first:
//
//   wp-init seed marker 1
//   seed_version wordpress-6.8.12+wpecs.2
//   seeded_by ip-10-0-1-5
//   seeded_at 2026-05-01T12:00:00Z
//   item sha256:<64 hex> plugins/akismet
//
// A value is the rest of its line, with '%', CR, LF and other control characters written
// as %XX. Unknown keys are ignored (a later release may add some).
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

std::string format_marker(const Marker& marker);

// Reads what format_marker writes. Errors say which line is wrong.
Result<Marker> parse_marker(std::string_view text);

// The previous release's `seed.json` (read with nlohmann::json, Debian's
// nlohmann-json3-dev): an object of at most seed_version, seeded_by, seeded_at and
// items, the first and the last required, so that a volume it seeded is upgraded,
// not adopted.
Result<Marker> parse_legacy_marker(std::string_view json);

}  // namespace wpinit
