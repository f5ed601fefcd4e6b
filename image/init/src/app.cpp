#include "app.hpp"

#include <fcntl.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <random>

#include "http.hpp"
#include "mysql.hpp"
#include "seed.hpp"
#include "start.hpp"
#include "volume.hpp"

namespace wpinit {
namespace {

struct Server {
    std::string name;
    std::vector<std::string> argv;
    ProgramLookup program;
    std::vector<StopStep> stop_steps;
};

}  // namespace

int run_main(const EnvLookup& env, const std::string& version) {
    const SignalGate gate;
    if (auto s = gate.block(); !s) return fail(kExitOsErr, s.error().message);
    // Orphans of our children come to us even when we are not PID 1 (tests, docker --init).
    if (::getpid() != 1) ::prctl(PR_SET_CHILD_SUBREAPER, 1);

    auto cfg = load_config(env);
    if (!cfg) return fail(kExitUsage, cfg.error().message);
    const Owner web = web_owner();
    for (const auto& secret : cfg->secret_files) {
        if (auto readable = check_readable_as(secret.path, web); !readable)
            return fail(kExitUsage, secret.variable + ": " + secret.path + " is not readable by the web user (uid " +
                                        std::to_string(web.uid) + ", which runs PHP): " + readable.error().message);
    }

    // Start order: PHP-FPM first so Apache finds its socket. Stop order is the reverse:
    // Apache drains requests (SIGWINCH), then PHP-FPM quits (SIGQUIT) with nothing in flight.
    std::vector<Server> servers;
    if (!cfg->fpm_cmd.empty())
        servers.push_back({"php-fpm",
                           cfg->fpm_cmd,
                           {},
                           {{SIGQUIT, Millis(cfg->fpm_stop_timeout_s * 1000LL)}, {SIGKILL, Millis(5000)}}});
    servers.push_back(
        {"httpd",
         cfg->httpd_cmd,
         {},
         {{SIGWINCH, Millis(cfg->drain_timeout_s * 1000LL)}, {SIGTERM, Millis(2000)}, {SIGKILL, Millis(5000)}}});
    for (auto& server : servers) {
        server.program = find_program(server.argv.front());
        if (server.program.exit_code != 0)
            return fail(server.program.exit_code, server.argv.front() + ": " + server.program.problem);
    }
    StartCommands commands;
    if (!cfg->db_upgrade_cmd.empty()) commands.upgrade = find_program(cfg->db_upgrade_cmd.front());
    if (cfg->install) {
        commands.install = find_program(cfg->install_cmd.front());
        if (commands.install.exit_code != 0)
            return fail(commands.install.exit_code,
                        "WPECS_INSTALL_CMD: " + cfg->install_cmd.front() + " " + commands.install.problem);
    }
    // The admin password goes to the install command only; the servers (and every PHP
    // request, which sees the environment) must not inherit it.
    ::unsetenv("WORDPRESS_ADMIN_PASSWORD");
    std::optional<FpmSizing> fpm_sizing;
    if (!cfg->fpm_cmd.empty()) {
        auto sizing = plan_fpm(*cfg);
        if (!sizing) return fail(kExitUsage, sizing.error().message);
        fpm_sizing = *sizing;
        // The pool configuration reads them (PHP-FPM expands ${VAR} from its environment).
        ::setenv("WPECS_FPM_MAX_CHILDREN", std::to_string(sizing->max_children).c_str(), 1);
        ::setenv("WPECS_PHP_MEMORY_LIMIT_MB", std::to_string(sizing->php_memory_limit_mb).c_str(), 1);
    }

    log_line("wp-init " + version + ": database " + to_string(cfg->db) + ", volume " + cfg->shared_dir + ", seed " +
             cfg->seed_version);
    if (fpm_sizing) log_line(fpm_sizing->derivation);

    std::mt19937_64 rng(std::random_device{}());
    std::optional<int> stop;
    WaitHooks hooks{[&](Millis d) {
                        stop = sleep_watching(gate, d);
                        return !stop;
                    },
                    [&] { return rng(); }};
    auto db = wait_for_database(cfg->db, Millis(cfg->db_wait_timeout_s * 1000LL), BackoffPolicy{}, hooks);
    if (db.kind == WaitOutcome::Interrupted) return stopped_during_start(*stop, "waiting for the database");
    if (db.kind == WaitOutcome::TimedOut)
        return fail(kExitUnavailable, "database " + to_string(cfg->db) + " did not answer within " +
                                          std::to_string(cfg->db_wait_timeout_s) + " s: " + db.last_error);
    log_line("database " + to_string(cfg->db) + " answered (" + db.greeting.detail + ") after " +
             std::to_string(db.attempts) + " attempt(s)");
    // A stop that came while the first probe already succeeded: nothing to sleep through.
    if (auto sig = gate.take_stop_request()) return stopped_during_start(*sig, "waiting for the database");

    if (auto code = prepare_volume(*cfg, gate, commands)) return *code;
    if (auto sig = gate.take_stop_request()) return stopped_during_start(*sig, "starting");

    std::vector<Child> children;
    for (const auto& server : servers) {
        auto pid = spawn(server.program.path, server.argv, SpawnOptions{});
        if (!pid) {
            log_line("cannot start " + server.name + ": " + pid.error().message);
            std::reverse(children.begin(), children.end());
            stop_children(gate, children);
            return kExitOsErr;
        }
        log_line("started " + server.name + " (pid " + std::to_string(*pid) + "): " + join_words(server.argv));
        children.push_back(Child{server.name, *pid, server.stop_steps, std::nullopt, false});
    }
    std::reverse(children.begin(), children.end());  // stop order: httpd first
    return supervise(gate, children, SupervisorOptions{});
}

int healthcheck_main(const EnvLookup& env) {
    const std::string raw = env("WPECS_HEALTHCHECK_URL").value_or(std::string(kDefaultHealthcheckUrl));
    auto url = parse_http_url(raw);
    if (!url) return fail(kExitUsage, "WPECS_HEALTHCHECK_URL: " + url.error().message);
    auto status = http_get_status(*url, Clock::now() + Millis(3000));
    if (!status) return fail(1, "healthcheck " + raw + ": " + status.error().message);
    if (*status != 200) return fail(1, "healthcheck " + raw + ": HTTP status " + std::to_string(*status));
    return 0;
}

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
