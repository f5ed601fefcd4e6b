#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <thread>

#include "seed.hpp"
#include "test_util.hpp"

using namespace wpinit;
using test::TempDir;

namespace {

// A bundled wp-content: two themes, a plugin, index.php, languages.
void make_seed(const std::string& dir, const std::string& flavour) {
    test::write(dir + "/index.php", "<?php // Silence is golden.\n");
    test::write(dir + "/themes/index.php", "<?php\n");
    test::write(dir + "/themes/twentytwo/style.css", "/* twentytwo " + flavour + " */\n");
    test::write(dir + "/themes/twentytwo/functions.php", "<?php\n");
    test::write(dir + "/themes/twentythree/style.css", "/* twentythree */\n");
    test::write(dir + "/plugins/akismet/akismet.php", "<?php // akismet " + flavour + "\n");
    test::write(dir + "/plugins/akismet/bin/run.sh", "#!/bin/sh\n", 0755);
    test::write(dir + "/languages/de_DE.mo", "mo");
}

class SeedTest : public ::testing::Test {
protected:
    void SetUp() override {
        ::mkdir((dir / "shared").c_str(), 0755);
        ::mkdir((dir / "shared/.wpecs").c_str(), 0750);
        make_seed(dir / "v1", "1");
    }
    SeedOptions options(const std::string& seed, const std::string& version) {
        return SeedOptions{dir / "shared", dir / seed, version, "host-a",
                           CopyOptions{Owner{::geteuid(), ::getegid(), false}, Millis(0)}};
    }
    Result<SeedReport> seed(const std::string& seed_dir, const std::string& version) {
        return seed_volume(options(seed_dir, version));
    }
    std::string content(const std::string& rel = "") {
        return dir / ("shared/wp-content" + (rel.empty() ? "" : "/" + rel));
    }
    Marker marker() {
        auto m = test::read_marker(dir / "shared");
        EXPECT_TRUE(m && *m);
        return m && *m ? **m : Marker{};
    }
    std::string hash(const std::string& path) { return *tree_hash(path); }

    TempDir dir;
};

TEST_F(SeedTest, BundledItemsAreThemesPluginsAndTopLevelEntries) {
    test::write(dir / "v1/uploads/2024/a.jpg", "jpg");
    auto items = bundled_items(dir / "v1");
    ASSERT_TRUE(items);
    EXPECT_EQ(*items, (std::vector<std::string>{"index.php", "languages", "plugins/akismet", "themes/index.php",
                                                "themes/twentythree", "themes/twentytwo"}));
}

TEST_F(SeedTest, FirstSeedCopiesTheWholeTreeAndWritesTheMarker) {
    auto r = seed("v1", "wp-1");
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->kind, SeedReport::FirstSeed);
    EXPECT_EQ(hash(content()), hash(dir / "v1"));
    auto m = marker();
    EXPECT_EQ(m.seed_version, "wp-1");
    EXPECT_EQ(m.seeded_by, "host-a");
    EXPECT_EQ(m.seeded_at.size(), 20u);
    EXPECT_EQ(m.items.size(), 6u);
    EXPECT_EQ(m.items["plugins/akismet"], hash(dir / "v1/plugins/akismet"));
    // nothing but the marker and our lock-free dir remains in .wpecs
    EXPECT_EQ(*list_dir(dir / "shared/.wpecs"), std::vector<std::string>{"seed.marker"});
    struct stat st{};
    ASSERT_EQ(::stat(content("plugins/akismet/bin/run.sh").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0755u);
}

TEST_F(SeedTest, FilesGetTheWebOwnerWhenRoot) {
    if (::geteuid() != 0) GTEST_SKIP() << "chown to another user needs root";
    auto o = options("v1", "wp-1");
    o.copy.owner = Owner{33, 33, true};
    ASSERT_TRUE(seed_volume(o));
    for (const char* rel : {"", "index.php", "themes/twentytwo/style.css", "plugins/akismet/bin"}) {
        struct stat st{};
        ASSERT_EQ(::lstat(content(rel).c_str(), &st), 0);
        EXPECT_EQ(st.st_uid, 33u) << rel;
        EXPECT_EQ(st.st_gid, 33u) << rel;
    }
    struct stat st{};
    ASSERT_EQ(::stat((dir / "shared/.wpecs/seed.marker").c_str(), &st), 0);
    EXPECT_EQ(st.st_uid, 33u);
}

TEST_F(SeedTest, AlreadySeededDoesNothing) {
    ASSERT_TRUE(seed("v1", "wp-1"));
    test::write(content("uploads/photo.jpg"), "user upload");
    ::unlink(content("themes/twentythree/style.css").c_str());  // the user's choice stands
    const auto before = hash(content());
    const auto marker_before = test::slurp(dir / "shared/.wpecs/seed.json");
    auto o = options("v1", "wp-1");
    o.hostname = "host-b";
    auto r = seed_volume(o);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->kind, SeedReport::AlreadySeeded);
    EXPECT_EQ(r->seeded_by, "host-a");
    EXPECT_EQ(hash(content()), before);
    EXPECT_EQ(test::slurp(dir / "shared/.wpecs/seed.json"), marker_before);
}

