#include <gtest/gtest.h>

#include "marker.hpp"

using namespace wpinit;

TEST(Marker, RoundTripsThroughJson) {
    Marker m{"wordpress-6.1.1", "ip-10-0-1-5", "2024-05-01T12:00:00Z",
             {{"index.php", "sha256:aa"}, {"plugins/akismet", "sha256:bb"}, {"themes/\"odd\\name\n", "sha256:cc"}}};
    auto json = to_json(m);
    auto back = parse_marker(json);
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(*back, m);
}

TEST(Marker, EmptyItemsRoundTrip) {
    Marker m{"v1", "h", "t", {}};
    auto back = parse_marker(to_json(m));
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(*back, m);
}

TEST(Marker, IgnoresUnknownFields) {
    auto m = parse_marker(R"({"future": [1, 2.5, true, null, {"x": "y"}], "seed_version": "v2", "items": {}})");
    ASSERT_TRUE(m) << m.error().message;
    EXPECT_EQ(m->seed_version, "v2");
}

TEST(Marker, RejectsBrokenJson) {
    for (const char* bad : {"", "{", "{\"seed_version\": \"v1\"", "{\"seed_version\": v1}", "[]",
                            "{\"seed_version\": \"v1\"} x", "{\"items\": {}}", "{\"seed_version\": \"a\\q\"}"}) {
        EXPECT_FALSE(parse_marker(bad)) << bad;
    }
}

TEST(Marker, ErrorSaysWhere) {
    auto m = parse_marker("{\"seed_version\" \"v1\"}");
    ASSERT_FALSE(m);
    EXPECT_EQ(m.error().message, "invalid marker JSON at byte 16: expected :");
}

TEST(MarkerTest, NestingIsBoundedInsteadOfExhaustingTheStack) {
    const std::string deep =
        "{\"seed_version\": \"x\", \"junk\": " + std::string(100000, '[') + std::string(100000, ']') + "}";
    auto m = parse_marker(deep);
    ASSERT_FALSE(m);
    EXPECT_NE(m.error().message.find("nested deeper than 32 levels"), std::string::npos) << m.error().message;
    std::string nested = "{\"seed_version\": \"x\", \"j\": ";
    for (int i = 0; i < 31; ++i) nested += "{\"k\": ";
    nested += "1" + std::string(31, '}') + "}";
    EXPECT_TRUE(parse_marker(nested)) << "32 levels are fine";
}
