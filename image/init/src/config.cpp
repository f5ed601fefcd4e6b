#include "config.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include <algorithm>
#include <cstdlib>

#include "unique_fd.hpp"
#include "util.hpp"

namespace wpinit {
namespace {

std::string quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

Error var_error(std::string_view name, std::string_view problem) {
    return Error{std::string(name) + ": " + std::string(problem)};
}

// A positive number of seconds (at most a day, so deadlines never overflow).
Result<int> seconds_var(const EnvLookup& env, const std::string& name, int fallback) {
    auto raw = env(name);
    if (!raw) return fallback;
    auto v = parse_decimal(*raw);
    if (!v || *v < 1 || *v > 86400)
        return var_error(name, quoted(*raw) + " is not a positive integer of seconds (1..86400)");
    return static_cast<int>(*v);
}

std::string with_default(const EnvLookup& env, const std::string& name, std::string_view fallback) {
    auto raw = env(name);
    return raw ? *raw : std::string(fallback);
}

Status check_directory(const std::string& name, const std::string& path) {
    if (path.empty()) return var_error(name, "is empty");
    if (path.front() != '/') return var_error(name, quoted(path) + " is not an absolute path");
    struct stat st{};
    if (::stat(path.c_str(), &st) != 0) return var_error(name, sys_error(path).message);
    if (!S_ISDIR(st.st_mode)) return var_error(name, path + " is not a directory");
    return Ok{};
}

std::string parent_dir(const std::string& path) {
    auto end = path.find_last_not_of('/');
    if (end == std::string::npos) return "/";
    auto slash = path.rfind('/', end);
    if (slash == std::string::npos || slash == 0) return "/";
    return path.substr(0, slash);
}

// Symlinks are followed (Kubernetes and Docker mount secrets that way); O_NONBLOCK so
// that a FIFO is refused instead of blocking the start.
Result<std::string> read_secret_file(const std::string& path) {
    UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
    if (!fd.valid()) return err("cannot read " + sys_error(path).message);
    struct stat st{};
    if (::fstat(fd.get(), &st) != 0) return err("cannot read " + sys_error(path).message);
    if (!S_ISREG(st.st_mode)) return err(path + " is not a regular file");
    if (static_cast<std::uint64_t>(st.st_size) > kMaxSecretFileBytes)
        return err(path + " is larger than " + std::to_string(kMaxSecretFileBytes / 1024) + " KiB");
    std::string out(kMaxSecretFileBytes + 1, '\0');
    std::size_t got = 0;
    while (got < out.size()) {
        ssize_t n = ::read(fd.get(), out.data() + got, out.size() - got);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return err("cannot read " + sys_error(path).message);
        if (n == 0) break;
        got += static_cast<std::size_t>(n);
    }
    if (got > kMaxSecretFileBytes)  // grew after fstat
        return err(path + " is larger than " + std::to_string(kMaxSecretFileBytes / 1024) + " KiB");
    out.resize(got);
    return out;
}

bool is_login_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' ' || c == '_' ||
           c == '.' || c == '-' || c == '@';
}

bool has_control_char(std::string_view s) {
    for (char c : s)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return true;
    return false;
}

Status check_site_url(const std::string& url) {
    const bool scheme = url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0;
    const auto host_start = url.find("//") + 2;
    if (!scheme || url.size() <= host_start || url.find(' ') != std::string::npos || has_control_char(url) ||
        url[host_start] == '/')
        return var_error("WORDPRESS_SITE_URL", quoted(url) + " is not an http:// or https:// URL without spaces");
    return Ok{};
}

// A required, non-empty setting of the first install.
Result<std::string> install_var(VarReader& vars, const std::string& name) {
    auto v = vars(name);
    if (!v) return v.error();
    if (!*v) return var_error(name, "not set (required when WORDPRESS_ADMIN_PASSWORD is set)");
    if ((*v)->empty()) return var_error(name, "is empty");
    if (has_control_char(**v)) return var_error(name, "contains a control character");
    return **v;
}

// WordPress's rules, checked here so that a mistake is one line at start rather than a
// half-installed site: sanitize_user(strict) for the login, a plain address for e-mail.
Result<std::optional<InstallSettings>> load_install(VarReader& vars) {
    auto password = vars("WORDPRESS_ADMIN_PASSWORD");
    if (!password) return password.error();
    auto url = vars("WORDPRESS_SITE_URL");
    if (!url) return url.error();
    if (*url)
        if (auto s = check_site_url(**url); !s) return s.error();
    if (!*password) return std::optional<InstallSettings>{};
    if ((*password)->empty()) return var_error("WORDPRESS_ADMIN_PASSWORD", "is empty");

    InstallSettings s;
    s.admin_password = **password;
    struct Field {
        const char* name;
        std::string* value;
    };
    for (auto [name, value] :
         {Field{"WORDPRESS_SITE_URL", &s.site_url}, Field{"WORDPRESS_SITE_TITLE", &s.site_title},
          Field{"WORDPRESS_ADMIN_USER", &s.admin_user}, Field{"WORDPRESS_ADMIN_EMAIL", &s.admin_email}}) {
        auto v = install_var(vars, name);
        if (!v) return v.error();
        *value = *v;
    }
    if (s.admin_user.size() > 60 ||
        std::find_if_not(s.admin_user.begin(), s.admin_user.end(), is_login_char) != s.admin_user.end())
        return var_error("WORDPRESS_ADMIN_USER",
                         quoted(s.admin_user) + " may contain only letters, digits, space and _ . - @ (at most 60)");
    const auto at = s.admin_email.find('@');
    if (at == std::string::npos || at == 0 || s.admin_email.find('.', at) == std::string::npos ||
        s.admin_email.back() == '.' || s.admin_email.find(' ') != std::string::npos || s.admin_email.size() > 100)
        return var_error("WORDPRESS_ADMIN_EMAIL", quoted(s.admin_email) + " is not an e-mail address");
    return std::optional<InstallSettings>(std::move(s));
}

}  // namespace