TEST_F(SeedTest, StaleTmpFromAKilledCopyIsRemovedAndTheSeedCompleted) {
    test::write(dir / "shared/.wpecs/tmp.0123456789abcdef/themes/twentytwo/style.css", "half");
    test::write(dir / "shared/.wpecs/tmp.feedface/index.php", "half");
    test::write(dir / "shared/.wpecs/.seed.json.tmp.0011223344556677", "{ half");
    auto r = seed("v1", "wp-1");
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->kind, SeedReport::FirstSeed);
    EXPECT_FALSE(test::exists(dir / "shared/.wpecs/tmp.0123456789abcdef"));
    EXPECT_FALSE(test::exists(dir / "shared/.wpecs/tmp.feedface"));
    EXPECT_EQ(*list_dir(dir / "shared/.wpecs"), std::vector<std::string>{"seed.marker"});
    EXPECT_EQ(hash(content()), hash(dir / "v1"));
}

TEST_F(SeedTest, MarkerWithoutContentReseeds) {
    ASSERT_TRUE(seed("v1", "wp-1"));
    ASSERT_TRUE(test::remove_tree(content()));
    auto r = seed("v1", "wp-1");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->kind, SeedReport::FirstSeed);
    EXPECT_EQ(hash(content()), hash(dir / "v1"));
}

TEST_F(SeedTest, ContentWithoutMarkerIsAdoptedWithoutOverwritingUserFiles) {
    // A restored backup: a modified theme, a user plugin, uploads; no marker.
    test::write(content("themes/twentytwo/style.css"), "/* my customised theme */\n");
    test::write(content("plugins/my-plugin/my.php"), "<?php // mine\n");
    test::write(content("uploads/2024/cat.jpg"), "cat");
    test::write(content("index.php"), "<?php // Silence is golden.\n");  // identical to the bundled one
    const auto user_theme = hash(content("themes/twentytwo"));
    auto r = seed("v1", "wp-1");
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->kind, SeedReport::Adopted);
    EXPECT_EQ(hash(content("themes/twentytwo")), user_theme);
    EXPECT_EQ(test::slurp(content("plugins/my-plugin/my.php")), "<?php // mine\n");
    EXPECT_EQ(test::slurp(content("uploads/2024/cat.jpg")), "cat");
    EXPECT_EQ(hash(content("plugins/akismet")), hash(dir / "v1/plugins/akismet"));
    EXPECT_EQ(hash(content("themes/twentythree")), hash(dir / "v1/themes/twentythree"));
    EXPECT_EQ(r->added,
              (std::vector<std::string>{"languages", "plugins/akismet", "themes/index.php", "themes/twentythree"}));
    EXPECT_EQ(r->kept, std::vector<std::string>{"themes/twentytwo"});
    auto m = marker();
    EXPECT_EQ(m.seed_version, "wp-1");
    EXPECT_EQ(m.items.count("themes/twentytwo"), 0u);  // not ours: never upgraded later
    EXPECT_EQ(m.items.count("index.php"), 1u);         // identical to bundled: ours
    EXPECT_EQ(m.items.count("plugins/my-plugin"), 0u);
    EXPECT_EQ(*list_dir(dir / "shared/.wpecs"), std::vector<std::string>{"seed.marker"});
}

