#include "cron.hpp"

#include <sys/prctl.h>
#include <unistd.h>

#include "exit_codes.hpp"
#include "owner.hpp"
#include "process.hpp"
#include "seed.hpp"
#include "start.hpp"
#include "supervisor.hpp"
#include "volume.hpp"

namespace wpinit {

// One runner at a time across the fleet: an OFD lock on <shared>/.wpecs/cron.lock, the
// same kind of lock as seeding's (on EFS an NFSv4 byte-range lock, so it holds across
// hosts, and the kernel or the NFS lease lets it go when a runner dies). Its own file,
// not the seeding lock, so that a long cron run never holds up a replica's start.
// Not waited for: a run that finds it taken has nothing to add, because the holder is
// running the due events already and the next tick comes in a minute.
int cron_main(const EnvLookup& env) {
    const SignalGate gate;
    if (auto s = gate.block(); !s) return fail(kExitOsErr, s.error().message);
    if (::getpid() != 1) ::prctl(PR_SET_CHILD_SUBREAPER, 1);

    auto cfg = load_cron_config(env);
    if (!cfg) return fail(kExitUsage, cfg.error().message);
    const auto program = find_program(cfg->cron_cmd.front());
    if (program.exit_code != 0)
        return fail(program.exit_code, "WPECS_CRON_CMD: " + cfg->cron_cmd.front() + " " + program.problem);
    if (!cfg->external)
        log_line(
            "WPECS_CRON is not external: page views may run due events too (WordPress's own lock "
            "keeps them apart)");

    const Owner owner = web_owner();
    auto state = open_state_dir(cfg->shared_dir, owner);
    if (!state) return fail(kExitIoErr, state.error().message);
    const std::string lock_file = volume::state_path(cfg->shared_dir, volume::kCronLock);
    const VolumeLock::Wait no_wait{Millis(0), [](const std::string&, Millis) {}, [](Millis) { return false; }};
    std::string holder;
    auto taken =
        VolumeLock::acquire(At{state->get(), std::string(volume::kCronLock), lock_file}, owner, no_wait, holder);
    if (!taken) return fail(kExitIoErr, "cannot lock " + lock_file + ": " + taken.error().message);
    if (!*taken) {
        log_line("another cron run is in progress (" + lock_file + " held by " + holder + ")");
        return 0;
    }
    const VolumeLock lock = std::move(**taken);

    log_line("cron: running " + join_words(cfg->cron_cmd) + " as uid " +
             std::to_string(owner.change ? owner.uid : ::geteuid()) + " (at most " + std::to_string(cfg->timeout_s) +
             " s)");
    auto pid = spawn(program.path, cfg->cron_cmd, SpawnOptions{owner, {}});
    if (!pid) return fail(kExitOsErr, "cron: " + pid.error().message);
    const auto outcome = run_to_end(gate, *pid, Clock::now() + Millis(cfg->timeout_s * 1000LL));
    if (outcome.stop_signal) {
        log_line("cron: stopped by " + signal_name(*outcome.stop_signal) + " (the command " +
                 describe_status(outcome.status) + ")");
        return 128 + *outcome.stop_signal;
    }
    if (outcome.timed_out)
        return fail(kExitSoftware, "cron command timed out after " + std::to_string(cfg->timeout_s) +
                                       " s (WPECS_CRON_TIMEOUT) and was stopped (" + describe_status(outcome.status) +
                                       "): " + join_words(cfg->cron_cmd));
    if (outcome.status != 0)
        return fail(kExitSoftware,
                    "cron command failed (" + describe_status(outcome.status) + "): " + join_words(cfg->cron_cmd));
    log_line("cron: done");
    return 0;
}

}  // namespace wpinit
