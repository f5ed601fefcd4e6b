"""Seeding the shared volume with real processes: concurrent starts, a start killed
mid-copy, salts, the database upgrade command, ownership."""

import os
import re
import signal
import socket
import stat

import pytest
from conftest import tree, wait_until


def marker(env) -> dict:
    """seed.marker: a header line, then `key value` lines; `item <hash> <path>` per item."""
    lines = (env.shared / ".wpecs/seed.marker").read_text().splitlines()
    assert lines[0] == "wp-init seed marker 1"
    m = {"items": {}}
    for line in lines[1:]:
        key, _, value = line.partition(" ")
        if key == "item":
            digest, _, item = value.partition(" ")
            m["items"][item] = digest
        else:
            m[key] = value
    return m


def wpecs_names(env) -> list:
    return sorted(os.listdir(env.shared / ".wpecs"))


def test_first_start_seeds_and_a_second_start_skips(env, greeter):
    first = env.start_running(greeter.port)
    assert f"seeded wp-content (version wordpress-test-1) as {socket.gethostname()}" in first.text()
    assert "WPECS_TEST_COPY_DELAY_MS" not in first.text()
    assert tree(env.shared / "wp-content") == tree(env.seed)
    m = marker(env)
    assert m["seed_version"] == "wordpress-test-1"
    assert m["seeded_by"] == socket.gethostname()
    assert set(m["items"]) == {"index.php", "plugins/akismet", "themes/index.php", "themes/twentytwo"}
    first.signal(signal.SIGTERM)
    assert first.wait_exit() == 0

    second = env.start_running(greeter.port)
    assert f"wp-content already seeded (version wordpress-test-1 by {socket.gethostname()})" in second.text()
    assert "seeded wp-content (" not in second.text()
    second.signal(signal.SIGTERM)
    assert second.wait_exit() == 0


def test_three_concurrent_starts_seed_exactly_once(env, greeter):
    inits = [
        env.start(env.vars(greeter.port, WPECS_TEST_COPY_DELAY_MS=30), name=f"racer{i}") for i in range(3)
    ]
    for init in inits:
        init.wait_log(r"started httpd", timeout=30)
    wait_until("six fake servers to be ready", lambda: env.started_count() == 6)
    seeded = [i for i in inits if re.search(r"seeded wp-content \(version wordpress-test-1\) as ", i.text())]
    skipped = [i for i in inits if "wp-content already seeded (version wordpress-test-1 by " in i.text()]
    assert len(seeded) == 1, [i.text() for i in inits]
    assert len(skipped) == 2
    # the test hook is never silent (docs/decisions/0013-wp-init-test-hooks.md)
    for init in inits:
        assert (
            "WPECS_TEST_COPY_DELAY_MS=30: seeding waits that long after every file (a test hook"
            in init.text()
        )
    # the copy takes about a second: the others must have waited for the lock
    assert sum("waiting for the volume lock" in i.text() for i in inits) >= 1
    assert tree(env.shared / "wp-content") == tree(env.seed)
    assert marker(env)["seeded_by"] == socket.gethostname()
    assert not [n for n in wpecs_names(env) if n.startswith("tmp.")]
    # salts were generated exactly once as well
    assert sum("keys and salts: generated" in i.text() for i in inits) == 1
    assert sum("keys and salts: using" in i.text() for i in inits) == 2
    for init in inits:
        init.signal(signal.SIGTERM)
    assert [i.wait_exit() for i in inits] == [0, 0, 0]


def test_start_killed_mid_copy_leaves_no_tree_and_the_next_start_completes(env, greeter):
    slow = env.start(env.vars(greeter.port, WPECS_TEST_COPY_DELAY_MS=50), name="slow")
    wpecs = env.shared / ".wpecs"

    def copied_files():
        staged = [n for n in os.listdir(wpecs) if n.startswith("tmp.")] if wpecs.exists() else []
        # while the copy runs, nothing may appear at wp-content
        assert not (env.shared / "wp-content").exists(), "a half tree appeared at wp-content"
        return staged and sum(len(f) for _, _, f in os.walk(wpecs / staged[0])) >= 5

    wait_until("the copy to be under way", copied_files, 15)
    slow.signal(signal.SIGKILL)
    slow.wait_exit()
    assert not (env.shared / "wp-content").exists()
    assert not (wpecs / "seed.marker").exists()
    assert [n for n in wpecs_names(env) if n.startswith("tmp.")]

    nxt = env.start_running(greeter.port, name="next")
    assert re.search(r"removed .*/\.wpecs/tmp\.[0-9a-f]+ left by an interrupted start", nxt.text())
    assert "seeded wp-content (version wordpress-test-1)" in nxt.text()
    assert tree(env.shared / "wp-content") == tree(env.seed)
    assert not [n for n in wpecs_names(env) if n.startswith("tmp.")]
    nxt.signal(signal.SIGTERM)
    assert nxt.wait_exit() == 0