class UpgradeTest : public SeedTest {
protected:
    void SetUp() override {
        SeedTest::SetUp();
        ASSERT_TRUE(seed("v1", "wp-1"));
        make_seed(dir / "v2", "2");  // twentytwo and akismet change
        test::write(dir / "v2/plugins/hello/hello.php", "<?php // new in v2\n");
        test::write(dir / "v2/index.php", "<?php // v2\n");
        ::unlink((dir / "v2/languages/de_DE.mo").c_str());
        test::write(dir / "v2/languages/fr_FR.mo", "fr");
    }
};

TEST_F(UpgradeTest, UnmodifiedBundledItemsAreReplacedModifiedOnesKept) {
    test::write(content("plugins/akismet/akismet.php"), "<?php // patched by the user\n");
    test::write(content("uploads/a.jpg"), "a");
    test::write(content("plugins/mine/mine.php"), "mine");
    const auto user_akismet = hash(content("plugins/akismet"));
    auto r = seed("v2", "wp-2");
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->kind, SeedReport::Upgraded);
    EXPECT_EQ(r->previous_version, "wp-1");
    EXPECT_EQ(r->upgraded, (std::vector<std::string>{"index.php", "languages", "themes/twentytwo"}));
    EXPECT_EQ(r->added, std::vector<std::string>{"plugins/hello"});
    EXPECT_EQ(r->kept, std::vector<std::string>{"plugins/akismet"});
    EXPECT_EQ(hash(content("themes/twentytwo")), hash(dir / "v2/themes/twentytwo"));
    EXPECT_EQ(test::slurp(content("index.php")), "<?php // v2\n");
    EXPECT_FALSE(test::exists(content("languages/de_DE.mo")));
    EXPECT_EQ(hash(content("plugins/akismet")), user_akismet);
    EXPECT_EQ(hash(content("plugins/hello")), hash(dir / "v2/plugins/hello"));
    EXPECT_EQ(test::slurp(content("uploads/a.jpg")), "a");
    EXPECT_EQ(test::slurp(content("plugins/mine/mine.php")), "mine");
    auto m = marker();
    EXPECT_EQ(m.seed_version, "wp-2");
    EXPECT_EQ(m.items.count("plugins/akismet"), 0u);
    EXPECT_EQ(m.items["themes/twentytwo"], hash(dir / "v2/themes/twentytwo"));
    EXPECT_EQ(m.items["themes/twentythree"], hash(dir / "v2/themes/twentythree"));
    EXPECT_EQ(*list_dir(dir / "shared/.wpecs"), std::vector<std::string>{"seed.marker"});
}

TEST_F(UpgradeTest, ModeChangeCountsAsModified) {
    ::chmod(content("themes/twentytwo/functions.php").c_str(), 0600);
    auto r = seed("v2", "wp-2");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->kept, std::vector<std::string>{"themes/twentytwo"});
    EXPECT_EQ(test::slurp(content("themes/twentytwo/style.css")), "/* twentytwo 1 */\n");
}

TEST_F(UpgradeTest, DeletedBundledItemComesBackOnUpgrade) {
    ASSERT_TRUE(test::remove_tree(content("themes/twentythree")));
    auto r = seed("v2", "wp-2");
    ASSERT_TRUE(r);
    EXPECT_EQ(hash(content("themes/twentythree")), hash(dir / "v2/themes/twentythree"));
}

