#include "supervisor.hpp"

#include <signal.h>
#include <sys/wait.h>

#include <algorithm>

namespace wpinit {
namespace {

std::string describe_duration(Millis d) {
    if (d.count() % 1000 == 0) return std::to_string(d.count() / 1000) + " s";
    return std::to_string(d.count()) + " ms";
}

std::string who(const Child& c) { return c.name + " (pid " + std::to_string(c.pid) + ")"; }

// Reaps; records statuses of our children. Returns the children that just exited.
std::vector<Child*> collect(std::vector<Child>& children) {
    std::vector<Child*> exited;
    for (auto [pid, status] : reap_all()) {
        for (auto& c : children) {
            if (c.pid == pid && !c.status) {
                c.status = status;
                exited.push_back(&c);
            }
        }
    }
    return exited;
}

void signal_group(const Child& c, int sig) {
    // The whole group: a wrapper such as apache2ctl does not exec the server, so the
    // signal must reach the server behind it (dumb-init does the same by default).
    if (::kill(-c.pid, sig) != 0) ::kill(c.pid, sig);
}

void log_exits(const std::vector<Child*>& exited) {
    for (const Child* e : exited) log_line(who(*e) + " exited: " + describe_status(*e->status));
}

}  // namespace

void stop_children(const SignalGate& gate, std::vector<Child>& children) {
    for (auto& c : children) {
        log_exits(collect(children));
        if (c.status) continue;
        for (std::size_t i = 0; i < c.stop_steps.size() && !c.status; ++i) {
            const auto& step = c.stop_steps[i];
            if (i > 0) c.escalated = true;
            log_line("sending " + signal_name(step.signal) + " to " + who(c) + ", waiting up to " +
                     describe_duration(step.wait));
            signal_group(c, step.signal);
            const auto deadline = Clock::now() + step.wait;
            while (!c.status) {
                auto left = remaining(deadline);
                if (left.count() == 0) break;
                auto sig = gate.wait(left);
                if (!sig) continue;
                if (*sig == SIGCHLD) {
                    log_exits(collect(children));
                } else if (is_stop_signal(*sig)) {
                    log_line("received " + signal_name(*sig) + " while stopping; already stopping");
                }
            }
        }
        if (!c.status) log_line(who(c) + " did not exit after SIGKILL; giving up on it");
    }
    // Strays left in the children's groups (e.g. a server's orphaned helpers).
    for (auto& c : children) ::kill(-c.pid, SIGKILL);
    log_exits(collect(children));
}

int supervise(const SignalGate& gate, std::vector<Child>& children, const SupervisorOptions& options) {
    std::optional<int> died_code;
    for (;;) {
        auto sig = gate.wait(Millis(60000));
        if (!sig) continue;
        if (*sig == SIGCHLD) {
            auto exited = collect(children);
            if (!exited.empty()) {
                Child& dead = *exited.front();
                for (Child* e : exited) log_line(who(*e) + " exited by itself: " + describe_status(*e->status));
                died_code = exit_code_of(*dead.status);
                log_line("stopping the other servers because " + dead.name + " exited");
                break;
            }
        } else if (is_stop_signal(*sig)) {
            log_line("received " + signal_name(*sig) + ": stopping gracefully");
            break;
        } else if (std::find(options.forwarded.begin(), options.forwarded.end(), *sig) != options.forwarded.end()) {
            const auto target = std::find_if(children.begin(), children.end(),
                                             [&](const Child& c) { return c.name == options.forward_to; });
            if (target != children.end() && !target->status) {
                signal_group(*target, *sig);
                log_line("forwarded " + signal_name(*sig) + " to " + who(*target));
            }
        } else {
            log_line("ignoring " + signal_name(*sig));
        }
    }

    stop_children(gate, children);
    if (died_code) return *died_code;
    for (const auto& c : children) {
        if (!c.status) return 128 + SIGKILL;
        // Killed by the very signal that asked it to stop gracefully counts as clean.
        const bool by_request = WIFSIGNALED(*c.status) && !c.stop_steps.empty() &&
                                WTERMSIG(*c.status) == c.stop_steps.front().signal && !c.escalated;
        const int code = by_request ? 0 : exit_code_of(*c.status);
        if (code != 0) return code;
        if (c.escalated) return 1;
    }
    log_line("stopped cleanly");
    return 0;
}

CommandOutcome run_to_end(const SignalGate& gate, pid_t pid, std::optional<Clock::time_point> deadline) {
    CommandOutcome out;
    std::optional<Clock::time_point> kill_at;
    const auto stop = [&] {
        ::kill(-pid, SIGTERM);
        kill_at = Clock::now() + Millis(10000);
    };
    for (;;) {
        if (deadline && remaining(*deadline).count() == 0 && !out.stop_signal && !out.timed_out) {
            out.timed_out = true;
            log_line("timed out: stopping pid " + std::to_string(pid));
            stop();
        }
        auto left = kill_at ? remaining(*kill_at) : Millis(60000);
        if (kill_at && left.count() == 0) {
            ::kill(-pid, SIGKILL);
            kill_at.reset();
            left = Millis(60000);
        }
        if (deadline && !out.timed_out && !out.stop_signal) left = std::min(left, remaining(*deadline));
        auto sig = gate.wait(left);
        if (!sig) continue;
        if (*sig == SIGCHLD) {
            for (auto [p, status] : reap_all()) {
                if (p == pid) {
                    out.status = status;
                    return out;
                }
            }
        } else if (is_stop_signal(*sig) && !out.stop_signal) {
            out.stop_signal = sig;
            log_line("received " + signal_name(*sig) + ": stopping pid " + std::to_string(pid));
            if (!kill_at) stop();
        }
    }
}

}  // namespace wpinit
