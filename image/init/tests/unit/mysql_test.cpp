#include <gtest/gtest.h>

#include <thread>

#include "mysql.hpp"
#include "tcp_server.hpp"

using namespace wpinit;
using wpinit::test::TcpServer;

namespace {

std::string packet(const std::string& payload, char seq = 0) {
    std::string p;
    p.push_back(static_cast<char>(payload.size() & 0xff));
    p.push_back(static_cast<char>((payload.size() >> 8) & 0xff));
    p.push_back(static_cast<char>((payload.size() >> 16) & 0xff));
    p.push_back(seq);
    return p + payload;
}

std::string v10_greeting(const std::string& version) {
    return packet(std::string("\x0a", 1) + version + std::string("\0\x2a\0\0\0abcdefgh\0", 14));
}

std::string error_packet(unsigned code, const std::string& state, const std::string& message) {
    std::string p = "\xff";
    p.push_back(static_cast<char>(code & 0xff));
    p.push_back(static_cast<char>(code >> 8));
    if (!state.empty()) p += "#" + state;
    return packet(p + message);
}

TEST(MysqlGreeting, ProtocolV10) {
    auto g = parse_greeting(v10_greeting("10.11.6-MariaDB-0+deb12u1"));
    ASSERT_TRUE(g) << g.error().message;
    EXPECT_FALSE(g->is_error);
    EXPECT_EQ(g->detail, "server 10.11.6-MariaDB-0+deb12u1");
}

TEST(MysqlGreeting, ErrorPacketCountsAsAnswer) {
    auto g = parse_greeting(error_packet(1040, "08004", "Too many connections"));
    ASSERT_TRUE(g) << g.error().message;
    EXPECT_TRUE(g->is_error);
    EXPECT_EQ(g->detail, "error 1040: Too many connections");
    // Pre-4.1 servers and "host blocked" errors come without a SQL state.
    auto h = parse_greeting(error_packet(1129, "", "Host '10.0.0.9' is blocked"));
    ASSERT_TRUE(h);
    EXPECT_EQ(h->detail, "error 1129: Host '10.0.0.9' is blocked");
}

TEST(MysqlGreeting, RejectsWhatIsNotAGreeting) {
    EXPECT_EQ(parse_greeting("").error().message, "connection closed before the server greeting");
    EXPECT_EQ(parse_greeting(v10_greeting("8.0").substr(0, 6)).error().message, "truncated server greeting");
    EXPECT_EQ(parse_greeting(packet("")).error().message, "empty server greeting");
    EXPECT_EQ(parse_greeting(packet("\x0a"
                                    "8.0"))
                  .error()
                  .message,
              "malformed protocol v10 greeting");
    EXPECT_EQ(parse_greeting("HTTP/1.1 400 Bad Request\r\n\r\n").error().message,
              "not a MySQL server (unexpected packet header 48 54 54 50)");
    EXPECT_TRUE(packet_complete("HTTP"));  // no point waiting for megabytes of "payload"
    EXPECT_EQ(parse_greeting(packet("\x0a"
                                    "8.0",
                                    1))
                  .error()
                  .message,
              "not a MySQL server (unexpected packet header 04 00 00 01)");
    EXPECT_EQ(parse_greeting(packet("\x09"
                                    "x"))
                  .error()
                  .message,
              "not a MySQL server (first packet starts with 0x09)");
}

TEST(MysqlGreeting, PacketCompleteWaitsForTheWholePayload) {
    auto g = v10_greeting("8.0.36");
    for (std::size_t i = 0; i < g.size(); ++i) EXPECT_FALSE(packet_complete(g.substr(0, i))) << i;
    EXPECT_TRUE(packet_complete(g));
}

TEST(MysqlProbe, ReadsAGreetingSentInPieces) {
    TcpServer server([](int fd) {
        auto g = v10_greeting("8.0.36");
        TcpServer::send_all(fd, g.substr(0, 3));
        std::this_thread::sleep_for(std::chrono::milliseconds(30));
        TcpServer::send_all(fd, g.substr(3));
    });
    auto r = probe_database(HostPort{"127.0.0.1", server.port()}, Clock::now() + Millis(2000));
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->detail, "server 8.0.36");
}