def test_upgrade_replaces_unmodified_items_and_keeps_modified_ones(env, greeter):
    first = env.start_running(greeter.port)
    first.signal(signal.SIGTERM)
    assert first.wait_exit() == 0
    # the user edits a bundled theme and uploads something
    (env.shared / "wp-content/themes/twentytwo/style.css").write_text("/* mine */\n")
    (env.shared / "wp-content/uploads").mkdir()
    (env.shared / "wp-content/uploads/cat.jpg").write_text("cat")
    # a new image: both bundled items change, a plugin is added
    (env.seed / "themes/twentytwo/style.css").write_text("/* theme v2 */\n")
    (env.seed / "plugins/akismet/lib/f000.php").write_text("<?php // v2\n")
    (env.seed / "plugins/hello").mkdir()
    (env.seed / "plugins/hello/hello.php").write_text("<?php\n")
    (env.seed.parent / "seed-version").write_text("wordpress-test-2\n")

    up = env.start_running(greeter.port, name="upgrade")
    text = up.text()
    assert "upgraded wp-content from wordpress-test-1 (version wordpress-test-2)" in text
    assert "1 added, 1 upgraded, 1 kept" in text
    assert re.search(r"kept .*/wp-content/themes/twentytwo untouched: modified on the volume", text)
    assert (env.shared / "wp-content/themes/twentytwo/style.css").read_text() == "/* mine */\n"
    assert (env.shared / "wp-content/plugins/akismet/lib/f000.php").read_text() == "<?php // v2\n"
    assert (env.shared / "wp-content/plugins/hello/hello.php").exists()
    assert (env.shared / "wp-content/uploads/cat.jpg").read_text() == "cat"
    assert marker(env)["seed_version"] == "wordpress-test-2"
    up.signal(signal.SIGTERM)
    assert up.wait_exit() == 0


def test_a_volume_seeded_by_the_previous_release_is_upgraded_not_adopted(env, greeter):
    """The previous release wrote its marker as JSON, .wpecs/seed.json: a new image must
    still know which bundled items it installed, so that upgrade seeding replaces them."""
    first = env.start_running(greeter.port)
    first.signal(signal.SIGTERM)
    assert first.wait_exit() == 0
    m = marker(env)
    (env.shared / ".wpecs/seed.marker").unlink()
    # byte for byte the previous release's layout (its to_json)
    items = ",\n".join(f'    "{item}": "{digest}"' for item, digest in sorted(m["items"].items()))
    (env.shared / ".wpecs/seed.json").write_text(
        f'{{\n  "seed_version": "{m["seed_version"]}",\n  "seeded_by": "{m["seeded_by"]}",\n'
        f'  "seeded_at": "{m["seeded_at"]}",\n  "items": {{\n{items}\n  }}\n}}\n'
    )
    (env.seed / "themes/twentytwo/style.css").write_text("/* theme v2 */\n")
    (env.seed.parent / "seed-version").write_text("wordpress-test-2\n")

    up = env.start_running(greeter.port, name="upgrade")
    assert "upgraded wp-content from wordpress-test-1 (version wordpress-test-2)" in up.text()
    assert "0 added, 1 upgraded, 0 kept" in up.text()
    assert (env.shared / "wp-content/themes/twentytwo/style.css").read_text() == "/* theme v2 */\n"
    assert marker(env)["seed_version"] == "wordpress-test-2"
    assert "seed.json" not in wpecs_names(env)
    up.signal(signal.SIGTERM)
    assert up.wait_exit() == 0


