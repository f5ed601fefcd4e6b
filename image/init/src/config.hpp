// Configuration: the official WordPress image's variables plus wp-init's WPECS_* knobs,
// read (NAME_FILE first) and validated completely before anything touches the volume.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "net.hpp"
#include "result.hpp"

namespace wpinit {

// Looks a variable up in an environment; nullopt when unset.
using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;

// The process environment.
EnvLookup process_env();

// WordPress's names for the eight keys and salts, in wp-config order.
inline constexpr std::array<std::string_view, 8> kSaltNames = {
    "AUTH_KEY",  "SECURE_AUTH_KEY",  "LOGGED_IN_KEY",  "NONCE_KEY",
    "AUTH_SALT", "SECURE_AUTH_SALT", "LOGGED_IN_SALT", "NONCE_SALT",
};
using Salts = std::array<std::string, 8>;

// The first install from settings (contract C3); present when an admin password is set.
struct InstallSettings {
    std::string site_url;
    std::string site_title;
    std::string admin_user;
    std::string admin_email;
    std::string admin_password;  // never logged, never in argv; only in install's environment
};

// A NAME_FILE that was read: PHP (as the web user) reads it again, so wp-init checks
// that the web user can.
struct SecretFile {
    std::string variable;  // "WORDPRESS_DB_PASSWORD_FILE"
    std::string path;
};

inline constexpr std::size_t kMaxSecretFileBytes = std::size_t{64} * 1024;

// Variables that only PHP uses, through getenv_docker() (wp-config.php, the object cache,
// the mail plugin), each of which may come from NAME_FILE. wp-init reads them only to
// check that file (and the NAME/NAME_FILE conflict) before anything starts.
inline constexpr std::array<std::string_view, 12> kPhpFileVariables = {
    "WORDPRESS_DB_CHARSET",   "WORDPRESS_DB_COLLATE", "WORDPRESS_DISALLOW_FILE_EDIT",
    "WORDPRESS_CONFIG_EXTRA", "WORDPRESS_DEBUG",      "WPECS_REDIS_HOST",
    "WPECS_REDIS_PORT",       "WPECS_REDIS_TLS",      "WPECS_REDIS_DATABASE",
    "WPECS_REDIS_PREFIX",     "WPECS_REDIS_PASSWORD", "WPECS_SMTP_PASSWORD",
};

struct Config {
    HostPort db;
    std::vector<SecretFile> secret_files;
    std::string db_name;
    std::string db_user;
    std::string db_password;
    std::string table_prefix;
    std::optional<Salts> salts;  // set when all eight come from the environment

    std::string shared_dir;                   // WPECS_SHARED_DIR
    std::string seed_dir;                     // WPECS_SEED_DIR
    std::string seed_version;                 // content of <seed_dir>/../seed-version, first line
    int db_wait_timeout_s = 60;               // WPECS_DB_WAIT_TIMEOUT
    int drain_timeout_s = 25;                 // WPECS_DRAIN_TIMEOUT
    int fpm_stop_timeout_s = 3;               // WPECS_FPM_STOP_TIMEOUT
    int lock_timeout_s = 600;                 // WPECS_LOCK_TIMEOUT
    std::vector<std::string> fpm_cmd;         // empty: no PHP-FPM
    std::vector<std::string> httpd_cmd;       // never empty
    std::vector<std::string> db_upgrade_cmd;  // empty: disabled
    std::optional<InstallSettings> install;   // set when WORDPRESS_ADMIN_PASSWORD(_FILE) is
    std::vector<std::string> install_cmd;     // WPECS_INSTALL_CMD, never empty
    int test_copy_delay_ms = 0;               // WPECS_TEST_COPY_DELAY_MS: a logged test hook (decision 0013)

    // PHP-FPM sizing (memory.hpp)
    std::optional<std::int64_t> memory_mb;            // WPECS_MEMORY_MB: overrides the cgroup limit
    std::optional<std::int64_t> php_memory_limit_mb;  // WPECS_PHP_MEMORY_LIMIT_MB: overrides the budget's
    std::string memory_budget;                        // WPECS_MEMORY_BUDGET: the image's budget file

    bool cron_external = false;  // WPECS_CRON=external: wp-config.php sets DISABLE_WP_CRON
};

// `wp-init cron`: what the runner needs. Deliberately not the database settings: the
// PHP entry point reads those through wp-config.php, which names a bad one itself.
struct CronConfig {
    bool external = false;              // WPECS_CRON (only validated here: the runner runs either way)
    std::string shared_dir;             // WPECS_SHARED_DIR: holds .wpecs/cron.lock
    std::vector<std::string> cron_cmd;  // WPECS_CRON_CMD, never empty
    int timeout_s = 600;                // WPECS_CRON_TIMEOUT
};

inline constexpr std::string_view kDefaultSharedDir = "/var/www/shared";
inline constexpr std::string_view kDefaultSeedDir = "/usr/share/wordpress-ecs/wp-content";
// The image's wrappers (the webserver role: webserver_fpm_wrapper, webserver_apache_wrapper):
// they give the WPECS_* settings of Apache and PHP-FPM their defaults, check them, and
// exec the server, so wp-init's signals reach the Apache parent and the FPM master, not
// a shell (Debian's apache2ctl does not exec apache2). image/tests/test_image.py checks
// that the image has them and sets no other command.
inline constexpr std::string_view kDefaultFpmCmd = "/usr/local/sbin/wpecs-php-fpm --nodaemonize --force-stderr";
inline constexpr std::string_view kDefaultHttpdCmd = "/usr/local/sbin/wpecs-apache2 -DFOREGROUND";
inline constexpr std::string_view kDefaultDbUpgradeCmd = "php /usr/local/lib/wordpress-ecs/db-upgrade.php";
// The image's memory budget (the webserver role writes it from its PHP and Apache settings).
inline constexpr std::string_view kDefaultMemoryBudget = "/etc/wordpress-ecs/memory.env";
inline constexpr std::string_view kDefaultInstallCmd = "php /usr/local/share/wpecs/install.php";
inline constexpr std::string_view kDefaultCronCmd = "php /usr/local/lib/wordpress-ecs/cron.php";
// Liveness (contract C1): Apache and PHP-FPM answer; never the database, so a database
// outage does not get healthy containers restarted.
inline constexpr std::string_view kDefaultHealthcheckUrl = "http://127.0.0.1:80/healthz/live";

// NAME_FILE (content, one trailing newline stripped) or NAME, nullopt when neither is
// set. Both set, or a file that cannot be read, is not a regular file or is larger than
// kMaxSecretFileBytes, is an error naming the variable.
Result<std::optional<std::string>> read_var(const EnvLookup& env, const std::string& name);

// read_var that also records which NAME_FILE variables were used.
class VarReader {
public:
    explicit VarReader(const EnvLookup& env) : env_(env) {}
    Result<std::optional<std::string>> operator()(const std::string& name);
    std::vector<SecretFile> take_files() { return std::move(files_); }

private:
    const EnvLookup& env_;
    std::vector<SecretFile> files_;
};

// Reads and validates everything. Error messages have the form "<VARIABLE>: <problem>".
Result<Config> load_config(const EnvLookup& env);

// WPECS_CRON: unset or empty or "wp" (WordPress's own cron, on page views) is false,
// "external" is true, anything else an error naming the variable.
Result<bool> cron_external(const EnvLookup& env);

// The settings of `wp-init cron`, with the same error form as load_config.
Result<CronConfig> load_cron_config(const EnvLookup& env);

}  // namespace wpinit
