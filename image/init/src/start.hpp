// `wp-init run` and its steps before the servers start (README.md: seeding, keys and
// salts, first install, database upgrade, sizing PHP-FPM). Each step returns the exit
// code that ends the start, or nullopt to go on.
#pragma once

#include <optional>
#include <string>

#include "config.hpp"
#include "memory.hpp"
#include "owner.hpp"
#include "process.hpp"
#include "result.hpp"
#include "supervisor.hpp"
#include "unique_fd.hpp"

namespace wpinit {

// `wp-init run`: starts PHP-FPM and Apache once the database answers and the volume is
// ready, forwards signals to them and stops them in order. Returns wp-init's exit code.
int run_main(const EnvLookup& env, const std::string& version);

// Logs that stop signal `sig` ended the start during `phase`; returns 128+sig.
int stopped_during_start(int sig, const std::string& phase);

// <shared>/.wpecs, created for `owner` (mode 0750) when missing, never through a symlink.
Result<UniqueFd> open_state_dir(const std::string& shared_dir, const Owner& owner);

// The programs of the start, looked up before anything else happens.
struct StartCommands {
    ProgramLookup install;  // looked up only when an install is asked for
    ProgramLookup upgrade;
};

// Seeding, salts, the first install and the database upgrade: everything done under the
// volume lock (taken here, waiting at most WPECS_LOCK_TIMEOUT).
std::optional<int> prepare_volume(const Config& cfg, const SignalGate& gate, const StartCommands& commands);

// The page pool's size (contract C2): the budget file, WPECS_PHP_MEMORY_LIMIT_MB, and the
// container's memory (WPECS_MEMORY_MB, else the cgroup limit, else the machine's).
Result<FpmSizing> plan_fpm(const Config& cfg);

}  // namespace wpinit
