"""Root never follows a path the web user can change. The web user
owns .wpecs and everything in wp-content, so it can plant symlinks there; wp-init
refuses them (exit 74, one line) instead of creating, chowning or copying through
them, and nothing outside the volume is touched. Walks are bounded in depth."""

import os
import re
import signal
from pathlib import Path

import pytest
from conftest import tree


@pytest.fixture
def outside(tmp_path):
    d = tmp_path / "outside"
    d.mkdir()
    (d / "precious").write_text("keep me\n")
    (d / "tmp.victim").mkdir()  # what a stale-tree cleanup would delete
    (d / "tmp.victim/data").write_text("keep me too\n")
    return d


def untouched(outside: Path) -> bool:
    return tree(outside) == {
        "precious": b"keep me\n",
        "tmp.victim": None,
        "tmp.victim/data": b"keep me too\n",
    }


def test_wpecs_as_a_symlink_is_refused(env, greeter, outside):
    (env.shared / ".wpecs").symlink_to(outside)
    init = env.start(env.vars(greeter.port))
    assert init.wait_exit() == 74, init.text()
    assert init.lines()[-1] == (
        f"wp-init: cannot prepare {env.shared}/.wpecs: {env.shared}/.wpecs is not a "
        "directory (a symlink is not followed)"
    )
    assert untouched(outside)
    assert env.event_lines() == []


def seed_then_stop(env, greeter):
    first = env.start_running(greeter.port, name="first")
    first.signal(signal.SIGTERM)
    assert first.wait_exit() == 0
    (env.seed.parent / "seed-version").write_text("wordpress-test-2\n")  # the next start upgrades


@pytest.mark.parametrize("planted", ["wp-content/plugins", "wp-content"])
def test_a_symlinked_directory_in_the_volume_is_not_upgraded_through(env, greeter, outside, planted):
    seed_then_stop(env, greeter)
    victim = env.shared / planted
    os.rename(victim, env.tmp / "moved-away")
    victim.symlink_to(outside)
    init = env.start(env.vars(greeter.port), name="upgrade")
    assert init.wait_exit() == 74, init.text()
    assert init.lines()[-1].endswith(f"{victim} is not a directory (a symlink is not followed)"), init.text()
    assert untouched(outside)


def test_the_lock_file_as_a_symlink_is_refused(env, greeter, outside):
    (env.shared / ".wpecs").mkdir()
    (env.shared / ".wpecs/lock").symlink_to(outside / "precious")
    init = env.start(env.vars(greeter.port))
    assert init.wait_exit() == 74, init.text()
    assert untouched(outside)


def test_a_stale_tree_with_a_symlink_inside_is_removed_without_following_it(env, greeter, outside):
    stale = env.shared / ".wpecs/tmp.0123456789abcdef"
    stale.mkdir(parents=True)
    (stale / "link").symlink_to(outside)
    (stale / "tmp.victim").symlink_to(outside / "tmp.victim")
    init = env.start_running(greeter.port)
    assert "left by an interrupted start" in init.text()
    assert not stale.exists()
    assert untouched(outside)


def test_an_item_deeper_than_the_walk_bound_is_refused_with_one_line(env, greeter):
    seed_then_stop(env, greeter)
    deep = env.shared / "wp-content/plugins/akismet"
    for _i in range(70):
        deep = deep / "d"
    deep.mkdir(parents=True)
    init = env.start(env.vars(greeter.port), name="upgrade")
    assert init.wait_exit() == 74, init.text()
    assert "deeper than 64 directory levels" in init.lines()[-1], init.text()


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("seed.marker", "invalid marker at line 1: .*"),
        ("seed.json", "invalid legacy marker: unexpected member junk"),
    ],
)
def test_a_crafted_marker_is_ignored_not_a_crash(env, greeter, name, why):
    """The web user can write .wpecs: a marker in either format (the previous release's
    JSON included) that wp-init did not write counts as none. Nothing parses it
    recursively (nlohmann::json's parser and destructor are iterative), so no nesting
    can exhaust the stack."""
    (env.shared / ".wpecs").mkdir()
    (env.shared / ".wpecs" / name).write_text(
        '{"seed_version": "x", "junk": ' + "[" * 200000 + "]" * 200000 + "}"
    )
    init = env.start_running(greeter.port)
    assert re.search(
        rf"ignoring .*/\.wpecs/{re.escape(name)}: {why} \(treated as no marker\)",
        init.text(),
    ), init.text()
    assert "seeded wp-content (version wordpress-test-1)" in init.text()
