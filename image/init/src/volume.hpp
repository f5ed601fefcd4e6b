// The shared volume's layout (WPECS_SHARED_DIR): every name wp-init uses on it, in one place.
//
//   <shared>/wp-content/            the site's wp-content (seeded, then the site's own)
//   <shared>/.wpecs/                wp-init's state, owned by the web user, mode 0750
//   <shared>/.wpecs/lock            the seeding lock (OFD lock; holder line inside)
//   <shared>/.wpecs/cron.lock       the cron runner's lock (`wp-init cron`)
//   <shared>/.wpecs/seed.marker     what was seeded: version, who, when, item hashes
//   <shared>/.wpecs/seed.json       the previous release's marker, read when seed.marker is absent
//   <shared>/.wpecs/salts.php       generated keys and salts
//   <shared>/.wpecs/tmp.<hex>/      a staging tree (removed at the next start if left)
//   <shared>/.wpecs/.<f>.tmp.<hex>  a file being written atomically (likewise)
#pragma once

#include <string>
#include <string_view>

namespace wpinit::volume {

inline constexpr std::string_view kContent = "wp-content";
inline constexpr std::string_view kState = ".wpecs";
inline constexpr std::string_view kLock = "lock";
inline constexpr std::string_view kCronLock = "cron.lock";
inline constexpr std::string_view kMarker = "seed.marker";
inline constexpr std::string_view kLegacyMarker = "seed.json";
inline constexpr std::string_view kSalts = "salts.php";
inline constexpr std::string_view kStagePrefix = "tmp.";
inline constexpr std::string_view kAtomicInfix = ".tmp.";

// Paths for messages (wp-init itself opens them through descriptors, see fsutil.hpp).
inline std::string content_path(const std::string& shared) { return shared + "/" + std::string(kContent); }
inline std::string state_path(const std::string& shared) { return shared + "/" + std::string(kState); }
inline std::string state_path(const std::string& shared, std::string_view name) {
    return state_path(shared) + "/" + std::string(name);
}

}  // namespace wpinit::volume
