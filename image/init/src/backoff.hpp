// Bounded exponential backoff with jitter, and a rate limit for repeated log lines.
#pragma once

#include <cstdint>
#include <string>

#include "util.hpp"

namespace wpinit {

struct BackoffPolicy {
    Millis initial{250};
    Millis max{5000};
};

// Delays double from `initial` up to `max`; each delay is jittered into [d/2, d]
// ("equal jitter") so replicas started together do not retry in lockstep.
class Backoff {
public:
    explicit Backoff(BackoffPolicy policy = {}) : policy_(policy), base_(policy.initial) {}

    // The next delay; `random` is any uniformly distributed 64-bit value.
    Millis next(std::uint64_t random);

private:
    BackoffPolicy policy_;
    Millis base_;
};

// Lets a repeated message through when it differs from the last one or when
// `interval` has passed since the last line written.
class LogLimiter {
public:
    explicit LogLimiter(Millis interval) : interval_(interval) {}
    bool allow(const std::string& message, Clock::time_point now);

private:
    Millis interval_;
    std::string last_message_;
    Clock::time_point last_time_{};
    bool logged_ = false;
};

}  // namespace wpinit
