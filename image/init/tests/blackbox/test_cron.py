"""`wp-init cron`: one run at a time across the fleet (the cron lock on
the shared volume), a non-zero exit when the entry point fails, a timeout, SIGTERM
passed on, and WPECS_CRON validated."""

import os
import re
import shutil
import signal
import tempfile
import time
from pathlib import Path

import pytest
from conftest import HERE, wait_until


@pytest.fixture
def fake_cron():
    """The stand-in and its events file where www-data (which runs it) can write."""
    d = Path(tempfile.mkdtemp(prefix="wpinit-cron-"))
    d.chmod(0o777)
    script = d / "cron.sh"
    shutil.copy(HERE / "fake_cron.sh", script)
    script.chmod(0o755)
    events = d / "events.log"
    events.touch()
    events.chmod(0o666)
    yield script, events
    shutil.rmtree(d)


@pytest.fixture
def cron_env(env, fake_cron):
    script, events = fake_cron
    original, env.events = env.events, events  # env.event_lines() reads the stand-in's events

    def make(**extra):
        e = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "WPECS_SHARED_DIR": str(env.shared),
            "WPECS_CRON": "external",
            "WPECS_CRON_CMD": str(script),
            "FAKE_EVENTS": str(events),
        }
        if "ASAN_OPTIONS" in os.environ:
            e["ASAN_OPTIONS"] = os.environ["ASAN_OPTIONS"]
        e.update({k: str(v) for k, v in extra.items()})
        return e

    yield make
    env.events = original


def cron(env, vars: dict, name="cron"):
    return env.start(vars, args=("cron",), name=name)


def test_a_run_runs_the_command_once_as_www_data_and_exits_0(env, cron_env):
    run = cron(env, cron_env())
    assert run.wait_exit() == 0, run.text()
    assert [line.split()[0] for line in env.event_lines()] == ["start", "end"]
    uid = 33 if os.geteuid() == 0 else os.geteuid()
    assert f"as uid {uid} (at most 600 s)" in run.text()
    assert env.event_lines()[0].split()[2] == str(uid)
    assert run.lines()[-1] == "wp-init: cron: done"
    # The lock is its own file, not the seeding lock, and it is let go.
    lock = env.shared / ".wpecs/cron.lock"
    assert lock.is_file() and lock.read_text() == ""
    assert not (env.shared / ".wpecs/lock").exists()


def test_overlapping_runs_run_the_command_once(env, cron_env):
    """Five runs started together while the first one's command is still going: one runs,
    the others say so in one line and exit 0 (not an error: the schedule is healthy)."""
    runs = [cron(env, cron_env(FAKE_CRON_SLEEP=2), name=f"cron{i}") for i in range(5)]
    codes = [r.wait_exit(20) for r in runs]
    assert codes == [0] * 5, [r.text() for r in runs]
    assert [line.split()[0] for line in env.event_lines()] == ["start", "end"], env.event_lines()
    skipped = [r for r in runs if "another cron run is in progress" in r.text()]
    assert len(skipped) == 4, [r.text() for r in runs]
    for r in skipped:
        assert len(r.lines()) == 1, r.text()
        assert re.fullmatch(
            r"wp-init: another cron run is in progress \(\S+/\.wpecs/cron\.lock held by "
            r"host=\S+ pid=\d+ since=\S+ \(from the lock file\)\)",
            r.lines()[0],
        ), r.lines()
    # Once the holder is done, the next tick runs again.
    again = cron(env, cron_env())
    assert again.wait_exit() == 0, again.text()
    assert [line.split()[0] for line in env.event_lines()] == ["start", "end", "start", "end"]


def test_a_failing_command_is_exit_70(env, cron_env, fake_cron):
    run = cron(env, cron_env(FAKE_CRON_EXIT=3))
    assert run.wait_exit() == 70, run.text()
    assert run.lines()[-1] == f"wp-init: cron command failed (exit status 3): {fake_cron[0]}"


def test_a_command_past_its_timeout_gets_sigterm_and_is_exit_70(env, cron_env, fake_cron):
    run = cron(env, cron_env(FAKE_CRON_SLEEP=30, WPECS_CRON_TIMEOUT=1))
    t0 = time.monotonic()
    assert run.wait_exit(15) == 70, run.text()
    assert time.monotonic() - t0 < 8
    assert [line.split()[0] for line in env.event_lines()] == ["start", "term"]
    assert run.lines()[-1] == (
        f"wp-init: cron command timed out after 1 s (WPECS_CRON_TIMEOUT) and was stopped "
        f"(exit status 143): {fake_cron[0]}"
    )


def test_sigterm_is_passed_on(env, cron_env):
    run = cron(env, cron_env(FAKE_CRON_SLEEP=30))
    wait_until("the command to start", lambda: any(l.startswith("start ") for l in env.event_lines()))
    run.signal(signal.SIGTERM)
    assert run.wait_exit(15) == 143, run.text()
    assert [line.split()[0] for line in env.event_lines()] == ["start", "term"]
    # The lock went with it: the next run runs.
    again = cron(env, cron_env())
    assert again.wait_exit() == 0, again.text()


@pytest.mark.parametrize(
    "var,value,message",
    [
        (
            "WPECS_CRON",
            "on",
            'wp-init: WPECS_CRON: "on" is neither wp (WordPress runs due events on page views, the '
            "default) nor external (DISABLE_WP_CRON; `wp-init cron` runs them)",
        ),
        (
            "WPECS_CRON_TIMEOUT",
            "soon",
            'wp-init: WPECS_CRON_TIMEOUT: "soon" is not a positive integer of seconds (1..86400)',
        ),
        ("WPECS_CRON_CMD", "", "wp-init: WPECS_CRON_CMD: is empty (the cron command is required)"),
    ],
)
def test_bad_settings_are_64_and_one_line_and_touch_nothing(env, cron_env, var, value, message):
    run = cron(env, cron_env(**{var: value}))
    assert run.wait_exit() == 64, run.text()
    assert run.lines() == [message]
    assert list(env.shared.iterdir()) == []
    assert env.event_lines() == []


def test_a_missing_command_is_127(env, cron_env):
    run = cron(env, cron_env(WPECS_CRON_CMD="/nonexistent/php cron.php"))
    assert run.wait_exit() == 127, run.text()
    assert run.lines() == ["wp-init: WPECS_CRON_CMD: /nonexistent/php not found"]


def test_a_bad_wpecs_cron_also_stops_the_web_start(env, greeter):
    init = env.start(env.vars(greeter.port, WPECS_CRON="External"))
    assert init.wait_exit() == 64, init.text()
    assert init.lines()[-1].startswith('wp-init: WPECS_CRON: "External" is neither wp')
    assert list(env.shared.iterdir()) == []
