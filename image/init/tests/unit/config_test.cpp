#include <gtest/gtest.h>

#include "config.hpp"
#include "test_util.hpp"

using namespace wpinit;
using wpinit::test::TempDir;

namespace {

class ConfigTest : public ::testing::Test {
protected:
    void SetUp() override {
        test::write(dir / "seed/wp-content/index.php", "<?php\n");
        test::write(dir / "seed/seed-version", "wordpress-6.1.1\n");
        ::mkdir((dir / "shared").c_str(), 0755);
        vars = {
            {"WORDPRESS_DB_HOST", "db"},
            {"WORDPRESS_DB_USER", "wp"},
            {"WORDPRESS_DB_PASSWORD", "secret"},
            {"WPECS_SHARED_DIR", dir / "shared"},
            {"WPECS_SEED_DIR", dir / "seed/wp-content"},
        };
    }
    Result<Config> load() { return load_config(test::env_of(vars)); }
    std::string error() {
        auto r = load();
        return r ? std::string("(no error)") : r.error().message;
    }

    TempDir dir;
    std::map<std::string, std::string> vars;
};

TEST_F(ConfigTest, MinimalConfigUsesDocumentedDefaults) {
    auto c = load();
    ASSERT_TRUE(c) << c.error().message;
    EXPECT_EQ(c->db, (HostPort{"db", 3306}));
    EXPECT_EQ(c->db_name, "wordpress");
    EXPECT_EQ(c->db_user, "wp");
    EXPECT_EQ(c->db_password, "secret");
    EXPECT_EQ(c->table_prefix, "wp_");
    EXPECT_FALSE(c->salts.has_value());
    EXPECT_EQ(c->seed_version, "wordpress-6.1.1");
    EXPECT_EQ(c->db_wait_timeout_s, 60);
    EXPECT_EQ(c->drain_timeout_s, 25);
    EXPECT_EQ(c->fpm_stop_timeout_s, 3);
    EXPECT_EQ(c->fpm_cmd,
              (std::vector<std::string>{"/usr/local/sbin/wpecs-php-fpm", "--nodaemonize", "--force-stderr"}));
    EXPECT_EQ(c->httpd_cmd, (std::vector<std::string>{"/usr/local/sbin/wpecs-apache2", "-DFOREGROUND"}));
    EXPECT_EQ(c->db_upgrade_cmd, (std::vector<std::string>{"php", "/usr/local/lib/wordpress-ecs/db-upgrade.php"}));
    EXPECT_EQ(c->test_copy_delay_ms, 0);
    EXPECT_EQ(c->lock_timeout_s, 600);
    EXPECT_FALSE(c->memory_mb.has_value());
    EXPECT_FALSE(c->php_memory_limit_mb.has_value());
    EXPECT_EQ(c->memory_budget, "/etc/wordpress-ecs/memory.env");
    EXPECT_FALSE(c->install.has_value());
    EXPECT_TRUE(c->secret_files.empty());
}

TEST_F(ConfigTest, DbHostIsRequired) {
    vars.erase("WORDPRESS_DB_HOST");
    EXPECT_EQ(error(), "WORDPRESS_DB_HOST: not set (expected host or host:port)");
}

TEST_F(ConfigTest, DbHostPortMustBeANumberInRange) {
    vars["WORDPRESS_DB_HOST"] = "db:abc";
    EXPECT_EQ(error(), "WORDPRESS_DB_HOST: port \"abc\" is not a number");
    vars["WORDPRESS_DB_HOST"] = "db:0";
    EXPECT_EQ(error(), "WORDPRESS_DB_HOST: port 0 is out of range 1..65535");
    vars["WORDPRESS_DB_HOST"] = "db:65536";
    EXPECT_EQ(error(), "WORDPRESS_DB_HOST: port 65536 is out of range 1..65535");
    vars["WORDPRESS_DB_HOST"] = "db:";
    EXPECT_EQ(error(), "WORDPRESS_DB_HOST: port is empty");
    vars["WORDPRESS_DB_HOST"] = "";
    EXPECT_EQ(error(), "WORDPRESS_DB_HOST: is empty");
}

TEST_F(ConfigTest, DbUserIsRequiredAndNonEmpty) {
    vars.erase("WORDPRESS_DB_USER");
    EXPECT_EQ(error(), "WORDPRESS_DB_USER: not set");
    vars["WORDPRESS_DB_USER"] = "";
    EXPECT_EQ(error(), "WORDPRESS_DB_USER: is empty");
}

TEST_F(ConfigTest, PasswordMayBeEmptyOnlyWhenSetExplicitly) {
    vars.erase("WORDPRESS_DB_PASSWORD");
    EXPECT_EQ(error(), "WORDPRESS_DB_PASSWORD: not set (set it to an empty value to connect without a password)");
    vars["WORDPRESS_DB_PASSWORD"] = "";
    auto c = load();
    ASSERT_TRUE(c) << c.error().message;
    EXPECT_EQ(c->db_password, "");
}

TEST_F(ConfigTest, DbNameDefaultsButMustNotBeEmpty) {
    vars["WORDPRESS_DB_NAME"] = "blog";
    EXPECT_EQ(load()->db_name, "blog");
    vars["WORDPRESS_DB_NAME"] = "";
    EXPECT_EQ(error(), "WORDPRESS_DB_NAME: is empty");
}

TEST_F(ConfigTest, TablePrefixAllowsOnlyWordCharacters) {
    vars["WORDPRESS_TABLE_PREFIX"] = "Blog_2_";
    EXPECT_EQ(load()->table_prefix, "Blog_2_");
    vars["WORDPRESS_TABLE_PREFIX"] = "wp-";
    EXPECT_EQ(error(), "WORDPRESS_TABLE_PREFIX: \"wp-\" may contain only letters, digits and _");
    vars["WORDPRESS_TABLE_PREFIX"] = "wp_;DROP";
    EXPECT_EQ(error(), "WORDPRESS_TABLE_PREFIX: \"wp_;DROP\" may contain only letters, digits and _");
    vars["WORDPRESS_TABLE_PREFIX"] = "";
    EXPECT_EQ(error(), "WORDPRESS_TABLE_PREFIX: is empty");
}

TEST_F(ConfigTest, FileVariantWinsWithOneTrailingNewlineStripped) {
    vars.erase("WORDPRESS_DB_PASSWORD");
    test::write(dir / "pw", "s3cret\n\n");
    vars["WORDPRESS_DB_PASSWORD_FILE"] = dir / "pw";
    EXPECT_EQ(load()->db_password, "s3cret\n");
    test::write(dir / "pw", "s3cret");
    EXPECT_EQ(load()->db_password, "s3cret");
    test::write(dir / "host", "db.example:3307\n");
    vars.erase("WORDPRESS_DB_HOST");
    vars["WORDPRESS_DB_HOST_FILE"] = dir / "host";
    EXPECT_EQ(load()->db, (HostPort{"db.example", 3307}));
}

TEST_F(ConfigTest, EmptyFileGivesEmptyPassword) {
    vars.erase("WORDPRESS_DB_PASSWORD");
    test::write(dir / "pw", "");
    vars["WORDPRESS_DB_PASSWORD_FILE"] = dir / "pw";
    EXPECT_EQ(load()->db_password, "");
}

TEST_F(ConfigTest, NameAndFileBothSetIsAnError) {
    test::write(dir / "pw", "x");
    vars["WORDPRESS_DB_PASSWORD_FILE"] = dir / "pw";
    EXPECT_EQ(error(),
              "WORDPRESS_DB_PASSWORD: both WORDPRESS_DB_PASSWORD and WORDPRESS_DB_PASSWORD_FILE are set; set only one");
}

TEST_F(ConfigTest, UnreadableFileNamesTheFileVariable) {
    vars.erase("WORDPRESS_DB_USER");
    vars["WORDPRESS_DB_USER_FILE"] = dir / "missing";
    EXPECT_EQ(error(), "WORDPRESS_DB_USER_FILE: cannot read " + (dir / "missing") + ": No such file or directory");
    vars["WORDPRESS_DB_USER_FILE"] = dir.path();
    EXPECT_EQ(error(), "WORDPRESS_DB_USER_FILE: " + dir.path() + " is not a regular file");
    vars["WORDPRESS_DB_USER_FILE"] = "";
    EXPECT_EQ(error(), "WORDPRESS_DB_USER_FILE: is empty (expected a file path)");
}

TEST_F(ConfigTest, SecretFilesAreAtMost64KiBAndRecorded) {
    vars.erase("WORDPRESS_DB_PASSWORD");
    test::write(dir / "big", std::string(64 * 1024 + 1, 'x'));
    vars["WORDPRESS_DB_PASSWORD_FILE"] = dir / "big";
    EXPECT_EQ(error(), "WORDPRESS_DB_PASSWORD_FILE: " + (dir / "big") + " is larger than 64 KiB");
    test::write(dir / "ok", std::string(64 * 1024, 'x'));
    vars["WORDPRESS_DB_PASSWORD_FILE"] = dir / "ok";
    auto c = load();
    ASSERT_TRUE(c) << c.error().message;
    EXPECT_EQ(c->db_password.size(), 64u * 1024);
    ASSERT_EQ(c->secret_files.size(), 1u);
    EXPECT_EQ(c->secret_files[0].variable, "WORDPRESS_DB_PASSWORD_FILE");
    EXPECT_EQ(c->secret_files[0].path, dir / "ok");
}

TEST_F(ConfigTest, InstallNeedsEverySiteSettingOnceThePasswordIsSet) {
    EXPECT_FALSE(load()->install.has_value());
    vars["WORDPRESS_ADMIN_PASSWORD"] = "pw";
    EXPECT_EQ(error(), "WORDPRESS_SITE_URL: not set (required when WORDPRESS_ADMIN_PASSWORD is set)");
    vars["WORDPRESS_SITE_URL"] = "http://example.org";
    vars["WORDPRESS_SITE_TITLE"] = "T";
    vars["WORDPRESS_ADMIN_USER"] = "admin.user@x";
    EXPECT_EQ(error(), "WORDPRESS_ADMIN_EMAIL: not set (required when WORDPRESS_ADMIN_PASSWORD is set)");
    vars["WORDPRESS_ADMIN_EMAIL"] = "a@b.c";
    auto c = load();
    ASSERT_TRUE(c && c->install) << (c ? "" : c.error().message);
    EXPECT_EQ(c->install->admin_password, "pw");
    EXPECT_EQ(c->install_cmd, (std::vector<std::string>{"php", "/usr/local/share/wpecs/install.php"}));
    for (auto [email, ok] : {std::pair<const char*, bool>{"a@b", false},
                             {"@b.c", false},
                             {"a@b.", false},
                             {"a b@c.d", false},
                             {"first.last@sub.example.org", true}}) {
        vars["WORDPRESS_ADMIN_EMAIL"] = email;
        EXPECT_EQ(load().ok(), ok) << email;
    }
    vars["WORDPRESS_ADMIN_EMAIL"] = "a@b.c";
    vars["WORDPRESS_SITE_TITLE"] = "line\nbreak";
    EXPECT_EQ(error(), "WORDPRESS_SITE_TITLE: contains a control character");
    vars["WORDPRESS_SITE_TITLE"] = "T";
    vars["WORDPRESS_ADMIN_USER"] = std::string(61, 'a');
    EXPECT_NE(error().find("WORDPRESS_ADMIN_USER: "), std::string::npos);
}

TEST_F(ConfigTest, SiteUrlIsCheckedEvenWithoutAnInstall) {
    for (const char* url : {"ftp://x", "http://", "https:///path", "http://a b", "example.org"}) {
        vars["WORDPRESS_SITE_URL"] = url;
        EXPECT_EQ(error(),
                  "WORDPRESS_SITE_URL: \"" + std::string(url) + "\" is not an http:// or https:// URL without spaces");
    }
    vars["WORDPRESS_SITE_URL"] = "https://blog.example.org:8443/sub";
    EXPECT_TRUE(load());
}

TEST_F(ConfigTest, ConflictsInPassThroughVariablesAreReported) {
    test::write(dir / "extra", "define('X', 1);");
    vars["WORDPRESS_CONFIG_EXTRA"] = "x";
    vars["WORDPRESS_CONFIG_EXTRA_FILE"] = dir / "extra";
    EXPECT_EQ(
        error(),
        "WORDPRESS_CONFIG_EXTRA: both WORDPRESS_CONFIG_EXTRA and WORDPRESS_CONFIG_EXTRA_FILE are set; set only one");
}

TEST_F(ConfigTest, ObjectCachePasswordFileIsCheckedAtStart) {
    // The PHP side would fail every request instead: better one refusal at start.
    vars["WPECS_REDIS_PASSWORD_FILE"] = dir.path();
    EXPECT_EQ(error(), "WPECS_REDIS_PASSWORD_FILE: " + dir.path() + " is not a regular file");
    test::write(dir / "redis", "token\n");
    vars["WPECS_REDIS_PASSWORD_FILE"] = dir / "redis";
    EXPECT_TRUE(load());
    vars["WPECS_REDIS_PASSWORD"] = "token";
    EXPECT_EQ(error(),
              "WPECS_REDIS_PASSWORD: both WPECS_REDIS_PASSWORD and WPECS_REDIS_PASSWORD_FILE are set; set only one");
}

void set_all_salts(std::map<std::string, std::string>& vars) {
    for (auto name : kSaltNames) vars["WORDPRESS_" + std::string(name)] = "v-" + std::string(name);
}

TEST_F(ConfigTest, AllEightSaltsFromTheEnvironment) {
    set_all_salts(vars);
    auto c = load();
    ASSERT_TRUE(c && c->salts);
    EXPECT_EQ((*c->salts)[0], "v-AUTH_KEY");
    EXPECT_EQ((*c->salts)[7], "v-NONCE_SALT");
}

TEST_F(ConfigTest, SaltsFromFiles) {
    set_all_salts(vars);
    vars.erase("WORDPRESS_NONCE_SALT");
    test::write(dir / "ns", "from-file\n");
    vars["WORDPRESS_NONCE_SALT_FILE"] = dir / "ns";
    EXPECT_EQ((*load()->salts)[7], "from-file");
}

TEST_F(ConfigTest, SomeButNotAllSaltsNamesTheFirstMissing) {
    set_all_salts(vars);
    vars.erase("WORDPRESS_SECURE_AUTH_KEY");
    vars.erase("WORDPRESS_NONCE_SALT");
    EXPECT_EQ(error(),
              "WORDPRESS_SECURE_AUTH_KEY: not set, but WORDPRESS_AUTH_KEY is; set all eight keys and salts or none");
}

TEST_F(ConfigTest, GivenSaltMustNotBeEmpty) {
    set_all_salts(vars);
    vars["WORDPRESS_LOGGED_IN_SALT"] = "";
    EXPECT_EQ(error(), "WORDPRESS_LOGGED_IN_SALT: is empty");
}

TEST_F(ConfigTest, TimeoutsArePositiveIntegers) {
    for (const char* var : {"WPECS_DB_WAIT_TIMEOUT", "WPECS_DRAIN_TIMEOUT", "WPECS_FPM_STOP_TIMEOUT"}) {
        for (const char* bad : {"0", "-1", "1.5", "ten", "", " 5", "86401"}) {
            vars[var] = bad;
            EXPECT_EQ(error(), std::string(var) + ": \"" + bad + "\" is not a positive integer of seconds (1..86400)");
        }
        vars[var] = "7";
        ASSERT_TRUE(load());
    }
    auto c = load();
    EXPECT_EQ(c->db_wait_timeout_s, 7);
    EXPECT_EQ(c->drain_timeout_s, 7);
    EXPECT_EQ(c->fpm_stop_timeout_s, 7);
}

TEST_F(ConfigTest, CommandsSplitOnSpacesAndEmptyOnesDisable) {
    vars["WPECS_FPM_CMD"] = "";
    vars["WPECS_DB_UPGRADE_CMD"] = "  ";
    vars["WPECS_HTTPD_CMD"] = " /usr/sbin/apache2  -DFOREGROUND\t-X ";
    auto c = load();
    ASSERT_TRUE(c);
    EXPECT_TRUE(c->fpm_cmd.empty());
    EXPECT_TRUE(c->db_upgrade_cmd.empty());
    EXPECT_EQ(c->httpd_cmd, (std::vector<std::string>{"/usr/sbin/apache2", "-DFOREGROUND", "-X"}));
    vars["WPECS_HTTPD_CMD"] = " ";
    EXPECT_EQ(error(), "WPECS_HTTPD_CMD: is empty (the web server command is required)");
}

TEST_F(ConfigTest, SharedDirMustBeAnExistingAbsoluteDirectory) {
    vars["WPECS_SHARED_DIR"] = "relative/dir";
    EXPECT_EQ(error(), "WPECS_SHARED_DIR: \"relative/dir\" is not an absolute path");
    vars["WPECS_SHARED_DIR"] = dir / "nope";
    EXPECT_EQ(error(), "WPECS_SHARED_DIR: " + (dir / "nope") + ": No such file or directory");
    vars["WPECS_SHARED_DIR"] = dir / "seed/seed-version";
    EXPECT_EQ(error(), "WPECS_SHARED_DIR: " + (dir / "seed/seed-version") + " is not a directory");
}

TEST_F(ConfigTest, SeedDirNeedsAVersionFileBesideIt) {
    ::unlink((dir / "seed/seed-version").c_str());
    EXPECT_EQ(error(), "WPECS_SEED_DIR: cannot read " + (dir / "seed/seed-version") + ": No such file or directory");
    test::write(dir / "seed/seed-version", "\n");
    EXPECT_EQ(error(), "WPECS_SEED_DIR: " + (dir / "seed/seed-version") + " is empty");
}

TEST_F(ConfigTest, TestCopyDelayIsBounded) {
    vars["WPECS_TEST_COPY_DELAY_MS"] = "50";
    EXPECT_EQ(load()->test_copy_delay_ms, 50);
    vars["WPECS_TEST_COPY_DELAY_MS"] = "x";
    EXPECT_EQ(error(), "WPECS_TEST_COPY_DELAY_MS: \"x\" is not an integer 0..60000");
}

TEST_F(ConfigTest, FirstErrorWinsInDocumentedOrder) {
    vars.erase("WORDPRESS_DB_USER");
    vars["WORDPRESS_TABLE_PREFIX"] = "-";
    vars["WPECS_DRAIN_TIMEOUT"] = "0";
    EXPECT_EQ(error(), "WORDPRESS_DB_USER: not set");
}

struct HostCase {
    std::string text;
    std::string host;
    int port;
};

void PrintTo(const HostCase& c, std::ostream* os) { *os << c.text; }

class HostPortOk : public ::testing::TestWithParam<HostCase> {};
TEST_P(HostPortOk, Parses) {
    auto r = parse_host_port(GetParam().text, 3306);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->host, GetParam().host);
    EXPECT_EQ(r->port, GetParam().port);
}
INSTANTIATE_TEST_SUITE_P(Valid, HostPortOk,
                         ::testing::Values(HostCase{"db", "db", 3306}, HostCase{"db:3307", "db", 3307},
                                           HostCase{"10.0.0.5:1", "10.0.0.5", 1},
                                           HostCase{"my-db.abc.eu-west-1.rds.amazonaws.com:65535",
                                                    "my-db.abc.eu-west-1.rds.amazonaws.com", 65535},
                                           HostCase{"[::1]:3307", "::1", 3307}, HostCase{"[fd00::5]", "fd00::5", 3306},
                                           HostCase{"db_1", "db_1", 3306}));