TEST_F(UpgradeTest, InterruptedUpgradeResumes) {
    // A previous upgrade run replaced twentytwo, then died before writing the marker.
    ASSERT_TRUE(test::remove_tree(content("themes/twentytwo")));
    ASSERT_TRUE(test::copy_tree(dir / "v2/themes/twentytwo", content("themes/twentytwo"), options("v2", "x").copy));
    test::write(dir / "shared/.wpecs/tmp.dead/0/style.css", "half");
    auto r = seed("v2", "wp-2");
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(std::count(r->kept.begin(), r->kept.end(), "themes/twentytwo"), 0);
    EXPECT_EQ(marker().items["themes/twentytwo"], hash(dir / "v2/themes/twentytwo"));
    EXPECT_FALSE(test::exists(dir / "shared/.wpecs/tmp.dead"));
}

// The previous release wrote the marker as JSON in seed.json (this layout exactly): an
// image must still upgrade a volume that release seeded, not merely adopt it.
std::string previous_release_marker(const Marker& m) {
    std::string out = "{\n  \"seed_version\": \"" + m.seed_version + "\",\n  \"seeded_by\": \"" + m.seeded_by +
                      "\",\n  \"seeded_at\": \"" + m.seeded_at + "\",\n  \"items\": {";
    bool first = true;
    for (const auto& [item, hash] : m.items) {
        out += std::string(first ? "\n" : ",\n") + "    \"" + item + "\": \"" + hash + "\"";
        first = false;
    }
    return out + (first ? "}\n" : "\n  }\n") + "}\n";
}

TEST_F(UpgradeTest, AVolumeSeededByThePreviousReleaseIsUpgraded) {
    test::write(dir / "shared/.wpecs/seed.json", previous_release_marker(marker()));
    ASSERT_EQ(::unlink((dir / "shared/.wpecs/seed.marker").c_str()), 0);
    test::write(content("plugins/akismet/akismet.php"), "<?php // patched by the user\n");
    auto r = seed("v2", "wp-2");
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->kind, SeedReport::Upgraded);
    EXPECT_EQ(r->previous_version, "wp-1");
    EXPECT_EQ(r->upgraded, (std::vector<std::string>{"index.php", "languages", "themes/twentytwo"}));
    EXPECT_EQ(r->kept, std::vector<std::string>{"plugins/akismet"});
    EXPECT_EQ(hash(content("themes/twentytwo")), hash(dir / "v2/themes/twentytwo"));
    EXPECT_EQ(marker().seed_version, "wp-2");
    // One marker left, in the new format.
    EXPECT_EQ(*list_dir(dir / "shared/.wpecs"), std::vector<std::string>{"seed.marker"});
}

TEST_F(UpgradeTest, SecondUpgradeRunIsANoOp) {
    ASSERT_TRUE(seed("v2", "wp-2"));
    auto r = seed("v2", "wp-2");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->kind, SeedReport::AlreadySeeded);
}

TEST_F(SeedTest, UnreadableMarkerIsTreatedAsNoMarker) {
    ASSERT_TRUE(seed("v1", "wp-1"));
    for (const char* broken : {"seed.marker", "seed.json"}) {
        ::unlink((dir / "shared/.wpecs/seed.marker").c_str());
        test::write(dir / "shared/.wpecs/" + broken, "{ broken");
        test::write(content("themes/twentytwo/style.css"), "changed");
        auto r = seed("v1", "wp-1");
        ASSERT_TRUE(r);
        EXPECT_EQ(r->kind, SeedReport::Adopted) << broken;
        EXPECT_EQ(test::slurp(content("themes/twentytwo/style.css")), "changed");
        EXPECT_EQ(marker().seed_version, "wp-1");
        EXPECT_EQ(*list_dir(dir / "shared/.wpecs"), std::vector<std::string>{"seed.marker"});
    }
}

TEST(TreeHash, StableAcrossCopiesAndCreationOrder) {
    TempDir dir;
    test::write(dir / "a/x/1.txt", "one");
    test::write(dir / "a/y.txt", "why");
    ::symlink("x/1.txt", (dir / "a/link").c_str());
    test::write(dir / "b/y.txt", "why");
    test::write(dir / "b/x/1.txt", "one");
    ::symlink("x/1.txt", (dir / "b/link").c_str());
    EXPECT_EQ(*tree_hash(dir / "a"), *tree_hash(dir / "b"));
    EXPECT_EQ(*tree_hash(dir / "a"), *tree_hash(dir / "a"));
    EXPECT_EQ(tree_hash(dir / "a")->rfind("sha256:", 0), 0u);
    EXPECT_EQ(tree_hash(dir / "a")->size(), 7u + 64u);
}

