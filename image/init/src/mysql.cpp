#include "mysql.hpp"

#include <algorithm>

#include "net.hpp"

namespace wpinit {
namespace {

std::size_t payload_length(std::string_view b) {
    return static_cast<unsigned char>(b[0]) | (static_cast<unsigned char>(b[1]) << 8) |
           (static_cast<std::size_t>(static_cast<unsigned char>(b[2])) << 16);
}

std::string printable(std::string_view s) {
    std::string out;
    for (char c : s) out.push_back(static_cast<unsigned char>(c) >= 0x20 && c != 0x7f ? c : '?');
    return out;
}

// A server greeting is the first packet (sequence 0) and small; anything else means
// another protocol answered (HTTP, SSH, ...).
bool plausible_header(std::string_view b) {
    const auto len = payload_length(b);
    return b[3] == 0 && len > 0 && len <= 16384;
}

std::string hex_bytes(std::string_view b) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    for (unsigned char c : b) {
        if (!out.empty()) out.push_back(' ');
        out.push_back(digits[c >> 4]);
        out.push_back(digits[c & 15]);
    }
    return out;
}

}  // namespace

bool packet_complete(std::string_view bytes) {
    return bytes.size() >= 4 && (!plausible_header(bytes) || bytes.size() >= 4 + payload_length(bytes));
}

Result<Greeting> parse_greeting(std::string_view bytes) {
    if (bytes.empty()) return err("connection closed before the server greeting");
    if (!packet_complete(bytes)) return err("truncated server greeting");
    if (payload_length(bytes) == 0 && bytes[3] == 0) return err("empty server greeting");
    if (!plausible_header(bytes))
        return err("not a MySQL server (unexpected packet header " + hex_bytes(bytes.substr(0, 4)) + ")");
    const auto payload = bytes.substr(4, payload_length(bytes));
    const auto kind = static_cast<unsigned char>(payload[0]);
    if (kind == 0x0a) {
        auto end = payload.find('\0', 1);
        if (end == std::string_view::npos) return err("malformed protocol v10 greeting");
        return Greeting{false, "server " + printable(payload.substr(1, end - 1))};
    }
    if (kind == 0xff) {
        if (payload.size() < 3) return err("malformed error packet");
        const unsigned code = static_cast<unsigned char>(payload[1]) | (static_cast<unsigned char>(payload[2]) << 8);
        auto message = payload.substr(3);
        if (!message.empty() && message.front() == '#' && message.size() >= 6) message.remove_prefix(6);
        return Greeting{true, "error " + std::to_string(code) + ": " + printable(message)};
    }
    return err("not a MySQL server (first packet starts with 0x" + std::string(1, "0123456789abcdef"[kind >> 4]) +
               "0123456789abcdef"[kind & 15] + ")");
}

Result<Greeting> probe_database(const HostPort& db, Clock::time_point deadline) {
    auto fd = tcp_connect(db.host, db.port, deadline);
    if (!fd) return fd.error();
    auto data = read_until(fd->get(), deadline, [](const std::string& d) { return packet_complete(d); });
    if (!data) return err("waiting for the server greeting: " + data.error().message);
    return parse_greeting(*data);
}

WaitOutcome wait_for_database(const HostPort& db, Millis timeout, BackoffPolicy policy, const WaitHooks& hooks) {
    const auto deadline = Clock::now() + timeout;
    const std::string where = to_string(db);
    Backoff backoff(policy);
    LogLimiter limiter(Millis(5000));
    WaitOutcome out;
    for (;;) {
        ++out.attempts;
        // Each attempt gets at least 250 ms (so the last one can still report a real
        // error instead of "timed out") and at most 5 s.
        const auto now = Clock::now();
        const auto attempt_deadline = std::min(std::max(deadline, now + Millis(250)), now + Millis(5000));
        auto r = probe_database(db, attempt_deadline);
        if (r) {
            out.kind = WaitOutcome::Ready;
            out.greeting = *r;
            return out;
        }
        out.last_error = r.error().message;
        const auto left = remaining(deadline);
        if (left.count() == 0) return out;
        const auto delay = std::min(left, backoff.next(hooks.random()));
        if (limiter.allow(out.last_error, Clock::now()))
            log_line("database " + where + " not answering (attempt " + std::to_string(out.attempts) +
                     "): " + out.last_error + "; retrying in " + std::to_string(delay.count()) + " ms");
        if (!hooks.sleep(delay)) {
            out.kind = WaitOutcome::Interrupted;
            return out;
        }
        if (remaining(deadline).count() == 0) return out;
    }
}

}  // namespace wpinit
