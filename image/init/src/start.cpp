// `wp-init run`: the configuration, the database wait, the volume under its lock (seed,
// salts, first install, database upgrade), PHP-FPM's size, then the servers, supervised.
#include "start.hpp"

#include <fcntl.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <random>

#include "exit_codes.hpp"
#include "mysql.hpp"
#include "salts.hpp"
#include "seed.hpp"
#include "volume.hpp"

namespace wpinit {

int stopped_during_start(int sig, const std::string& phase) {
    log_line("received " + signal_name(sig) + " while " + phase + "; exiting");
    return 128 + sig;
}

Result<UniqueFd> open_state_dir(const std::string& shared_dir, const Owner& owner) {
    // The shared dir is root's to choose; .wpecs and what is below it are opened with O_NOFOLLOW.
    UniqueFd shared(::open(shared_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!shared.valid()) return err("cannot open " + sys_error(shared_dir).message);
    const std::string shown = volume::state_path(shared_dir);
    auto state = ensure_dir(At{shared.get(), std::string(volume::kState), shown}, 0750, owner);
    if (!state) return err("cannot prepare " + shown + ": " + state.error().message);
    return state;
}

namespace {

// Runs a command of the start (install, database upgrade) as the web user, its output
// passed through. Returns the exit code that ends the start, nullopt when it succeeded.
std::optional<int> run_step(const std::string& what, const std::vector<std::string>& argv, const ProgramLookup& program,
                            const SignalGate& gate, const SpawnOptions& options) {
    if (program.exit_code != 0)
        return fail(kExitSoftware,
                    what + " command failed (" + argv[0] + " " + program.problem + "): " + join_words(argv));
    const uid_t uid = options.run_as && options.run_as->change ? options.run_as->uid : ::geteuid();
    log_line(what + ": running " + join_words(argv) + " as uid " + std::to_string(uid));
    auto pid = spawn(program.path, argv, options);
    if (!pid) return fail(kExitOsErr, what + ": " + pid.error().message);
    auto outcome = run_to_end(gate, *pid);
    if (outcome.stop_signal) return stopped_during_start(*outcome.stop_signal, "running the " + what + " command");
    if (outcome.status != 0)
        return fail(kExitSoftware,
                    what + " command failed (" + describe_status(outcome.status) + "): " + join_words(argv));
    return std::nullopt;
}

// Takes the volume lock into `lock`, waiting at most WPECS_LOCK_TIMEOUT. Returns the exit
// code that ends the start, nullopt when the lock is held.
std::optional<int> lock_volume(const Config& cfg, const SignalGate& gate, const Owner& owner,
                               std::optional<VolumeLock>& lock) {
    auto state = open_state_dir(cfg.shared_dir, owner);
    if (!state) return fail(kExitIoErr, state.error().message);

    std::optional<int> stop;
    const std::string lock_file = volume::state_path(cfg.shared_dir, volume::kLock);
    const VolumeLock::Wait wait{
        Millis(cfg.lock_timeout_s * 1000LL),
        [&](const std::string& holder, Millis waited) {
            log_line((waited.count() == 0 ? "waiting for the volume lock " : "still waiting for the volume lock ") +
                     lock_file + ", held by " + holder);
        },
        [&](Millis d) {
            stop = sleep_watching(gate, d);
            return !stop;
        }};
    std::string holder;
    auto taken = VolumeLock::acquire(At{state->get(), std::string(volume::kLock), lock_file}, owner, wait, holder);
    if (stop) return stopped_during_start(*stop, "waiting for the volume lock");
    if (!taken) return fail(kExitIoErr, "cannot lock " + lock_file + ": " + taken.error().message);
    if (!*taken)
        return fail(kExitLockTimeout, "gave up waiting for the volume lock " + lock_file + " after " +
                                          std::to_string(cfg.lock_timeout_s) + " s (WPECS_LOCK_TIMEOUT), held by " +
                                          holder);
    lock = std::move(**taken);
    return std::nullopt;
}

std::string describe(const SeedReport& report, const Config& cfg, const std::string& host) {
    switch (report.kind) {
        case SeedReport::AlreadySeeded:
            return "wp-content already seeded (version " + cfg.seed_version + " by " + report.seeded_by + ")";
        case SeedReport::FirstSeed:
            return "seeded wp-content (version " + cfg.seed_version + ") as " + host;
        case SeedReport::Adopted:
        case SeedReport::Upgraded:
            break;
    }
    return std::string(report.kind == SeedReport::Adopted ? "adopted existing wp-content"
                                                          : "upgraded wp-content from " + report.previous_version) +
           " (version " + cfg.seed_version + ") as " + host + ": " + std::to_string(report.added.size()) + " added, " +
           std::to_string(report.upgraded.size()) + " upgraded, " + std::to_string(report.kept.size()) + " kept";
}

}  // namespace

// Seeding, salts, the first install and the database upgrade: everything done under the
// volume lock. Returns an exit code when the start must end, nullopt to go on.
std::optional<int> prepare_volume(const Config& cfg, const SignalGate& gate, const StartCommands& commands) {
    const Owner owner = web_owner();
    if (!owner.change && owner.uid != ::geteuid())
        log_line("not running as root: files on the volume keep uid " + std::to_string(::geteuid()) +
                 " instead of www-data (" + std::to_string(owner.uid) + ")");
    std::optional<VolumeLock> lock;
    if (auto code = lock_volume(cfg, gate, owner, lock)) return code;

    if (auto sig = gate.take_stop_request()) return stopped_during_start(*sig, "waiting for the volume lock");
    std::optional<int> stop;
    const auto stop_requested = [&] {
        if (!stop) stop = gate.take_stop_request();
        return stop.has_value();
    };
    // A test hook that stays in the product (docs/decisions/0013-wp-init-test-hooks.md):
    // harmless, but never silent.
    if (cfg.test_copy_delay_ms > 0)
        log_line("WPECS_TEST_COPY_DELAY_MS=" + std::to_string(cfg.test_copy_delay_ms) +
                 ": seeding waits that long after every file (a test hook; unset it in production)");
    SeedOptions so{cfg.shared_dir, cfg.seed_dir, cfg.seed_version, host_name(),
                   CopyOptions{owner, Millis(cfg.test_copy_delay_ms), stop_requested}};
    auto report = seed_volume(so);
    if (stop) return stopped_during_start(*stop, "seeding the volume");
    if (!report)
        return fail(kExitIoErr,
                    "seeding " + volume::content_path(cfg.shared_dir) + " failed: " + report.error().message);
    log_line(describe(*report, cfg, so.hostname));

    if (cfg.salts) {
        log_line("keys and salts: from the environment");
    } else {
        auto salts = ensure_salts_file(cfg.shared_dir, owner);
        if (!salts) return fail(kExitIoErr, "keys and salts: " + salts.error().message);
        log_line(std::string("keys and salts: ") + (salts->generated ? "generated " : "using ") + salts->path);
    }

    if (cfg.install) {
        SpawnOptions options{owner,
                             {{"WORDPRESS_SITE_URL", cfg.install->site_url},
                              {"WORDPRESS_SITE_TITLE", cfg.install->site_title},
                              {"WORDPRESS_ADMIN_USER", cfg.install->admin_user},
                              {"WORDPRESS_ADMIN_EMAIL", cfg.install->admin_email},
                              {"WORDPRESS_ADMIN_PASSWORD", cfg.install->admin_password}}};
        if (auto code = run_step("install", cfg.install_cmd, commands.install, gate, options)) return code;
    } else {
        log_line("install: not requested (WORDPRESS_ADMIN_PASSWORD is not set)");
    }

    if (cfg.db_upgrade_cmd.empty()) {
        log_line("database upgrade: disabled (WPECS_DB_UPGRADE_CMD is empty)");
    } else if (commands.upgrade.exit_code == 127) {
        log_line("database upgrade: skipped, " + cfg.db_upgrade_cmd[0] + " " + commands.upgrade.problem);
    } else if (auto code =
                   run_step("database upgrade", cfg.db_upgrade_cmd, commands.upgrade, gate, SpawnOptions{owner, {}})) {
        return code;
    }
    return std::nullopt;
}

// The container's memory: WPECS_MEMORY_MB, else the cgroup limit, else the machine's.
Result<Sourced> container_memory(const Config& cfg) {
    if (cfg.memory_mb) return Sourced{*cfg.memory_mb, "WPECS_MEMORY_MB"};
    auto limit = cgroup_memory_limit("/sys/fs/cgroup");
    if (!limit) return limit.error();
    if (*limit) return **limit;
    auto meminfo = read_file("/proc/meminfo");
    if (!meminfo) return meminfo.error();
    return meminfo_total(*meminfo);
}

Result<FpmSizing> plan_fpm(const Config& cfg) {
    auto text = read_file(cfg.memory_budget);
    if (!text) return err("WPECS_MEMORY_BUDGET: cannot read " + text.error().message);
    auto budget = parse_memory_budget(*text, cfg.memory_budget);
    if (!budget) return err("WPECS_MEMORY_BUDGET: " + budget.error().message);
    if (cfg.php_memory_limit_mb) budget->php_memory_limit = {*cfg.php_memory_limit_mb, "WPECS_PHP_MEMORY_LIMIT_MB"};
    auto memory = container_memory(cfg);
    if (!memory) return err("container memory: " + memory.error().message);
    return size_fpm(*memory, *budget);
}

namespace {

struct Server {
    std::string name;
    std::vector<std::string> argv;
    ProgramLookup program;
    std::vector<StopStep> stop_steps;
};

// The servers in start order, each with its stop steps. Start order: PHP-FPM first so
// Apache finds its socket. Stop order is the reverse: Apache drains requests (SIGWINCH),
// then PHP-FPM quits (SIGQUIT) with nothing in flight.
std::vector<Server> servers_of(const Config& cfg) {
    std::vector<Server> servers;
    if (!cfg.fpm_cmd.empty())
        servers.push_back({"php-fpm",
                           cfg.fpm_cmd,
                           {},
                           {{SIGQUIT, Millis(cfg.fpm_stop_timeout_s * 1000LL)}, {SIGKILL, Millis(5000)}}});
    servers.push_back(
        {"httpd",
         cfg.httpd_cmd,
         {},
         {{SIGWINCH, Millis(cfg.drain_timeout_s * 1000LL)}, {SIGTERM, Millis(2000)}, {SIGKILL, Millis(5000)}}});
    return servers;
}

// Sizes the page pool and exports the size for the pool configuration (PHP-FPM expands
// ${VAR} from its environment). nullopt when there is no PHP-FPM.
Result<std::optional<FpmSizing>> size_and_export_fpm(const Config& cfg) {
    if (cfg.fpm_cmd.empty()) return std::optional<FpmSizing>{};
    auto sizing = plan_fpm(cfg);
    if (!sizing) return sizing.error();
    ::setenv("WPECS_FPM_MAX_CHILDREN", std::to_string(sizing->max_children).c_str(), 1);
    ::setenv("WPECS_PHP_MEMORY_LIMIT_MB", std::to_string(sizing->php_memory_limit_mb).c_str(), 1);
    return std::optional<FpmSizing>(*sizing);
}

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

    std::vector<Server> servers = servers_of(*cfg);
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
    auto fpm_sizing = size_and_export_fpm(*cfg);
    if (!fpm_sizing) return fail(kExitUsage, fpm_sizing.error().message);

    log_line("wp-init " + version + ": database " + to_string(cfg->db) + ", volume " + cfg->shared_dir + ", seed " +
             cfg->seed_version);
    if (*fpm_sizing) log_line((*fpm_sizing)->derivation);

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

}  // namespace wpinit