TEST(TreeHash, ChangesWithContentModeNameOrLinkTarget) {
    TempDir dir;
    test::write(dir / "t/f.txt", "content");
    test::write(dir / "t/g.txt", "other");
    ::symlink("f.txt", (dir / "t/l").c_str());
    const auto base = *tree_hash(dir / "t");
    test::write(dir / "t/f.txt", "Content");
    EXPECT_NE(*tree_hash(dir / "t"), base);
    test::write(dir / "t/f.txt", "content");
    EXPECT_EQ(*tree_hash(dir / "t"), base);
    ::chmod((dir / "t/f.txt").c_str(), 0600);
    EXPECT_NE(*tree_hash(dir / "t"), base);
    ::chmod((dir / "t/f.txt").c_str(), 0644);
    ::rename((dir / "t/g.txt").c_str(), (dir / "t/h.txt").c_str());
    EXPECT_NE(*tree_hash(dir / "t"), base);
    ::rename((dir / "t/h.txt").c_str(), (dir / "t/g.txt").c_str());
    ::unlink((dir / "t/l").c_str());
    ::symlink("g.txt", (dir / "t/l").c_str());
    EXPECT_NE(*tree_hash(dir / "t"), base);
    ::unlink((dir / "t/l").c_str());
    ::symlink("f.txt", (dir / "t/l").c_str());
    EXPECT_EQ(*tree_hash(dir / "t"), base);
}

TEST(TreeHash, FieldBoundariesAreUnambiguous) {
    TempDir dir;
    test::write(dir / "a/ab", "c");
    test::write(dir / "b/a", "bc");
    EXPECT_NE(*tree_hash(dir / "a"), *tree_hash(dir / "b"));
    test::write(dir / "c/f", "");
    ::mkdir((dir / "d").c_str(), 0755);
    ::mkdir((dir / "d/f").c_str(), 0644);
    EXPECT_NE(*tree_hash(dir / "c"), *tree_hash(dir / "d"));
}

TEST(TreeHash, KnownValueForASingleFile) {
    // Pinned so that a change of the encoding (which would make every volume look
    // "modified" on the next upgrade) cannot slip in unnoticed.
    TempDir dir;
    test::write(dir / "index.php", "<?php\n", 0644);
    EXPECT_EQ(*tree_hash(dir / "index.php"), "sha256:3df07cc2599c68d8913d6b59f7ae9521e82e1cadc5f92ab457b90b879770f19c");
}

VolumeLock::Wait no_wait() {
    return {Millis(60000), [](const std::string&, Millis) { ADD_FAILURE() << "should not wait"; },
            [](Millis) { return false; }};
}

TEST(VolumeLockTest, SecondHolderWaitsSeesTheHolderAndCanBeInterrupted) {
    TempDir dir;
    const Owner me{::geteuid(), ::getegid(), false};
    std::string holder;
    auto first = test::acquire_lock(dir / "lock", me, no_wait(), holder);
    ASSERT_TRUE(first && *first) << (first ? "" : first.error().message);
    EXPECT_TRUE(*test::is_locked(dir / "lock"));
    EXPECT_EQ(
        test::slurp(dir / "lock").rfind("host=" + host_name() + " pid=" + std::to_string(::getpid()) + " since=", 0),
        0u);
    std::vector<std::string> seen;
    int sleeps = 0;
    VolumeLock::Wait wait{Millis(60000), [&](const std::string& h, Millis) { seen.push_back(h); },
                          [&](Millis d) {
                              EXPECT_EQ(d, Millis(200));
                              return ++sleeps < 3;
                          }};
    auto second = test::acquire_lock(dir / "lock", me, wait, holder);
    ASSERT_TRUE(second);
    EXPECT_FALSE(*second);       // gave up: interrupted
    ASSERT_EQ(seen.size(), 1u);  // reported once, not on every poll
    EXPECT_EQ(seen[0].rfind("host=" + host_name() + " pid=", 0), 0u) << seen[0];
    EXPECT_NE(seen[0].find(" (from the lock file)"), std::string::npos) << seen[0];
    EXPECT_EQ(holder, seen[0]);
    EXPECT_EQ(sleeps, 3);
}

