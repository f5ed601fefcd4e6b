#include <gtest/gtest.h>

#include <random>
#include <set>

#include "backoff.hpp"

using namespace wpinit;

TEST(Backoff, DelaysDoubleAndStayWithinJitterBounds) {
    Backoff b;
    std::mt19937_64 rng(42);
    std::int64_t expected_base = 250;
    for (int i = 0; i < 40; ++i) {
        Backoff probe = b;  // the smallest jitter shows the base: half of it
        ASSERT_EQ(probe.next(0).count(), expected_base / 2);
        auto d = b.next(rng()).count();
        EXPECT_GE(d, expected_base / 2) << "attempt " << i;
        EXPECT_LE(d, expected_base) << "attempt " << i;
        expected_base = std::min<std::int64_t>(expected_base * 2, 5000);
    }
    EXPECT_EQ(b.next(0).count(), 2500);
}

TEST(Backoff, ExtremeRandomValuesHitTheBounds) {
    Backoff lo, hi;
    EXPECT_EQ(lo.next(0).count(), 125);
    EXPECT_EQ(hi.next(125).count(), 250);  // 125 + 125 % 126
    Backoff big(BackoffPolicy{Millis(1000), Millis(3000)});
    EXPECT_EQ(big.next(UINT64_MAX).count() <= 1000, true);
    big.next(0);
    EXPECT_EQ(big.next(0).count(), 1500);  // capped at 3000, lower half
    EXPECT_EQ(big.next(1500).count(), 3000);
}

TEST(Backoff, JitterSpreadsReplicas) {
    Backoff b;
    std::mt19937_64 rng(7);
    for (int i = 0; i < 5; ++i) b.next(rng());
    std::set<std::int64_t> seen;
    for (int i = 0; i < 50; ++i) {
        Backoff copy = b;
        seen.insert(copy.next(rng()).count());
    }
    EXPECT_GT(seen.size(), 10u);
}

TEST(LogLimiter, RepeatsAreSuppressedUntilTheIntervalPasses) {
    LogLimiter l(Millis(5000));
    auto t0 = Clock::now();
    EXPECT_TRUE(l.allow("refused", t0));
    EXPECT_FALSE(l.allow("refused", t0 + Millis(1000)));
    EXPECT_FALSE(l.allow("refused", t0 + Millis(4999)));
    EXPECT_TRUE(l.allow("refused", t0 + Millis(5000)));
    EXPECT_TRUE(l.allow("timed out", t0 + Millis(5001)));  // a new message always passes
    EXPECT_TRUE(l.allow("refused", t0 + Millis(5002)));
}
