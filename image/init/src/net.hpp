// TCP helpers with deadlines, shared by the database probe and the health check.
#pragma once

#include <string>

#include "result.hpp"
#include "unique_fd.hpp"
#include "util.hpp"

namespace wpinit {

// Resolves host (getaddrinfo) and connects to the first address that accepts before
// the deadline. Errors read like "cannot resolve db: Name or service not known" or
// "connect 127.0.0.1:3306: Connection refused".
Result<UniqueFd> tcp_connect(const std::string& host, int port, Clock::time_point deadline);

// Reads until `enough(data)` says so, EOF, or the deadline. Returns what was read.
template <class Enough>
Result<std::string> read_until(int fd, Clock::time_point deadline, Enough enough);

// Writes everything before the deadline.
Status write_all(int fd, const std::string& data, Clock::time_point deadline);

// Waits for `events` on fd until the deadline; error "timed out" when it passes.
Status wait_fd(int fd, short events, Clock::time_point deadline);

}  // namespace wpinit

#include <poll.h>
#include <sys/socket.h>

#include <cerrno>

namespace wpinit {

template <class Enough>
Result<std::string> read_until(int fd, Clock::time_point deadline, Enough enough) {
    std::string data;
    char buf[4096];
    while (!enough(data)) {
        if (auto st = wait_fd(fd, POLLIN, deadline); !st) return st.error();
        ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n < 0) {
            if (errno == EINTR || errno == EAGAIN) continue;
            return sys_error("read");
        }
        if (n == 0) break;
        data.append(buf, static_cast<std::size_t>(n));
    }
    return data;
}

}  // namespace wpinit
