#include <gtest/gtest.h>

#include "memory.hpp"
#include "test_util.hpp"

using namespace wpinit;

namespace {

MemoryBudget budget(std::int64_t php) {
    MemoryBudget b;
    b.php_memory_limit = {php, "budget"};
    b.opcache_mb = 256;
    b.health_pool_mb = 256;
    b.apache_mb = 64;
    b.headroom_mb = 64;
    b.max_children_cap = 70;
    return b;
}

TEST(MemoryTest, WorkersAreWhatIsLeftOverTheFixedPartsDividedByThePhpLimit) {
    // 4096 - 640 = 3456; / 256 = 13.5
    auto s = size_fpm(Sourced{4096, "limit"}, budget(256));
    ASSERT_TRUE(s) << s.error().message;
    EXPECT_EQ(s->max_children, 13);
    EXPECT_EQ(s->derivation,
              "php-fpm max children 13 = (4096 MiB limit - 256 MiB OPcache - 256 MiB health pool - 64 MiB Apache - "
              "64 MiB headroom) / 256 MiB memory_limit (budget)");
}

TEST(MemoryTest, TheMinimumRunsExactlyTwoWorkersAndOneMiBLessIsRefused) {
    for (std::int64_t php : {16, 64, 128, 256, 512}) {
        const auto b = budget(php);
        const auto min = min_memory_mb(b);
        EXPECT_EQ(min, 640 + 2 * php);
        auto ok = size_fpm(Sourced{min, "limit"}, b);
        ASSERT_TRUE(ok) << php << ": " << ok.error().message;
        EXPECT_EQ(ok->max_children, kMinFpmChildren) << php;
        auto refused = size_fpm(Sourced{min - 1, "limit"}, b);
        ASSERT_FALSE(refused) << php;
        EXPECT_EQ(refused.error().message, "limit: " + std::to_string(min - 1) +
                                               " MiB is too small for 2 PHP-FPM workers of " + std::to_string(php) +
                                               " MiB (budget) plus 640 MiB for OPcache, the health pool, Apache and "
                                               "headroom: needs at least " +
                                               std::to_string(min) + " MiB");
    }
}

TEST(MemoryTest, MoreThanTheCapIsCapped) {
    auto s = size_fpm(Sourced{1 << 20, "limit"}, budget(64));
    ASSERT_TRUE(s);
    EXPECT_EQ(s->max_children, 70);
    EXPECT_NE(s->derivation.find(", capped at 70"), std::string::npos);
}

TEST(MemoryTest, LessThanTheFixedPartsIsRefusedNotNegative) {
    EXPECT_FALSE(size_fpm(Sourced{64, "limit"}, budget(256)));
    EXPECT_FALSE(size_fpm(Sourced{0, "limit"}, budget(256)));
}

TEST(MemoryTest, BudgetFileLikeTheImages) {
    auto b = parse_memory_budget(
        "# comment\nPHP_MEMORY_LIMIT_MB=256\nOPCACHE_MB=256\nHEALTH_POOL_MB=256\n"
        "APACHE_MB=64\nHEADROOM_MB = 64\nFPM_MAX_CHILDREN_CAP=70\nMIN_MB=896\n",
        "/etc/m.env");
    ASSERT_TRUE(b) << b.error().message;
    EXPECT_EQ(b->php_memory_limit.mb, 256);
    EXPECT_EQ(b->php_memory_limit.source, "/etc/m.env");
    EXPECT_EQ(fixed_mb(*b), 640);
    EXPECT_EQ(b->max_children_cap, 70);
}

TEST(MemoryTest, BudgetFileErrorsNameTheKey) {
    auto missing = parse_memory_budget("PHP_MEMORY_LIMIT_MB=256\n", "m.env");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().message, "m.env: OPCACHE_MB is missing");
    auto zero = parse_memory_budget("PHP_MEMORY_LIMIT_MB=0\n", "m.env");
    ASSERT_FALSE(zero);
    EXPECT_EQ(zero.error().message, "m.env: PHP_MEMORY_LIMIT_MB=\"0\" is not a whole number from 1");
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