TEST(VolumeLockTest, AWaiterArrivingBeforeTheHolderNamedItselfStillLearnsItsName) {
    TempDir dir;
    const Owner me{::geteuid(), ::getegid(), false};
    std::string holder;
    auto first = test::acquire_lock(dir / "lock", me, no_wait(), holder);
    ASSERT_TRUE(first && *first);
    // The moment between taking the lock and writing the name: an empty file.
    test::write(dir / "lock", "");
    std::thread writer([&dir] {
        std::this_thread::sleep_for(Millis(100));
        test::write(dir / "lock", "host=elsewhere pid=42 since=2026-01-01T00:00:00Z\n");
    });
    const VolumeLock::Wait once{Millis(0), [](const std::string&, Millis) {}, [](Millis) { return false; }};
    auto second = test::acquire_lock(dir / "lock", me, once, holder);
    writer.join();
    ASSERT_TRUE(second);
    EXPECT_FALSE(*second);
    EXPECT_EQ(holder.rfind("host=elsewhere pid=42 ", 0), 0u) << holder;
}

TEST(VolumeLockTest, GivesUpAfterTheTimeout) {
    TempDir dir;
    const Owner me{::geteuid(), ::getegid(), false};
    std::string holder;
    auto first = test::acquire_lock(dir / "lock", me, no_wait(), holder);
    ASSERT_TRUE(first && *first);
    const auto t0 = Clock::now();
    VolumeLock::Wait wait{Millis(500), [](const std::string&, Millis) {},
                          [](Millis d) {
                              std::this_thread::sleep_for(d);
                              return true;
                          }};
    auto second = test::acquire_lock(dir / "lock", me, wait, holder);
    ASSERT_TRUE(second);
    EXPECT_FALSE(*second);
    EXPECT_GE(Clock::now() - t0, Millis(500));
    EXPECT_LT(Clock::now() - t0, Millis(2000));
}

TEST(VolumeLockTest, ReleasedAndEmptiedWhenTheHolderGoes) {
    TempDir dir;
    const Owner me{::geteuid(), ::getegid(), false};
    std::string holder;
    {
        auto first = test::acquire_lock(dir / "lock", me, no_wait(), holder);
        ASSERT_TRUE(first && *first);
    }
    EXPECT_FALSE(*test::is_locked(dir / "lock"));
    EXPECT_EQ(test::slurp(dir / "lock"), "");
    auto again = test::acquire_lock(dir / "lock", me, no_wait(), holder);
    EXPECT_TRUE(again && *again);
}

TEST(VolumeLockTest, ASymlinkOrFifoIsRefused) {
    TempDir dir;
    const Owner me{::geteuid(), ::getegid(), false};
    std::string holder;
    test::write(dir / "target", "keep");
    ASSERT_EQ(::symlink((dir / "target").c_str(), (dir / "lock").c_str()), 0);
    auto link = test::acquire_lock(dir / "lock", me, no_wait(), holder);
    ASSERT_FALSE(link);
    EXPECT_EQ(link.error().message, (dir / "lock") + ": Too many levels of symbolic links");
    EXPECT_EQ(test::slurp(dir / "target"), "keep");
    ASSERT_EQ(::mkfifo((dir / "fifo").c_str(), 0600), 0);
    auto fifo = test::acquire_lock(dir / "fifo", me, no_wait(), holder);
    ASSERT_FALSE(fifo);
    EXPECT_EQ(fifo.error().message, (dir / "fifo") + " is not a regular file");
}

}  // namespace