EnvLookup process_env() {
    return [](const std::string& name) -> std::optional<std::string> {
        const char* v = std::getenv(name.c_str());
        if (!v) return std::nullopt;
        return std::string(v);
    };
}

Result<std::optional<std::string>> read_var(const EnvLookup& env, const std::string& name) {
    const std::string file_name = name + "_FILE";
    auto direct = env(name);
    auto file = env(file_name);
    if (direct && file) return var_error(name, "both " + name + " and " + file_name + " are set; set only one");
    if (!file) return direct;
    if (file->empty()) return var_error(file_name, "is empty (expected a file path)");
    auto content = read_secret_file(*file);
    if (!content) return var_error(file_name, content.error().message);
    std::string value = std::move(content).value();
    if (!value.empty() && value.back() == '\n') value.pop_back();
    return std::optional<std::string>(std::move(value));
}

Result<std::optional<std::string>> VarReader::operator()(const std::string& name) {
    auto v = read_var(env_, name);
    if (v && *v)
        if (auto file = env_(name + "_FILE")) files_.push_back(SecretFile{name + "_FILE", *file});
    return v;
}

Result<Config> load_config(const EnvLookup& env) {
    Config c;
    VarReader vars(env);

    // Database.
    auto host = vars("WORDPRESS_DB_HOST");
    if (!host) return host.error();
    if (!*host) return var_error("WORDPRESS_DB_HOST", "not set (expected host or host:port)");
    auto hp = parse_host_port(**host, 3306);
    if (!hp) return var_error("WORDPRESS_DB_HOST", hp.error().message);
    c.db = *hp;

    auto user = vars("WORDPRESS_DB_USER");
    if (!user) return user.error();
    if (!*user) return var_error("WORDPRESS_DB_USER", "not set");
    if ((*user)->empty()) return var_error("WORDPRESS_DB_USER", "is empty");
    c.db_user = **user;

    auto password = vars("WORDPRESS_DB_PASSWORD");
    if (!password) return password.error();
    if (!*password)
        return var_error("WORDPRESS_DB_PASSWORD", "not set (set it to an empty value to connect without a password)");
    c.db_password = **password;

    auto name = vars("WORDPRESS_DB_NAME");
    if (!name) return name.error();
    c.db_name = name->value_or("wordpress");
    if (c.db_name.empty()) return var_error("WORDPRESS_DB_NAME", "is empty");

    auto prefix = vars("WORDPRESS_TABLE_PREFIX");
    if (!prefix) return prefix.error();
    c.table_prefix = prefix->value_or("wp_");
    if (c.table_prefix.empty()) return var_error("WORDPRESS_TABLE_PREFIX", "is empty");
    for (char ch : c.table_prefix) {
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_'))
            return var_error("WORDPRESS_TABLE_PREFIX",
                             quoted(c.table_prefix) + " may contain only letters, digits and _");
    }

    // Keys and salts: all eight or none.
    Salts salts;
    std::optional<std::string> first_given, first_missing;
    for (std::size_t i = 0; i < kSaltNames.size(); ++i) {
        const std::string var = "WORDPRESS_" + std::string(kSaltNames[i]);
        auto v = vars(var);
        if (!v) return v.error();
        if (!*v) {
            if (!first_missing) first_missing = var;
            continue;
        }
        if ((*v)->empty()) return var_error(var, "is empty");
        if (!first_given) first_given = var;
        salts[i] = **v;
    }
    if (first_given && first_missing)
        return var_error(*first_missing, "not set, but " + *first_given + " is; set all eight keys and salts or none");
    if (first_given) c.salts = salts;

    auto install = load_install(vars);
    if (!install) return install.error();
    c.install = std::move(*install);

    // Read only so that a bad NAME_FILE or a NAME/NAME_FILE conflict fails the start now,
    // in one line, rather than in PHP on every request.
    for (std::string_view var : kPhpFileVariables) {
        auto v = vars(std::string(var));
        if (!v) return v.error();
    }

    // wp-init's own knobs.
    c.shared_dir = with_default(env, "WPECS_SHARED_DIR", kDefaultSharedDir);
    if (auto st = check_directory("WPECS_SHARED_DIR", c.shared_dir); !st) return st.error();
    c.seed_dir = with_default(env, "WPECS_SEED_DIR", kDefaultSeedDir);
    if (auto st = check_directory("WPECS_SEED_DIR", c.seed_dir); !st) return st.error();
    const std::string version_file = parent_dir(c.seed_dir) + "/seed-version";
    auto version = read_file(version_file);
    if (!version) return var_error("WPECS_SEED_DIR", "cannot read " + version.error().message);
    c.seed_version = version->substr(0, version->find('\n'));
    if (c.seed_version.empty()) return var_error("WPECS_SEED_DIR", version_file + " is empty");
    for (char ch : c.seed_version)
        if (ch == '"' || ch == '\\' || static_cast<unsigned char>(ch) < 0x20)
            return var_error("WPECS_SEED_DIR", version_file + " contains a quote, backslash or control character");

    struct Timeout {
        const char* name;
        int* field;
    };
    for (auto [var, field] :
         {Timeout{"WPECS_DB_WAIT_TIMEOUT", &c.db_wait_timeout_s}, Timeout{"WPECS_DRAIN_TIMEOUT", &c.drain_timeout_s},
          Timeout{"WPECS_FPM_STOP_TIMEOUT", &c.fpm_stop_timeout_s}, Timeout{"WPECS_LOCK_TIMEOUT", &c.lock_timeout_s}}) {
        auto v = seconds_var(env, var, *field);
        if (!v) return v.error();
        *field = *v;
    }

    c.fpm_cmd = split_words(with_default(env, "WPECS_FPM_CMD", kDefaultFpmCmd));
    c.httpd_cmd = split_words(with_default(env, "WPECS_HTTPD_CMD", kDefaultHttpdCmd));
    if (c.httpd_cmd.empty()) return var_error("WPECS_HTTPD_CMD", "is empty (the web server command is required)");
    c.db_upgrade_cmd = split_words(with_default(env, "WPECS_DB_UPGRADE_CMD", kDefaultDbUpgradeCmd));
    c.install_cmd = split_words(with_default(env, "WPECS_INSTALL_CMD", kDefaultInstallCmd));
    if (c.install_cmd.empty()) return var_error("WPECS_INSTALL_CMD", "is empty");

    struct Mib {
        const char* name;
        std::int64_t min, max;
        std::optional<std::int64_t>* field;
    };
    for (auto [var, min, max, field] : {Mib{"WPECS_MEMORY_MB", 64, 4 << 20, &c.memory_mb},
                                        Mib{"WPECS_PHP_MEMORY_LIMIT_MB", 16, 64 << 10, &c.php_memory_limit_mb}}) {
        auto raw = env(var);
        if (!raw) continue;
        auto v = parse_decimal(*raw);
        if (!v || *v < min || *v > max)
            return var_error(var, quoted(*raw) + " is not a whole number of MiB from " + std::to_string(min) + " to " +
                                      std::to_string(max));
        *field = *v;
    }
    c.memory_budget = with_default(env, "WPECS_MEMORY_BUDGET", kDefaultMemoryBudget);
    if (c.memory_budget.empty() || c.memory_budget.front() != '/')
        return var_error("WPECS_MEMORY_BUDGET", quoted(c.memory_budget) + " is not an absolute path");

    c.secret_files = vars.take_files();

    auto cron = cron_external(env);
    if (!cron) return cron.error();
    c.cron_external = *cron;

    if (auto raw = env("WPECS_TEST_COPY_DELAY_MS")) {
        auto v = parse_decimal(*raw);
        if (!v || *v > 60000)
            return var_error("WPECS_TEST_COPY_DELAY_MS", quoted(*raw) + " is not an integer 0..60000");
        c.test_copy_delay_ms = static_cast<int>(*v);
    }
    return c;
}

Result<bool> cron_external(const EnvLookup& env) {
    auto raw = env("WPECS_CRON");
    if (!raw || raw->empty() || *raw == "wp") return false;
    if (*raw == "external") return true;
    return var_error("WPECS_CRON", quoted(*raw) +
                                       " is neither wp (WordPress runs due events on page views, the default) nor "
                                       "external (DISABLE_WP_CRON; `wp-init cron` runs them)");
}

Result<CronConfig> load_cron_config(const EnvLookup& env) {
    CronConfig c;
    auto external = cron_external(env);
    if (!external) return external.error();
    c.external = *external;
    c.shared_dir = with_default(env, "WPECS_SHARED_DIR", kDefaultSharedDir);
    if (auto st = check_directory("WPECS_SHARED_DIR", c.shared_dir); !st) return st.error();
    c.cron_cmd = split_words(with_default(env, "WPECS_CRON_CMD", kDefaultCronCmd));
    if (c.cron_cmd.empty()) return var_error("WPECS_CRON_CMD", "is empty (the cron command is required)");
    auto timeout = seconds_var(env, "WPECS_CRON_TIMEOUT", c.timeout_s);
    if (!timeout) return timeout.error();
    c.timeout_s = *timeout;
    return c;
}

}  // namespace wpinit
