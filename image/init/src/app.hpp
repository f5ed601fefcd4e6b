// The subcommands, as functions returning wp-init's exit code.
#pragma once

#include <string>

#include "config.hpp"

namespace wpinit {

// Exit codes (sysexits.h where one fits).
inline constexpr int kExitUsage = 64;        // bad configuration or command line
inline constexpr int kExitUnavailable = 69;  // database did not answer in time
inline constexpr int kExitSoftware = 70;     // database upgrade command failed
inline constexpr int kExitOsErr = 71;        // fork/signal setup failed
inline constexpr int kExitIoErr = 74;        // seeding or salts on the volume failed
inline constexpr int kExitLockTimeout = 75;  // EX_TEMPFAIL: the volume lock stayed taken past WPECS_LOCK_TIMEOUT

int run_main(const EnvLookup& env, const std::string& version);
int healthcheck_main(const EnvLookup& env);
// `wp-init cron`: runs WordPress's due events once (WPECS_CRON_CMD as the web user) under
// the fleet-wide cron lock on the shared volume; 0 also when another run holds the lock.
int cron_main(const EnvLookup& env);

}  // namespace wpinit
