#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstring>
#include <memory>
#include <set>

#include "salts.hpp"
#include "seed.hpp"
#include "test_util.hpp"

using namespace wpinit;

namespace {

// A deterministic "random" source cycling through the given bytes.
std::function<Status(void*, std::size_t)> bytes_from(std::vector<unsigned char> pattern) {
    auto pos = std::make_shared<std::size_t>(0);
    return [pattern, pos](void* buf, std::size_t n) -> Status {
        auto* p = static_cast<unsigned char*>(buf);
        for (std::size_t i = 0; i < n; ++i) p[i] = pattern[(*pos)++ % pattern.size()];
        return Ok{};
    };
}

}  // namespace

TEST(Salts, AlphabetIsPrintableWithoutQuoteBackslashOrSpace) {
    EXPECT_EQ(kSaltAlphabet.size(), 92u);  // 0x21..0x7e minus ' and backslash
    for (char c = 0x21; c < 0x7f; ++c)
        EXPECT_EQ(kSaltAlphabet.find(c) != std::string_view::npos, c != '\'' && c != '\\') << c;
    for (char c : kSaltAlphabet) {
        EXPECT_GT(c, ' ');
        EXPECT_LT(c, 0x7f);
        EXPECT_NE(c, '\'');
        EXPECT_NE(c, '\\');
    }
}

TEST(Salts, GeneratedFromKernelRandomness) {
    auto salts = generate_salts(random_bytes);
    ASSERT_TRUE(salts);
    std::set<std::string> distinct(salts->begin(), salts->end());
    EXPECT_EQ(distinct.size(), 8u);
    for (const auto& s : *salts) {
        EXPECT_EQ(s.size(), 64u);
        EXPECT_EQ(s.find_first_not_of(kSaltAlphabet), std::string::npos) << s;
    }
}

TEST(Salts, RejectionSamplingSkipsBiasedBytes) {
    // 92 letters: bytes >= 184 would favour the first 72 letters, so they are skipped.
    auto s = generate_salt(3, bytes_from({255, 184, 0, 183, 92}));
    ASSERT_TRUE(s);
    EXPECT_EQ(*s, "!~!");  // 0 -> first letter, 183 % 92 = 91 -> last, 92 -> first
}

TEST(Salts, RandomFailureIsReported) {
    auto s = generate_salt(3, [](void*, std::size_t) -> Status { return err("getrandom: boom"); });
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().message, "getrandom: boom");
}

TEST(Salts, RenderedAsPhpArrayWithEscaping) {
    Salts s{"a", "b'c", "d\\e", "f", "g", "h", "i", "j"};
    EXPECT_EQ(render_salts_php(s),
              "<?php\n"
              "// Generated once by wp-init; shared by every replica. Keep it secret.\n"
              "return array(\n"
              "    'AUTH_KEY' => 'a',\n"
              "    'SECURE_AUTH_KEY' => 'b\\'c',\n"
              "    'LOGGED_IN_KEY' => 'd\\\\e',\n"
              "    'NONCE_KEY' => 'f',\n"
              "    'AUTH_SALT' => 'g',\n"
              "    'SECURE_AUTH_SALT' => 'h',\n"
              "    'LOGGED_IN_SALT' => 'i',\n"
              "    'NONCE_SALT' => 'j',\n"
              ");\n");
}

TEST(Salts, FileIsWrittenOnceWithMode0640) {
    test::TempDir dir;
    ::mkdir((dir / ".wpecs").c_str(), 0750);
    Owner me{::geteuid(), ::getegid(), false};
    auto first = ensure_salts_file(dir.path(), me);
    ASSERT_TRUE(first) << first.error().message;
    EXPECT_TRUE(first->generated);
    EXPECT_EQ(first->path, dir / ".wpecs/salts.php");
    struct stat st{};
    ASSERT_EQ(::stat(first->path.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0640u);
    const auto content = test::slurp(first->path);
    for (auto name : kSaltNames) EXPECT_NE(content.find("'" + std::string(name) + "' => '"), std::string::npos);

    auto second = ensure_salts_file(dir.path(), me);
    ASSERT_TRUE(second);
    EXPECT_FALSE(second->generated);
    EXPECT_EQ(test::slurp(first->path), content);
    // no temporary files left behind
    auto names = list_dir(dir / ".wpecs");
    EXPECT_EQ(*names, std::vector<std::string>{"salts.php"});
}

TEST(Salts, PhpParsesTheFileWhenPhpIsInstalled) {
    if (::access("/usr/bin/php", X_OK) != 0) GTEST_SKIP() << "php not installed here; the image tests cover it";
    test::TempDir dir;
    Salts s{"a'b", "c\\", "\\'", "x", "y", "z", "w", "v"};
    test::write(dir / "s.php", render_salts_php(s));
    std::string cmd =
        "php -r '$a = require \"" + (dir / "s.php") + "\"; echo $a[\"SECURE_AUTH_KEY\"], $a[\"LOGGED_IN_KEY\"];'";
    FILE* p = ::popen(cmd.c_str(), "r");
    char buf[64] = {};
    size_t n = std::fread(buf, 1, sizeof buf - 1, p);
    ::pclose(p);
    EXPECT_EQ(std::string(buf, n), "c\\\\'");
}
