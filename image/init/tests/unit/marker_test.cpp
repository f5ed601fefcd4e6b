#include <gtest/gtest.h>

#include "marker.hpp"

using namespace wpinit;

TEST(Marker, RoundTrips) {
    Marker m{"wordpress-6.1.1",
             "ip-10-0-1-5",
             "2024-05-01T12:00:00Z",
             {{"index.php", "sha256:aa"},
              {"plugins/akismet", "sha256:bb"},
              {"themes/\"odd\\name with space\n%41", "sha256:cc"}}};
    auto text = format_marker(m);
    auto back = parse_marker(text);
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(*back, m);
}

TEST(Marker, IsOneFieldPerLine) {
    Marker m{"v1", "host", "2024-05-01T12:00:00Z", {{"themes/a b", "sha256:aa"}, {"x\ny", "sha256:bb"}}};
    EXPECT_EQ(format_marker(m),
              "wp-init seed marker 1\n"
              "seed_version v1\n"
              "seeded_by host\n"
              "seeded_at 2024-05-01T12:00:00Z\n"
              "item sha256:aa themes/a b\n"
              "item sha256:bb x%0Ay\n");
}

TEST(Marker, EmptyItemsRoundTrip) {
    Marker m{"v1", "h", "t", {}};
    auto back = parse_marker(format_marker(m));
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(*back, m);
}

TEST(Marker, IgnoresUnknownKeys) {
    auto m = parse_marker("wp-init seed marker 1\nfuture 1 2 3\nseed_version v2\n");
    ASSERT_TRUE(m) << m.error().message;
    EXPECT_EQ(m->seed_version, "v2");
}

TEST(Marker, RejectsWhatItDidNotWrite) {
    for (const char* bad :
         {"", "seed_version v1\n", "wp-init seed marker 2\nseed_version v1\n", "wp-init seed marker 1\n",
          "wp-init seed marker 1\nseed_version v%4\n", "wp-init seed marker 1\nseed_version v1\nitem sha256:aa\n",
          "{\"seed_version\": \"v1\", \"items\": {}}"}) {
        EXPECT_FALSE(parse_marker(bad)) << bad;
    }
}

TEST(Marker, ErrorSaysWhichLine) {
    auto m = parse_marker("wp-init seed marker 1\nseed_version v1\nitem sha256:aa\n");
    ASSERT_FALSE(m);
    EXPECT_EQ(m.error().message, "invalid marker at line 3: an item needs a hash and a path");
}

// Byte for byte what the previous release (JSON marker) wrote, escapes included.
constexpr const char* kPreviousReleaseMarker = R"({
  "seed_version": "wordpress-6.8.12+wpecs.1",
  "seeded_by": "ip-10-0-1-5",
  "seeded_at": "2026-05-01T12:00:00Z",
  "items": {
    "index.php": "sha256:aa",
    "plugins/akismet": "sha256:bb",
    "themes/\"odd\\name\u000a": "sha256:cc"
  }
}
)";

TEST(LegacyMarker, ReadsWhatThePreviousReleaseWrote) {
    auto m = parse_legacy_marker(kPreviousReleaseMarker);
    ASSERT_TRUE(m) << m.error().message;
    EXPECT_EQ(
        *m,
        (Marker{
            "wordpress-6.8.12+wpecs.1",
            "ip-10-0-1-5",
            "2026-05-01T12:00:00Z",
            {{"index.php", "sha256:aa"}, {"plugins/akismet", "sha256:bb"}, {"themes/\"odd\\name\n", "sha256:cc"}}}));
}

TEST(LegacyMarker, ReadsEmptyItems) {
    auto m = parse_legacy_marker(
        "{\n  \"seed_version\": \"v1\",\n  \"seeded_by\": \"h\",\n  \"seeded_at\": \"t\",\n"
        "  \"items\": {}\n}\n");
    ASSERT_TRUE(m) << m.error().message;
    EXPECT_EQ(*m, (Marker{"v1", "h", "t", {}}));
}

TEST(LegacyMarker, RejectsOtherJson) {
    const std::string deep =
        "{\"seed_version\": \"x\", \"junk\": " + std::string(100000, '[') + std::string(100000, ']') + "}";
    for (const std::string& bad :
         {std::string(""), std::string("{\n}\n"), std::string("{\"seed_version\": \"v1\"}"),
          std::string("{\n  \"seed_version\": v1\n}\n"), std::string("{\n  \"seed_version\": \"a\\q\"\n}\n"), deep}) {
        EXPECT_FALSE(parse_legacy_marker(bad)) << bad.substr(0, 60);
    }
}

TEST(LegacyMarker, ReadsAnyJsonLayout) {
    auto m = parse_legacy_marker(
        R"({"items":{"plugins/a":"sha256:aa"},"seeded_at":"t","seeded_by":"h","seed_version":"v1"})");
    ASSERT_TRUE(m) << m.error().message;
    EXPECT_EQ(*m, (Marker{"v1", "h", "t", {{"plugins/a", "sha256:aa"}}}));
}

TEST(LegacyMarker, RejectsWhatThePreviousReleaseDidNotWrite) {
    const std::string deep_item =
        R"({"seed_version": "x", "items": {"a": )" + std::string(100000, '[') + std::string(100000, ']') + "}}";
    for (const std::string& bad :
         {std::string(R"(["v1"])"), std::string(R"({"seed_version": "v1", "items": {}, "extra": "x"})"),
          std::string(R"({"seed_version": 1, "items": {}})"), std::string(R"({"seed_version": "v1", "items": []})"),
          std::string(R"({"seed_version": "v1", "items": {"a": 1}})"),
          std::string(R"({"seed_version": "v1", "items": {"": "sha256:aa"}})"),
          std::string(R"({"seed_version": "", "items": {}})"), deep_item}) {
        EXPECT_FALSE(parse_legacy_marker(bad)) << bad.substr(0, 60);
    }
}
