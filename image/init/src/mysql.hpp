// Waiting for MySQL/MariaDB: a server "answers" when it sends its greeting packet
// (protocol v10 handshake) or an error packet (e.g. "Too many connections").
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "backoff.hpp"
#include "net.hpp"
#include "result.hpp"

namespace wpinit {

struct Greeting {
    bool is_error = false;
    std::string detail;  // "server 10.11.6-MariaDB" or "error 1040: Too many connections"
};

// True once `bytes` hold a whole packet (4-byte header plus its payload).
bool packet_complete(std::string_view bytes);

// Decodes the first packet a server sends.
Result<Greeting> parse_greeting(std::string_view bytes);

// One attempt: connect, read the first packet, close.
Result<Greeting> probe_database(const HostPort& db, Clock::time_point deadline);

struct WaitOutcome {
    enum Kind { Ready, TimedOut, Interrupted } kind = TimedOut;
    Greeting greeting;       // when Ready
    std::string last_error;  // when TimedOut
    int attempts = 0;
};

struct WaitHooks {
    // Sleeps up to the given time; returns false when a stop was requested.
    std::function<bool(Millis)> sleep;
    // A uniformly distributed random value for the jitter.
    std::function<std::uint64_t()> random;
};

// Probes until the server answers or `timeout` has passed, backing off between attempts
// and logging failures (at most one identical line every 5 s).
WaitOutcome wait_for_database(const HostPort& db, Millis timeout, BackoffPolicy policy, const WaitHooks& hooks);

}  // namespace wpinit
