// Child processes: finding programs, spawning them with a clean signal state in their
// own process group, signal plumbing for PID 1, wait statuses.
#pragma once

#include <signal.h>
#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

#include "fsutil.hpp"
#include "result.hpp"
#include "util.hpp"

namespace wpinit {

struct ProgramLookup {
    std::string path;     // resolved path when found
    int exit_code = 0;    // 0 found, 127 missing, 126 not executable
    std::string problem;  // "not found" / "not executable"
};

// Resolves argv[0] like execvp: a name with a slash as is, otherwise through PATH.
ProgramLookup find_program(const std::string& name);

struct SpawnOptions {
    std::optional<Owner> run_as;  // drop to this user (only when running as root)
    // Set in the child's environment only (secrets: never in argv, never in ours).
    std::vector<std::pair<std::string, std::string>> extra_env;
};

// fork + exec in a new process group, with an empty signal mask and default signal
// dispositions. If exec fails the child prints one line and exits 127 or 126.
Result<pid_t> spawn(const std::string& path, const std::vector<std::string>& argv, const SpawnOptions& options);

// Whether `owner` may open `path` for reading, checked by a child that has become that
// user (the kernel's own answer: modes, ACLs, every directory on the way). When we
// cannot switch users (not root), our own access is the answer. The error is the
// reason alone ("Permission denied").
Status check_readable_as(const std::string& path, const Owner& owner);

// 0..255 from a wait status: the exit code, or 128+signal when killed.
int exit_code_of(int wait_status);

// "exit status 3" / "killed by SIGKILL".
std::string describe_status(int wait_status);

std::string signal_name(int sig);

// The signals PID 1 takes synchronously: every signal except those that report a fault
// in wp-init itself (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGABRT, SIGSYS) and
// SIGKILL/SIGSTOP.
class SignalGate {
public:
    SignalGate();
    // Blocks the set for the calling process; children get an empty mask at spawn.
    Status block() const;
    // Next pending signal, waiting up to `timeout` (nullopt when none came).
    std::optional<int> wait(Millis timeout) const;
    // A pending stop request (SIGTERM, SIGINT, SIGQUIT) taken without waiting.
    std::optional<int> take_stop_request() const;

private:
    sigset_t set_;
};

bool is_stop_signal(int sig);

// Sleeps up to `duration` while watching for signals: returns the stop signal that
// ended the sleep, nullopt when the time ran out. SIGCHLD reaps zombies meanwhile.
std::optional<int> sleep_watching(const SignalGate& gate, Millis duration);

// Reaps every exited child without blocking; returns (pid, status) pairs.
std::vector<std::pair<pid_t, int>> reap_all();

}  // namespace wpinit
