#include "backoff.hpp"

#include <algorithm>

namespace wpinit {

Millis Backoff::next(std::uint64_t random) {
    const auto d = base_.count();
    const auto half = d / 2;
    const auto delay = Millis(half + static_cast<Millis::rep>(random % static_cast<std::uint64_t>(d - half + 1)));
    base_ = std::min(policy_.max, base_ * 2);
    return delay;
}

bool LogLimiter::allow(const std::string& message, Clock::time_point now) {
    if (logged_ && message == last_message_ && now - last_time_ < interval_) return false;
    logged_ = true;
    last_message_ = message;
    last_time_ = now;
    return true;
}

}  // namespace wpinit
