#include <gtest/gtest.h>

#include <thread>

#include "http.hpp"
#include "tcp_server.hpp"

using namespace wpinit;
using wpinit::test::TcpServer;

TEST(HttpUrl, Parses) {
    EXPECT_EQ(*parse_http_url("http://127.0.0.1:80/healthz"), (Url{"127.0.0.1", 80, "/healthz"}));
    EXPECT_EQ(*parse_http_url("http://localhost"), (Url{"localhost", 80, "/"}));
    EXPECT_EQ(*parse_http_url("http://[::1]:8080/a?b=c"), (Url{"::1", 8080, "/a?b=c"}));
}

TEST(HttpUrl, RejectsWithOneLine) {
    EXPECT_EQ(parse_http_url("https://x/").error().message, "\"https://x/\" is not an http:// URL");
    EXPECT_EQ(parse_http_url("http://x:y/").error().message, "\"http://x:y/\": port \"y\" is not a number");
    EXPECT_EQ(parse_http_url("http:///p").error().message, "\"http:///p\": is empty");
    EXPECT_EQ(parse_http_url("http://x/a b").error().message, "\"http://x/a b\" contains a space or control character");
}

TEST(HttpStatusLine, Parses) {
    EXPECT_EQ(*parse_status_line("HTTP/1.1 200 OK\r\n"), 200);
    EXPECT_EQ(*parse_status_line("HTTP/1.0 503 Service Unavailable\r\nX: y\r\n"), 503);
    EXPECT_EQ(*parse_status_line("HTTP/1.1 204"), 204);
    EXPECT_FALSE(parse_status_line("SSH-2.0-OpenSSH\r\n"));
    EXPECT_FALSE(parse_status_line("HTTP/1.1 2000 OK\r\n"));
    EXPECT_FALSE(parse_status_line("HTTP/1.1 abc OK\r\n"));
}

namespace {

Result<int> get(int port, const std::string& path = "/healthz", Millis budget = Millis(3000)) {
    return http_get_status(Url{"127.0.0.1", port, path}, Clock::now() + budget);
}

std::string read_request(int fd) {
    std::string req;
    char buf[1024];
    while (req.find("\r\n\r\n") == std::string::npos) {
        ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0) break;
        req.append(buf, static_cast<std::size_t>(n));
    }
    return req;
}

}  // namespace

TEST(HttpGet, SendsAnHttp10GetAndReadsTheStatus) {
    std::string seen;
    TcpServer server([&](int fd) {
        seen = read_request(fd);
        TcpServer::send_all(fd, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
    });
    auto r = get(server.port());
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(*r, 200);
    EXPECT_EQ(seen.rfind("GET /healthz HTTP/1.0\r\nHost: 127.0.0.1:" + std::to_string(server.port()) + "\r\n", 0), 0u)
        << seen;
}

TEST(HttpGet, ReportsOtherStatuses) {
    TcpServer server([](int fd) {
        read_request(fd);
        TcpServer::send_all(fd, "HTTP/1.1 503 Service Unavailable\r\n\r\n");
    });
    EXPECT_EQ(*get(server.port()), 503);
}

TEST(HttpGet, ClosedWithoutAnswer) {
    TcpServer server([](int fd) { read_request(fd); });
    auto r = get(server.port());
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().message, "connection closed without a response");
}

TEST(HttpGet, SilentServerHitsTheTotalDeadline) {
    TcpServer server([](int fd) {
        read_request(fd);
        std::this_thread::sleep_for(std::chrono::milliseconds(600));
    });
    auto t0 = Clock::now();
    auto r = get(server.port(), "/", Millis(200));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().message, "reading response: timed out");
    EXPECT_LT(Clock::now() - t0, Millis(550));
}

TEST(HttpGet, NothingListening) {
    const int port = test::unused_port();
    auto r = get(port);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().message, "connect 127.0.0.1:" + std::to_string(port) + ": Connection refused");
}