struct BadHost {
    std::string text;
    std::string message;
};
void PrintTo(const BadHost& c, std::ostream* os) { *os << c.text; }

class HostPortBad : public ::testing::TestWithParam<BadHost> {};
TEST_P(HostPortBad, Rejects) {
    auto r = parse_host_port(GetParam().text, 3306);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().message, GetParam().message);
}
INSTANTIATE_TEST_SUITE_P(
    Invalid, HostPortBad,
    ::testing::Values(
        BadHost{":3306", "\":3306\" has an empty host"}, BadHost{"db:33o6", "port \"33o6\" is not a number"},
        BadHost{"db:-1", "port \"-1\" is not a number"}, BadHost{"db:99999", "port 99999 is out of range 1..65535"},
        BadHost{"::1", "IPv6 address \"::1\" needs brackets, e.g. [::1]:3306"},
        BadHost{"[::1", "\"[::1\" has no closing ]"}, BadHost{"[]:3306", "\"[]:3306\" has an empty host"},
        BadHost{"[::1]3306", "unexpected \"3306\" after ]"}, BadHost{"db host", "host \"db host\" contains \" \""},
        BadHost{"db\r", "host \"db\r\" contains a control character"},
        BadHost{"localhost:/run/mysqld/mysqld.sock", "port \"/run/mysqld/mysqld.sock\" is not a number"}));

TEST(HostPortFormat, BracketsIPv6) {
    EXPECT_EQ(to_string(HostPort{"db", 3306}), "db:3306");
    EXPECT_EQ(to_string(HostPort{"::1", 3306}), "[::1]:3306");
}

}  // namespace

namespace {

// `run` validates WPECS_CRON too, so a replica with a mistyped value refuses to start
// instead of silently running WordPress's own cron next to the runner.
TEST_F(ConfigTest, CronSettingIsValidatedAtStart) {
    EXPECT_FALSE(load()->cron_external);
    vars["WPECS_CRON"] = "external";
    EXPECT_TRUE(load()->cron_external);
    vars["WPECS_CRON"] = "yes";
    EXPECT_EQ(error(),
              "WPECS_CRON: \"yes\" is neither wp (WordPress runs due events on page views, the default) "
              "nor external (DISABLE_WP_CRON; `wp-init cron` runs them)");
}

}  // namespace
