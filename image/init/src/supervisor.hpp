// PID 1 duties once the servers run: forward signals, reap every zombie, turn a stop
// request into a graceful stop, and stop the rest when one server dies.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

#include "process.hpp"

namespace wpinit {

// One step of stopping a child: send `signal` to its process group, then wait up to
// `wait` for the child to exit before the next step.
struct StopStep {
    int signal;
    Millis wait;
};

struct Child {
    std::string name;  // "httpd", "php-fpm"
    pid_t pid = -1;    // also its process group id
    std::vector<StopStep> stop_steps;
    std::optional<int> status;  // wait status once reaped
    bool escalated = false;     // needed more than the first stop step
};

struct SupervisorOptions {
    // Signals passed on to the child named `forward_to` (Apache: SIGHUP restarts it,
    // SIGUSR1 is its graceful restart). Not SIGWINCH: a terminal sends it on every
    // resize, and Apache takes it as "graceful stop".
    std::vector<int> forwarded{SIGHUP, SIGUSR1, SIGUSR2};
    std::string forward_to = "httpd";
};

// Runs until everything stopped. `children` are in stop order (httpd first, so no
// request is in flight when PHP-FPM is asked to quit). Returns wp-init's exit code:
//  - stop requested (SIGTERM/SIGINT/SIGQUIT): 0 when every child exited 0 after its
//    first (graceful) stop signal, otherwise the status of the first child that did
//    not (128+signal when killed, 1 if it exited 0 after escalation);
//  - a child exited by itself: that child's status (128+signal when killed).
int supervise(const SignalGate& gate, std::vector<Child>& children, const SupervisorOptions& options);

// Stops children in order with their stop steps (used by supervise, and when a start
// fails halfway).
void stop_children(const SignalGate& gate, std::vector<Child>& children);

struct CommandOutcome {
    int status = 0;                  // wait status
    std::optional<int> stop_signal;  // a stop request that arrived meanwhile
    bool timed_out = false;          // the deadline passed and the command was stopped
};

// Runs a short-lived command to its end while PID 1 duties go on: zombies reaped, a
// stop request passed on to it as SIGTERM (SIGKILL after 10 s). With a deadline, the
// command gets the same SIGTERM (then SIGKILL) when the deadline passes.
CommandOutcome run_to_end(const SignalGate& gate, pid_t pid, std::optional<Clock::time_point> deadline = std::nullopt);

}  // namespace wpinit
