#include "net.hpp"

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>

#include <cerrno>

namespace wpinit {
namespace {

std::string quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

bool is_host_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
           c == '_';
}

bool is_v6_char(char c) {
    return (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || (c >= '0' && c <= '9') || c == ':' || c == '.' ||
           c == '%' || is_host_char(c);
}

Result<int> parse_port(std::string_view text) {
    if (text.empty()) return err("port is empty");
    auto v = parse_decimal(text);
    if (!v) return err("port " + quoted(text) + " is not a number");
    if (*v < 1 || *v > 65535) return err("port " + std::string(text) + " is out of range 1..65535");
    return static_cast<int>(*v);
}

}  // namespace

Result<HostPort> parse_host_port(std::string_view text, int default_port) {
    HostPort hp;
    hp.port = default_port;
    if (text.empty()) return err("is empty");
    if (text.front() == '[') {
        auto close = text.find(']');
        if (close == std::string_view::npos) return err(quoted(text) + " has no closing ]");
        hp.host = std::string(text.substr(1, close - 1));
        if (hp.host.empty()) return err(quoted(text) + " has an empty host");
        for (char c : hp.host)
            if (!is_v6_char(c)) return err("host " + quoted(hp.host) + " is not a valid IPv6 address");
        auto rest = text.substr(close + 1);
        if (!rest.empty()) {
            if (rest.front() != ':') return err("unexpected " + quoted(rest) + " after ]");
            auto port = parse_port(rest.substr(1));
            if (!port) return port.error();
            hp.port = *port;
        }
        return hp;
    }
    auto colon = text.find(':');
    if (colon != std::string_view::npos && text.find(':', colon + 1) != std::string_view::npos)
        return err("IPv6 address " + quoted(text) + " needs brackets, e.g. [::1]:3306");
    hp.host = std::string(text.substr(0, colon));
    if (hp.host.empty()) return err(quoted(text) + " has an empty host");
    for (char c : hp.host)
        if (!is_host_char(c))
            return err("host " + quoted(hp.host) + " contains " +
                       (static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? std::string("a control character")
                                                                          : quoted(std::string(1, c))));
    if (colon != std::string_view::npos) {
        auto port = parse_port(text.substr(colon + 1));
        if (!port) return port.error();
        hp.port = *port;
    }
    return hp;
}

std::string to_string(const HostPort& hp) {
    if (hp.host.find(':') != std::string::npos) return "[" + hp.host + "]:" + std::to_string(hp.port);
    return hp.host + ":" + std::to_string(hp.port);
}

Status wait_fd(int fd, short events, Clock::time_point deadline) {
    for (;;) {
        auto left = remaining(deadline);
        if (left.count() == 0) return err("timed out");
        pollfd p{fd, events, 0};
        int n = ::poll(&p, 1, static_cast<int>(left.count()));
        if (n < 0) {
            if (errno == EINTR) continue;
            return sys_error("poll");
        }
        if (n > 0) return Ok{};
    }
}

Result<UniqueFd> tcp_connect(const std::string& host, int port, Clock::time_point deadline) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* list = nullptr;
    const std::string service = std::to_string(port);
    int rc = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &list);
    if (rc != 0) {
        std::string why = rc == EAI_SYSTEM ? errno_text(errno) : ::gai_strerror(rc);
        return err("cannot resolve " + host + ": " + why);
    }
    struct Free {
        addrinfo* p;
        ~Free() { ::freeaddrinfo(p); }
    } free_list{list};

    std::string last = "no address for " + host;
    for (addrinfo* ai = list; ai; ai = ai->ai_next) {
        char addr[256] = "?";
        ::getnameinfo(ai->ai_addr, ai->ai_addrlen, addr, sizeof addr, nullptr, 0, NI_NUMERICHOST);
        const std::string where = std::string(ai->ai_family == AF_INET6 ? "[" : "") + addr +
                                  (ai->ai_family == AF_INET6 ? "]" : "") + ":" + service;
        UniqueFd fd(::socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, ai->ai_protocol));
        if (!fd.valid()) {
            last = sys_error("socket").message;
            continue;
        }
        if (::connect(fd.get(), ai->ai_addr, ai->ai_addrlen) != 0) {
            if (errno != EINPROGRESS) {
                last = sys_error("connect " + where).message;
                continue;
            }
            if (auto st = wait_fd(fd.get(), POLLOUT, deadline); !st) {
                last = "connect " + where + ": " + st.error().message;
                continue;
            }
            int soerr = 0;
            socklen_t len = sizeof soerr;
            ::getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &soerr, &len);
            if (soerr != 0) {
                last = sys_error("connect " + where, soerr).message;
                continue;
            }
        }
        return fd;
    }
    return err(last);
}

Result<std::string> read_until(int fd, Clock::time_point deadline,
                               const std::function<bool(const std::string&)>& enough) {
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

Status write_all(int fd, const std::string& data, Clock::time_point deadline) {
    std::size_t done = 0;
    while (done < data.size()) {
        if (auto st = wait_fd(fd, POLLOUT, deadline); !st) return st.error();
        ssize_t n = ::send(fd, data.data() + done, data.size() - done, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR || errno == EAGAIN) continue;
            return sys_error("write");
        }
        done += static_cast<std::size_t>(n);
    }
    return Ok{};
}

}  // namespace wpinit
