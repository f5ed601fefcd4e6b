"""Signals at the edges of a start: a stop request right after
start, during the seed copy, or during the database wait ends wp-init promptly with
128+signal and leaves nothing half-done; this holds when wp-init is PID 1 too."""

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
from conftest import free_port, wait_until, wpinit_bin

# 34 files at 300 ms each: a copy of about 10 s, far longer than a prompt stop may take.
SLOW_COPY = {"WPECS_TEST_COPY_DELAY_MS": 300}


def staged_files(env) -> int:
    wpecs = env.shared / ".wpecs"
    staged = [n for n in os.listdir(wpecs) if n.startswith("tmp.")] if wpecs.exists() else []
    return sum(len(f) for _, _, f in os.walk(wpecs / staged[0])) if staged else 0


def test_sigterm_right_after_start_ends_promptly(env, greeter):
    init = env.start(env.vars(greeter.port, **SLOW_COPY))
    init.wait_log(r"wp-init \S+: database ")  # the first line: signals are taken from here on
    t0 = time.monotonic()
    init.signal(signal.SIGTERM)
    assert init.wait_exit(8) == 128 + signal.SIGTERM, init.text()
    assert time.monotonic() - t0 < 1.5, init.text()
    assert not (env.shared / "wp-content").exists()
    assert env.event_lines() == []  # no server was started


def test_sigterm_during_the_seed_copy_ends_promptly_and_the_next_start_seeds(env, greeter):
    init = env.start(env.vars(greeter.port, **SLOW_COPY))
    wait_until("the copy to be under way", lambda: staged_files(env) >= 2, 15)
    t0 = time.monotonic()
    init.signal(signal.SIGTERM)
    assert init.wait_exit(12) == 128 + signal.SIGTERM, init.text()
    assert time.monotonic() - t0 < 1.5, init.text()
    assert "received SIGTERM while seeding the volume; exiting" in init.text()
    assert not (env.shared / "wp-content").exists()
    assert not (env.shared / ".wpecs/seed.marker").exists()
    assert env.event_lines() == []

    nxt = env.start_running(greeter.port, name="next")
    assert "seeded wp-content (version wordpress-test-1)" in nxt.text()


def test_sigint_during_the_seed_copy_is_130(env, greeter):
    init = env.start(env.vars(greeter.port, **SLOW_COPY))
    wait_until("the copy to be under way", lambda: staged_files(env) >= 2, 15)
    init.signal(signal.SIGINT)
    assert init.wait_exit(3) == 128 + signal.SIGINT, init.text()


def child_of(pid: int) -> int:
    """The one child of `pid` (unshare --fork's child, which is PID 1 of its namespace)."""

    def find():
        try:
            kids = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except FileNotFoundError:
            return None
        return int(kids[0]) if kids else None

    return wait_until("unshare's child", find, 5)


@pytest.mark.skipif(
    os.geteuid() != 0 or not shutil.which("unshare"), reason="a PID namespace needs root and unshare"
)
@pytest.mark.parametrize("phase", ["database wait", "seed copy"])
def test_sigterm_to_wpinit_as_pid_1_ends_promptly(env, greeter, phase):
    # As PID 1 the kernel drops signals that have no handler and are not blocked; wp-init
    # must have them blocked (and so queued) from its first instruction on.
    if phase == "database wait":
        variables = env.vars(free_port(), WPECS_DB_WAIT_TIMEOUT=60)
        ready = lambda: "not answering" in log.read_text()  # noqa: E731
    else:
        variables = env.vars(greeter.port, **SLOW_COPY)
        ready = lambda: staged_files(env) >= 2  # noqa: E731
    log = env.tmp / "pid1.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            ["unshare", "--pid", "--fork", wpinit_bin(), "run"],
            env=variables,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        pid1 = child_of(proc.pid)
        wait_until(f"the {phase}", ready, 15)
        t0 = time.monotonic()
        os.kill(pid1, signal.SIGTERM)
        # unshare passes on its child's exit status
        assert proc.wait(timeout=8) == 128 + signal.SIGTERM, log.read_text()
        assert time.monotonic() - t0 < 1.5, log.read_text()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
