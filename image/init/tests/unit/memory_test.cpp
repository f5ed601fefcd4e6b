#include <gtest/gtest.h>

#include "memory.hpp"
#include "test_util.hpp"

using namespace wpinit;

namespace {

MemoryInputs inputs(std::int64_t limit, std::int64_t php, std::int64_t opcache) {
    return MemoryInputs{{limit, "limit"}, {php, "php"}, {opcache, "opcache"}};
}

TEST(MemoryTest, WorkersAreWhatIsLeftOverThePhpLimitMinusTheHealthWorker) {
    // 4096 - 256 - 64 - 410 = 3366; / 256 = 13; - 1 = 12
    auto s = size_fpm(inputs(4096, 256, 256));
    ASSERT_TRUE(s) << s.error().message;
    EXPECT_EQ(s->max_children, 12);
    EXPECT_EQ(s->headroom_mb, 410);
    EXPECT_EQ(s->derivation,
              "php-fpm max children 12 = (4096 MiB limit - 256 MiB OPcache (opcache) - 64 MiB Apache - "
              "410 MiB headroom) / 256 MiB memory_limit (php) - 1 health worker");
}

TEST(MemoryTest, HeadroomIsATenthButAtLeast64Mib) {
    EXPECT_EQ(headroom_mb(512), 64);
    EXPECT_EQ(headroom_mb(640), 64);
    EXPECT_EQ(headroom_mb(641), 65);
    EXPECT_EQ(headroom_mb(2048), 205);
}

TEST(MemoryTest, TheMinimumRunsExactlyTwoWorkersAndOneMiBLessIsRefused) {
    for (auto [php, opcache] : {std::pair<std::int64_t, std::int64_t>{256, 256}, {128, 128}, {64, 0}, {512, 192}}) {
        const auto min = min_memory_mb(php, opcache);
        auto ok = size_fpm(inputs(min, php, opcache));
        ASSERT_TRUE(ok) << php << "/" << opcache << ": " << ok.error().message;
        EXPECT_EQ(ok->max_children, kMinFpmChildren) << php << "/" << opcache;
        auto refused = size_fpm(inputs(min - 1, php, opcache));
        ASSERT_FALSE(refused) << php << "/" << opcache;
        EXPECT_EQ(refused.error().message,
                  "limit: " + std::to_string(min - 1) + " MiB is too small for 2 PHP-FPM workers of " +
                      std::to_string(php) + " MiB (php) plus " + std::to_string(opcache) +
                      " MiB OPcache: needs at least " + std::to_string(min) + " MiB");
    }
    EXPECT_EQ(min_memory_mb(256, 256), 1209);  // the image's defaults
}

TEST(MemoryTest, MoreThanTheCapIsCapped) {
    auto s = size_fpm(inputs(1 << 20, 64, 256));
    ASSERT_TRUE(s);
    EXPECT_EQ(s->max_children, kMaxFpmChildren);
    EXPECT_NE(s->derivation.find(", capped at 64"), std::string::npos);
}

TEST(MemoryTest, LessThanTheOverheadIsRefusedNotNegative) {
    EXPECT_FALSE(size_fpm(inputs(64, 256, 256)));
    EXPECT_FALSE(size_fpm(inputs(0, 256, 256)));
}

TEST(MemoryTest, PhpSizes) {
    EXPECT_EQ(**php_size_mb("256M"), 256);
    EXPECT_EQ(**php_size_mb("1G"), 1024);
    EXPECT_EQ(**php_size_mb("\"512m\""), 512);
    EXPECT_EQ(**php_size_mb("131072K"), 128);
    EXPECT_EQ(**php_size_mb("134217728"), 128);
    EXPECT_EQ(**php_size_mb("1"), 1);  // rounded up
    EXPECT_FALSE(*php_size_mb("-1"));  // no limit
    EXPECT_FALSE(php_size_mb("lots"));
    EXPECT_FALSE(php_size_mb(""));
    EXPECT_FALSE(php_size_mb("M"));
}

TEST(MemoryTest, IniGivesTheImageSettingsLastOneWins) {
    auto ini = parse_php_ini("; comment\n[PHP]\nmemory_limit = 128M\nmemory_limit = 256M\n"
                             "opcache.memory_consumption = 192\nopcache.jit = tracing\nopcache.jit_buffer_size = 64M\n"
                             "upload_max_filesize = 64M\n");
    auto in = php_memory_inputs(ini, "x.ini", std::nullopt);
    ASSERT_TRUE(in) << in.error().message;
    EXPECT_EQ(in->php_memory_limit.mb, 256);
    EXPECT_EQ(in->php_memory_limit.source, "x.ini");
    EXPECT_EQ(in->opcache.mb, 256);
}

TEST(MemoryTest, JitOffMeansNoJitBufferAndMissingSettingsArePhpDefaults) {
    auto in = php_memory_inputs(parse_php_ini("opcache.jit = off\nopcache.jit_buffer_size = 64M\n"), "x.ini",
                                std::nullopt);
    ASSERT_TRUE(in);
    EXPECT_EQ(in->php_memory_limit.mb, 128);
    EXPECT_EQ(in->php_memory_limit.source, "PHP default");
    EXPECT_EQ(in->opcache.mb, 128);
}

TEST(MemoryTest, OverrideWinsAndUnlimitedNeedsIt) {
    auto ini = parse_php_ini("memory_limit = -1\n");
    auto refused = php_memory_inputs(ini, "x.ini", std::nullopt);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().message,
              "x.ini: memory_limit is -1 (no limit), so no worker count can be derived; set WPECS_PHP_MEMORY_LIMIT_MB");
    auto in = php_memory_inputs(ini, "x.ini", 96);
    ASSERT_TRUE(in);
    EXPECT_EQ(in->php_memory_limit.mb, 96);
    EXPECT_EQ(in->php_memory_limit.source, "WPECS_PHP_MEMORY_LIMIT_MB");
}

TEST(MemoryTest, CgroupV2ThenV1AndNoLimit) {
    test::TempDir v2, v1, none;
    test::write(v2 / "memory.max", "1073741824\n");
    auto a = cgroup_memory_limit(v2.path());
    ASSERT_TRUE(a && *a);
    EXPECT_EQ((*a)->mb, 1024);
    EXPECT_EQ((*a)->source, "cgroup memory.max");
    test::write(v2 / "memory.max", "max\n");
    EXPECT_FALSE(*cgroup_memory_limit(v2.path()));

    test::write(v1 / "memory/memory.limit_in_bytes", "536870912\n");
    auto b = cgroup_memory_limit(v1.path());
    ASSERT_TRUE(b && *b);
    EXPECT_EQ((*b)->mb, 512);
    test::write(v1 / "memory/memory.limit_in_bytes", "9223372036854771712\n");  // v1's "no limit"
    EXPECT_FALSE(*cgroup_memory_limit(v1.path()));

    EXPECT_FALSE(*cgroup_memory_limit(none.path()));
    test::write(none / "memory.max", "garbage\n");
    EXPECT_FALSE(cgroup_memory_limit(none.path()));
}

TEST(MemoryTest, MemTotalFromMeminfo) {
    auto m = meminfo_total("MemFree:  100 kB\nMemTotal:       2048000 kB\n");
    ASSERT_TRUE(m);
    EXPECT_EQ(m->mb, 2000);
    EXPECT_FALSE(meminfo_total("MemFree: 1 kB\n"));
}

}  // namespace
