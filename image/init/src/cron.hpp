// `wp-init cron`: runs WordPress's due events once (WPECS_CRON_CMD as the web user) under
// the fleet-wide cron lock on the shared volume (docs/decisions/0005-cron-once-via-ofd-lock.md).
#pragma once

#include "config.hpp"

namespace wpinit {

// wp-init's exit code: 0 when the command succeeded and also when another run holds the
// lock; kExitSoftware when it failed or outlived WPECS_CRON_TIMEOUT; 128+signal when stopped.
int cron_main(const EnvLookup& env);

}  // namespace wpinit