TEST(MysqlProbe, SilentServerTimesOut) {
    TcpServer server([](int) { std::this_thread::sleep_for(std::chrono::milliseconds(400)); });
    auto t0 = Clock::now();
    auto r = probe_database(HostPort{"127.0.0.1", server.port()}, Clock::now() + Millis(150));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().message, "waiting for the server greeting: timed out");
    EXPECT_LT(Clock::now() - t0, Millis(1000));
}

TEST(MysqlProbe, RefusedConnectionIsReported) {
    const int port = test::unused_port();
    auto r = probe_database(HostPort{"127.0.0.1", port}, Clock::now() + Millis(1000));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().message, "connect 127.0.0.1:" + std::to_string(port) + ": Connection refused");
}

TEST(MysqlProbe, UnresolvableHostIsReported) {
    auto r = probe_database(HostPort{"no-such-host.invalid", 3306}, Clock::now() + Millis(2000));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().message.rfind("cannot resolve no-such-host.invalid: ", 0), 0u) << r.error().message;
}

TEST(WaitForDatabase, RetriesWithBackoffUntilTheDeadline) {
    std::vector<Millis> sleeps;
    WaitHooks hooks{[&](Millis d) {
                        sleeps.push_back(d);
                        std::this_thread::sleep_for(d);
                        return true;
                    },
                    [] { return std::uint64_t{0}; }};
    auto t0 = Clock::now();
    auto out = wait_for_database(HostPort{"127.0.0.1", test::unused_port()}, Millis(700),
                                 BackoffPolicy{Millis(100), Millis(200)}, hooks);
    auto took = Clock::now() - t0;
    EXPECT_EQ(out.kind, WaitOutcome::TimedOut);
    EXPECT_NE(out.last_error.find("Connection refused"), std::string::npos);
    EXPECT_GE(out.attempts, 4);
    EXPECT_GE(took, Millis(690));  // deadlines are kept in whole milliseconds
    EXPECT_LT(took, Millis(1500));
    ASSERT_GE(sleeps.size(), 3u);
    EXPECT_EQ(sleeps[0], Millis(50));   // random 0 -> lower half of 100
    EXPECT_EQ(sleeps[1], Millis(100));  // of 200
    EXPECT_EQ(sleeps[2], Millis(100));  // capped at 200
}

TEST(WaitForDatabase, StopRequestInterruptsTheWait) {
    WaitHooks hooks{[](Millis) { return false; }, [] { return std::uint64_t{0}; }};
    auto out = wait_for_database(HostPort{"127.0.0.1", test::unused_port()}, Millis(60000), BackoffPolicy{}, hooks);
    EXPECT_EQ(out.kind, WaitOutcome::Interrupted);
    EXPECT_EQ(out.attempts, 1);
}

TEST(WaitForDatabase, ReadyWhenTheServerComesUpLater) {
    const int port = test::unused_port();
    std::unique_ptr<TcpServer> server;
    int sleeps = 0;
    WaitHooks hooks{
        [&](Millis) {
            if (++sleeps == 2)  // the database comes up after two failed attempts
                server = std::make_unique<TcpServer>(
                    [](int fd) { TcpServer::send_all(fd, error_packet(1040, "08004", "Too many connections")); }, port);
            return true;
        },
        [] { return std::uint64_t{0}; }};
    auto out = wait_for_database(HostPort{"127.0.0.1", port}, Millis(10000), BackoffPolicy{}, hooks);
    EXPECT_EQ(out.kind, WaitOutcome::Ready);
    EXPECT_EQ(out.attempts, 3);
    EXPECT_TRUE(out.greeting.is_error);
    EXPECT_EQ(out.greeting.detail, "error 1040: Too many connections");
}

}  // namespace
