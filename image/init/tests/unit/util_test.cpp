#include <gtest/gtest.h>

#include "util.hpp"

using namespace wpinit;

TEST(ParseDecimal, DigitsOnlyWithinInt64) {
    EXPECT_EQ(parse_decimal("0"), 0);
    EXPECT_EQ(parse_decimal("3306"), 3306);
    EXPECT_EQ(parse_decimal("007"), 7);
    EXPECT_EQ(parse_decimal("9223372036854775807"), INT64_MAX);
    for (const char* bad :
         {"", "-1", "+1", " 1", "1 ", "1a", "0x10", "1.5", "9223372036854775808", "99999999999999999999999"}) {
        EXPECT_EQ(parse_decimal(bad), std::nullopt) << bad;
    }
}