namespace {

// A directory outside the tree, with one file, that no walk may touch.
struct Outside {
    TempDir dir;
    Outside() { test::write(dir / "precious", "keep"); }
    bool untouched() const {
        return list_dir(dir.path()).value() == std::vector<std::string>{"precious"} &&
               test::slurp(dir / "precious") == "keep";
    }
};

TEST(WalkTest, RemoveTreeRemovesSymlinksAsLinks) {
    TempDir dir;
    Outside outside;
    test::write(dir / "t/sub/file", "x");
    ASSERT_EQ(::symlink(outside.dir.path().c_str(), (dir / "t/link").c_str()), 0);
    ASSERT_EQ(::symlink(outside.dir.path().c_str(), (dir / "t/sub/link").c_str()), 0);
    ASSERT_TRUE(test::remove_tree(dir / "t"));
    EXPECT_FALSE(test::exists(dir / "t"));
    EXPECT_TRUE(outside.untouched());
}

TEST(WalkTest, CopyNeverWritesThroughAnEntryPlantedAtTheTarget) {
    TempDir dir;
    Outside outside;
    test::write(dir / "seed/a/file", "new");
    ::mkdir((dir / "stage").c_str(), 0755);
    ::mkdir((dir / "stage/a").c_str(), 0755);
    ASSERT_EQ(::symlink((outside.dir / "precious").c_str(), (dir / "stage/a/file").c_str()), 0);
    auto at = at_path(dir / "stage/a");
    ASSERT_TRUE(at);
    auto to = open_dir(at->second);
    ASSERT_TRUE(to);
    auto s = copy_tree(dir / "seed/a/file", At{to->get(), "file", dir / "stage/a/file"}, CopyOptions{});
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().message, (dir / "stage/a/file") + ": File exists");
    EXPECT_TRUE(outside.untouched());
}

TEST(WalkTest, EnsureDirAndOpenDirRefuseASymlink) {
    TempDir dir;
    Outside outside;
    ASSERT_EQ(::symlink(outside.dir.path().c_str(), (dir / "plugins").c_str()), 0);
    auto s = test::ensure_dir(dir / "plugins", 0755, Owner{::geteuid(), ::getegid(), false});
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().message, (dir / "plugins") + " is not a directory (a symlink is not followed)");
    EXPECT_TRUE(outside.untouched());
}

TEST(WalkTest, HashOfASymlinkIsOfTheLinkNotItsTarget) {
    TempDir dir;
    Outside outside;
    ::mkdir((dir / "t").c_str(), 0755);
    ASSERT_EQ(::symlink((outside.dir / "precious").c_str(), (dir / "t/link").c_str()), 0);
    const auto before = *tree_hash(dir / "t");
    test::write(outside.dir / "precious", "changed");
    EXPECT_EQ(*tree_hash(dir / "t"), before);
}

TEST(WalkTest, WalksStopAtTheDepthBound) {
    TempDir dir;
    std::string deep = dir / "t";
    for (int i = 0; i <= kMaxTreeDepth + 1; ++i) deep += "/d";
    test::write(deep + "/f", "x");
    auto h = tree_hash(dir / "t");
    ASSERT_FALSE(h);
    EXPECT_NE(h.error().message.find("deeper than 64 directory levels"), std::string::npos) << h.error().message;
    auto copy = test::copy_tree(dir / "t", dir / "copy", CopyOptions{});
    ASSERT_FALSE(copy);
    EXPECT_NE(copy.error().message.find("deeper than 64 directory levels"), std::string::npos);
    EXPECT_FALSE(test::remove_tree(dir / "t"));  // refused too
    std::filesystem::remove_all(dir / "t");
    std::string ok = dir / "ok";  // the deepest entry allowed: kMaxTreeDepth levels below the root
    for (int i = 0; i < kMaxTreeDepth - 1; ++i) ok += "/d";
    test::write(ok + "/f", "x");
    EXPECT_TRUE(tree_hash(dir / "ok"));
}

}  // namespace
