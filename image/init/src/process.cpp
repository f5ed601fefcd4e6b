#include "process.hpp"

#include <fcntl.h>
#include <grp.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace wpinit {
namespace {

constexpr int kFaultSignals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGABRT, SIGSYS, SIGKILL, SIGSTOP};

// async-signal-safe line from a forked child before exec
void child_fail(const char* program, int errnum) {
    const char* why = errnum == ENOENT ? "not found" : ::strerror(errnum);
    const char* parts[] = {"wp-init: ", program, ": ", why, "\n"};
    for (const char* p : parts) {
        ssize_t ignored = ::write(STDERR_FILENO, p, ::strlen(p));
        (void)ignored;
    }
}

}  // namespace

ProgramLookup find_program(const std::string& name) {
    auto check = [](const std::string& path) -> int {
        struct stat st{};
        if (::stat(path.c_str(), &st) != 0) return 127;
        if (!S_ISREG(st.st_mode) || ::access(path.c_str(), X_OK) != 0) return 126;
        return 0;
    };
    ProgramLookup out;
    if (name.empty()) return {"", 127, "not found"};
    if (name.find('/') != std::string::npos) {
        out.path = name;
        out.exit_code = check(name);
    } else {
        const char* env_path = std::getenv("PATH");
        const std::string search =
            env_path && *env_path ? env_path : "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
        out.exit_code = 127;
        std::size_t start = 0;
        while (start <= search.size()) {
            auto end = search.find(':', start);
            if (end == std::string::npos) end = search.size();
            std::string dir = search.substr(start, end - start);
            if (dir.empty()) dir = ".";
            const std::string candidate = dir + "/" + name;
            int rc = check(candidate);
            if (rc == 0) return {candidate, 0, ""};
            if (rc == 126 && out.exit_code == 127) {
                out.exit_code = 126;
                out.path = candidate;
            }
            start = end + 1;
        }
    }
    if (out.exit_code == 127) out.problem = "not found";
    if (out.exit_code == 126) out.problem = "not executable";
    return out;
}

Result<pid_t> spawn(const std::string& path, const std::vector<std::string>& argv, const SpawnOptions& options) {
    std::vector<char*> args;
    args.reserve(argv.size() + 1);
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    const bool drop = options.run_as && ::geteuid() == 0;
    const uid_t uid = drop ? options.run_as->uid : 0;
    const gid_t gid = drop ? options.run_as->gid : 0;

    pid_t pid = ::fork();
    if (pid < 0) return sys_error("fork");
    if (pid == 0) {
        ::setpgid(0, 0);
        // Default dispositions: an ignored one (inherited from whoever started wp-init)
        // would survive exec; handlers do not. glibc's sigaction refuses (EINVAL) the two
        // real-time signals it keeps for itself (32, 33): a parent outside glibc may have
        // left them ignored, and glibc in the server installs its own handlers for them
        // when it uses them, so they are left as they are.
        struct sigaction dfl{};
        dfl.sa_handler = SIG_DFL;
        ::sigemptyset(&dfl.sa_mask);
        for (int sig = 1; sig < NSIG; ++sig) {
            if (sig == SIGKILL || sig == SIGSTOP) continue;
            ::sigaction(sig, &dfl, nullptr);
        }
        sigset_t empty;
        ::sigemptyset(&empty);
        ::sigprocmask(SIG_SETMASK, &empty, nullptr);
        if (drop) {
            if (::setgroups(1, &gid) != 0 || ::setgid(gid) != 0 || ::setuid(uid) != 0) {
                child_fail("cannot switch user", errno);
                ::_exit(126);
            }
        }
        for (const auto& [name, value] : options.extra_env) ::setenv(name.c_str(), value.c_str(), 1);
        ::execve(path.c_str(), args.data(), environ);
        const int e = errno;
        child_fail(argv[0].c_str(), e);
        ::_exit(e == ENOENT ? 127 : 126);
    }
    ::setpgid(pid, pid);  // also from the parent: no race with the first kill(-pgid)
    return pid;
}

Status check_readable_as(const std::string& path, const Owner& owner) {
    if (!owner.change || ::geteuid() != 0) {
        if (::access(path.c_str(), R_OK) != 0) return err(errno_text(errno));
        return Ok{};
    }
    pid_t pid = ::fork();
    if (pid < 0) return sys_error("fork");
    if (pid == 0) {
        if (::setgroups(1, &owner.gid) != 0 || ::setgid(owner.gid) != 0 || ::setuid(owner.uid) != 0) ::_exit(255);
        const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
        ::_exit(fd >= 0 ? 0 : errno);
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) return sys_error("waitpid");
    if (!WIFEXITED(status) || WEXITSTATUS(status) == 255)
        return err("cannot switch to uid " + std::to_string(owner.uid));
    if (WEXITSTATUS(status) != 0) return err(errno_text(WEXITSTATUS(status)));
    return Ok{};
}

int exit_code_of(int status) {
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return 1;
}

std::string signal_name(int sig) {
    const char* abbrev = ::sigabbrev_np(sig);
    if (abbrev) return std::string("SIG") + abbrev;
    return "signal " + std::to_string(sig);
}

std::string describe_status(int status) {
    if (WIFSIGNALED(status)) return "killed by " + signal_name(WTERMSIG(status));
    return "exit status " + std::to_string(exit_code_of(status));
}

SignalGate::SignalGate() {
    ::sigfillset(&set_);
    for (int sig : kFaultSignals) ::sigdelset(&set_, sig);
}

Status SignalGate::block() const {
    if (::sigprocmask(SIG_BLOCK, &set_, nullptr) != 0) return sys_error("sigprocmask");
    return Ok{};
}

std::optional<int> SignalGate::wait(Millis timeout) const {
    timespec ts{};
    ts.tv_sec = static_cast<time_t>(timeout.count() / 1000);
    ts.tv_nsec = static_cast<long>((timeout.count() % 1000) * 1000000);
    for (;;) {
        int sig = ::sigtimedwait(&set_, nullptr, &ts);
        if (sig > 0) return sig;
        if (errno == EINTR) continue;
        return std::nullopt;  // EAGAIN: timed out
    }
}

std::optional<int> SignalGate::take_stop_request() const {
    sigset_t stops;
    ::sigemptyset(&stops);
    for (int sig : {SIGTERM, SIGINT, SIGQUIT}) ::sigaddset(&stops, sig);
    timespec zero{};
    int sig = ::sigtimedwait(&stops, nullptr, &zero);
    if (sig > 0) return sig;
    return std::nullopt;
}

bool is_stop_signal(int sig) { return sig == SIGTERM || sig == SIGINT || sig == SIGQUIT; }

std::optional<int> sleep_watching(const SignalGate& gate, Millis duration) {
    const auto deadline = Clock::now() + duration;
    for (;;) {
        auto left = remaining(deadline);
        if (left.count() == 0) return std::nullopt;
        auto sig = gate.wait(left);
        if (!sig) return std::nullopt;
        if (is_stop_signal(*sig)) return sig;
        if (*sig == SIGCHLD) reap_all();
    }
}

std::vector<std::pair<pid_t, int>> reap_all() {
    std::vector<std::pair<pid_t, int>> out;
    for (;;) {
        int status = 0;
        pid_t pid = ::waitpid(-1, &status, WNOHANG);
        if (pid <= 0) break;
        out.emplace_back(pid, status);
    }
    return out;
}

}  // namespace wpinit
