// `wp-init cron`: its settings and the command deadline (run_to_end with a deadline).
#include <gtest/gtest.h>
#include <signal.h>

#include "config.hpp"
#include "supervisor.hpp"
#include "test_util.hpp"

using namespace wpinit;

namespace {

Result<CronConfig> load(std::map<std::string, std::string> vars) {
    return load_cron_config(test::env_of(std::move(vars)));
}

std::string error_of(std::map<std::string, std::string> vars) {
    auto r = load(std::move(vars));
    return r ? std::string("(no error)") : r.error().message;
}

TEST(CronConfigTest, DefaultsAreWordPressCronAndTheImagesEntryPoint) {
    test::TempDir dir;
    auto c = load({{"WPECS_SHARED_DIR", dir.path()}});
    ASSERT_TRUE(c) << c.error().message;
    EXPECT_FALSE(c->external);
    EXPECT_EQ(c->shared_dir, dir.path());
    EXPECT_EQ(c->cron_cmd, (std::vector<std::string>{"php", "/usr/local/lib/wordpress-ecs/cron.php"}));
    EXPECT_EQ(c->timeout_s, 600);
}

TEST(CronConfigTest, ExternalAndItsKnobs) {
    test::TempDir dir;
    auto c = load({{"WPECS_SHARED_DIR", dir.path()},
                   {"WPECS_CRON", "external"},
                   {"WPECS_CRON_CMD", "/bin/echo due  events"},
                   {"WPECS_CRON_TIMEOUT", "42"}});
    ASSERT_TRUE(c) << c.error().message;
    EXPECT_TRUE(c->external);
    EXPECT_EQ(c->cron_cmd, (std::vector<std::string>{"/bin/echo", "due", "events"}));
    EXPECT_EQ(c->timeout_s, 42);
}

TEST(CronConfigTest, WpAndEmptyMeanWordPressOwnCron) {
    for (const char* value : {"wp", ""}) {
        auto on = cron_external(test::env_of({{"WPECS_CRON", value}}));
        ASSERT_TRUE(on) << value;
        EXPECT_FALSE(*on) << value;
    }
}

TEST(CronConfigTest, BadValuesAreOneLineNamingTheVariable) {
    test::TempDir dir;
    const std::string shared = dir.path();
    EXPECT_EQ(error_of({{"WPECS_SHARED_DIR", shared}, {"WPECS_CRON", "External"}}),
              "WPECS_CRON: \"External\" is neither wp (WordPress runs due events on page views, the default) nor "
              "external (DISABLE_WP_CRON; `wp-init cron` runs them)");
    EXPECT_EQ(error_of({{"WPECS_SHARED_DIR", shared}, {"WPECS_CRON", "1"}}).rfind("WPECS_CRON: \"1\" is neither", 0),
              0u);
    EXPECT_EQ(error_of({{"WPECS_SHARED_DIR", shared}, {"WPECS_CRON_CMD", "  "}}),
              "WPECS_CRON_CMD: is empty (the cron command is required)");
    EXPECT_EQ(error_of({{"WPECS_SHARED_DIR", shared}, {"WPECS_CRON_TIMEOUT", "0"}}),
              "WPECS_CRON_TIMEOUT: \"0\" is not a positive integer of seconds (1..86400)");
    EXPECT_EQ(error_of({{"WPECS_SHARED_DIR", "relative"}}), "WPECS_SHARED_DIR: \"relative\" is not an absolute path");
}

// The gate blocks signals for the whole test process; each test runs in its own
// process under ctest, and the mask is restored anyway.
class RunToEndTest : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_EQ(::sigprocmask(SIG_SETMASK, nullptr, &old_), 0);
        ASSERT_TRUE(gate_.block());
    }
    void TearDown() override { ::sigprocmask(SIG_SETMASK, &old_, nullptr); }
    SignalGate gate_;
    sigset_t old_{};
};

TEST_F(RunToEndTest, ADeadlineStopsTheCommandWithSigterm) {
    test::TempDir dir;
    const std::string out = dir / "out";
    auto pid =
        spawn("/bin/sh", {"sh", "-c", "trap 'echo TERM > " + out + "; exit 3' TERM; sleep 20 & wait"}, SpawnOptions{});
    ASSERT_TRUE(pid);
    const auto t0 = Clock::now();
    auto outcome = run_to_end(gate_, *pid, Clock::now() + Millis(300));
    const auto took = std::chrono::duration_cast<Millis>(Clock::now() - t0).count();
    EXPECT_TRUE(outcome.timed_out);
    EXPECT_FALSE(outcome.stop_signal);
    EXPECT_EQ(exit_code_of(outcome.status), 3);
    EXPECT_EQ(test::slurp(out), "TERM\n");
    EXPECT_GE(took, 250);
    EXPECT_LT(took, 5000);
}

TEST_F(RunToEndTest, ACommandThatEndsInTimeIsNotTimedOut) {
    auto pid = spawn("/bin/sh", {"sh", "-c", "exit 4"}, SpawnOptions{});
    ASSERT_TRUE(pid);
    auto outcome = run_to_end(gate_, *pid, Clock::now() + Millis(10000));
    EXPECT_FALSE(outcome.timed_out);
    EXPECT_EQ(exit_code_of(outcome.status), 4);
}

}  // namespace