# WordPress's keys and salts, in wp-config.php's order.
SALT_NAMES = [
    "AUTH_KEY",
    "SECURE_AUTH_KEY",
    "LOGGED_IN_KEY",
    "NONCE_KEY",
    "AUTH_SALT",
    "SECURE_AUTH_SALT",
    "LOGGED_IN_SALT",
    "NONCE_SALT",
]


def test_salts_from_the_environment_write_nothing(env, greeter):
    init = env.start(env.vars(greeter.port, **{f"WORDPRESS_{n}": "x" * 64 for n in SALT_NAMES}))
    init.wait_log("started httpd")
    assert "keys and salts: from the environment" in init.text()
    assert "salts.php" not in wpecs_names(env)


def test_generated_salts_file_is_php_mode_0640_and_kept(env, greeter):
    init = env.start_running(greeter.port)
    path = env.shared / ".wpecs/salts.php"
    content = path.read_text()
    assert content.startswith("<?php\n")
    values = re.findall(r"^    '([A-Z_]+)' => '([^'\\]{64})',$", content, re.M)
    assert [v[0] for v in values] == SALT_NAMES
    assert len({v[1] for v in values}) == 8
    st = path.stat()
    assert stat.S_IMODE(st.st_mode) == 0o640
    init.signal(signal.SIGTERM)
    assert init.wait_exit() == 0
    again = env.start_running(greeter.port)
    assert f"keys and salts: using {path}" in again.text()
    assert path.read_text() == content


@pytest.mark.skipif(os.geteuid() != 0, reason="ownership changes need root")
def test_files_on_the_volume_belong_to_www_data(env, greeter):
    init = env.start(env.vars(greeter.port))
    init.wait_log("started httpd")
    for p in [
        env.shared / ".wpecs",
        env.shared / ".wpecs/lock",
        env.shared / ".wpecs/seed.marker",
        env.shared / ".wpecs/salts.php",
        env.shared / "wp-content",
        env.shared / "wp-content/plugins/akismet/lib/f001.php",
    ]:
        st = p.stat()
        assert (st.st_uid, st.st_gid) == (33, 33), p


def test_db_upgrade_runs_as_www_data_before_the_servers(env, greeter, open_dir):
    script = open_dir / "db-upgrade"
    script.write_text('#!/bin/sh\necho "upgrade ran as $(id -u) with $1"\n')
    script.chmod(0o755)
    init = env.start(env.vars(greeter.port, WPECS_DB_UPGRADE_CMD=f"{script} --flag"))
    init.wait_log("started httpd")
    uid = 33 if os.geteuid() == 0 else os.geteuid()
    lines = init.lines()
    assert f"upgrade ran as {uid} with --flag" in lines  # its output is passed through
    assert f"wp-init: database upgrade: running {script} --flag as uid {uid}" in lines
    first_server = next(i for i, l in enumerate(lines) if "started php-fpm" in l)
    assert lines.index(f"upgrade ran as {uid} with --flag") < first_server


def test_failing_db_upgrade_fails_the_start(env, greeter, open_dir):
    script = open_dir / "db-upgrade"
    script.write_text('#!/bin/sh\necho "upgrade failed: table missing" >&2\nexit 3\n')
    script.chmod(0o755)
    init = env.start(env.vars(greeter.port, WPECS_DB_UPGRADE_CMD=str(script)))
    assert init.wait_exit() == 70
    assert init.lines()[-1] == f"wp-init: database upgrade command failed (exit status 3): {script}"
    assert "upgrade failed: table missing" in init.text()
    assert env.event_lines() == []  # no server started


def test_db_upgrade_program_not_executable_fails_the_start(env, greeter, open_dir):
    script = open_dir / "db-upgrade"
    script.write_text("#!/bin/sh\n")
    script.chmod(0o644)
    init = env.start(env.vars(greeter.port, WPECS_DB_UPGRADE_CMD=f"{script} x"))
    assert init.wait_exit() == 70
    assert (
        init.lines()[-1] == f"wp-init: database upgrade command failed ({script} not executable): {script} x"
    )
    assert env.event_lines() == []


def test_missing_db_upgrade_program_is_skipped(env, greeter):
    init = env.start(env.vars(greeter.port, WPECS_DB_UPGRADE_CMD="php-not-installed /x.php"))
    init.wait_log("started httpd")
    assert "database upgrade: skipped, php-not-installed not found" in init.text()
