// TCP helpers with deadlines, shared by the database probe and the health check.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "result.hpp"
#include "unique_fd.hpp"
#include "util.hpp"

namespace wpinit {

struct HostPort {
    std::string host;  // without brackets for IPv6
    int port = 0;
    bool operator==(const HostPort&) const = default;
};

// "host", "host:port", "[v6]" or "[v6]:port". Errors read "port "x" is not a number".
Result<HostPort> parse_host_port(std::string_view text, int default_port);

// host:port for messages, [v6]:port for IPv6.
std::string to_string(const HostPort& hp);

// Resolves host (getaddrinfo) and connects to the first address that accepts before
// the deadline. Errors read like "cannot resolve db: Name or service not known" or
// "connect 127.0.0.1:3306: Connection refused".
Result<UniqueFd> tcp_connect(const std::string& host, int port, Clock::time_point deadline);

// Reads until `enough(data)` says so, EOF, or the deadline. Returns what was read.
Result<std::string> read_until(int fd, Clock::time_point deadline,
                               const std::function<bool(const std::string&)>& enough);

// Writes everything before the deadline.
Status write_all(int fd, const std::string& data, Clock::time_point deadline);

// Waits for `events` on fd until the deadline; error "timed out" when it passes.
Status wait_fd(int fd, short events, Clock::time_point deadline);

}  // namespace wpinit
