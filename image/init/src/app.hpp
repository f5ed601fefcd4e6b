// The subcommands, as functions returning wp-init's exit code.
#pragma once

#include <string>

#include "config.hpp"
#include "exit_codes.hpp"

namespace wpinit {

int run_main(const EnvLookup& env, const std::string& version);
int healthcheck_main(const EnvLookup& env);
// `wp-init cron`: runs WordPress's due events once (WPECS_CRON_CMD as the web user) under
// the fleet-wide cron lock on the shared volume; 0 also when another run holds the lock.
int cron_main(const EnvLookup& env);

}  // namespace wpinit
