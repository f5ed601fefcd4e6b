#include <gtest/gtest.h>
#include <sys/wait.h>

#include "process.hpp"
#include "test_util.hpp"

using namespace wpinit;

TEST(FindProgram, MissingIs127) {
    auto p = find_program("/nonexistent/wp-init-test-program");
    EXPECT_EQ(p.exit_code, 127);
    EXPECT_EQ(p.problem, "not found");
    EXPECT_EQ(find_program("wp-init-no-such-program-on-path").exit_code, 127);
}

TEST(FindProgram, NotExecutableIs126) {
    test::TempDir dir;
    test::write(dir / "script", "#!/bin/sh\n", 0644);
    auto p = find_program(dir / "script");
    EXPECT_EQ(p.exit_code, 126);
    EXPECT_EQ(p.problem, "not executable");
    EXPECT_EQ(find_program(dir.path()).exit_code, 126);  // a directory
}

TEST(FindProgram, SearchesPath) {
    auto p = find_program("sh");
    EXPECT_EQ(p.exit_code, 0);
    EXPECT_EQ(p.path.back(), 'h');
    EXPECT_NE(p.path.find('/'), std::string::npos);
}

TEST(WaitStatus, ExitCodesAndDescriptions) {
    EXPECT_EQ(exit_code_of(3 << 8), 3);
    EXPECT_EQ(exit_code_of(SIGKILL), 137);
    EXPECT_EQ(exit_code_of(SIGTERM), 143);
    EXPECT_EQ(describe_status(3 << 8), "exit status 3");
    EXPECT_EQ(describe_status(SIGKILL), "killed by SIGKILL");
    EXPECT_EQ(signal_name(SIGWINCH), "SIGWINCH");
}

TEST(Spawn, ChildHasCleanSignalStateAndItsOwnGroup) {
    test::TempDir dir;
    // Block and ignore something in the parent: the child must see neither.
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    ASSERT_EQ(::sigprocmask(SIG_BLOCK, &block, &old), 0);
    auto old_handler = ::signal(SIGUSR2, SIG_IGN);
    const std::string out = dir / "out";
    auto pid = spawn("/bin/sh",
                     {"sh", "-c",
                      "grep -E '^(SigBlk|SigIgn)' /proc/self/status > " + out + "; ps -o pgid= -p $$ >> " + out +
                          " 2>/dev/null || cut -d' ' -f5 /proc/$$/stat >> " + out},
                     SpawnOptions{});
    ::sigprocmask(SIG_SETMASK, &old, nullptr);
    ::signal(SIGUSR2, old_handler);
    ASSERT_TRUE(pid);
    int status = 0;
    ASSERT_EQ(::waitpid(*pid, &status, 0), *pid);
    EXPECT_EQ(exit_code_of(status), 0);
    const auto text = test::slurp(out);
    EXPECT_NE(text.find("SigBlk:\t0000000000000000"), std::string::npos) << text;
    // Nothing ignored, except perhaps glibc's own signals 32 and 33 (bits 31, 32), which
    // glibc's sigaction cannot reset and glibc in the child takes over (process.cpp).
    const auto ign = text.find("SigIgn:\t");
    ASSERT_NE(ign, std::string::npos) << text;
    const auto ignored = std::stoull(text.substr(ign + 8, 16), nullptr, 16);
    EXPECT_EQ(ignored & ~0x180000000ULL, 0u) << text;
    EXPECT_NE(text.find(std::to_string(*pid)), std::string::npos) << "pgid should equal pid: " << text;
}

TEST(Spawn, ExecFailureExits127) {
    auto pid = spawn("/nonexistent/prog", {"prog"}, SpawnOptions{});
    ASSERT_TRUE(pid);
    int status = 0;
    ASSERT_EQ(::waitpid(*pid, &status, 0), *pid);
    EXPECT_EQ(exit_code_of(status), 127);
}

TEST(SignalGateTest, LeavesFaultSignalsAlone) {
    sigset_t before, blocked;
    ASSERT_EQ(::sigprocmask(SIG_SETMASK, nullptr, &before), 0);
    const SignalGate gate;
    ASSERT_TRUE(gate.block());
    ASSERT_EQ(::sigprocmask(SIG_SETMASK, &before, &blocked), 0);  // the test process's mask back
    for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT}) EXPECT_FALSE(sigismember(&blocked, sig)) << sig;
    for (int sig : {SIGTERM, SIGINT, SIGQUIT, SIGHUP, SIGCHLD, SIGWINCH, SIGUSR1, SIGUSR2, SIGPIPE})
        EXPECT_TRUE(sigismember(&blocked, sig)) << sig;
}
