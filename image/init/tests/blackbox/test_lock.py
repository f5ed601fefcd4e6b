"""The volume lock: its holder writes host, pid and time into the lock
file; a waiter logs who holds it and gives up after WPECS_LOCK_TIMEOUT with exit 75."""

import re
import socket
import subprocess
import sys
import time

import pytest
from conftest import free_port, wait_until, wpinit_bin

# Holds a POSIX lock on the file until killed: what a script with fcntl (local/
# volume-swap.sh) does, and what PHP's flock() becomes on NFS, so on EFS.
HOLDER = """
import fcntl, sys, time
f = open(sys.argv[1], "r+")
fcntl.lockf(f, fcntl.LOCK_EX)
print("locked", flush=True)
time.sleep(600)
"""


@pytest.fixture
def foreign_holder(env):
    (env.shared / ".wpecs").mkdir()
    lock = env.shared / ".wpecs/lock"
    lock.write_text("")
    p = subprocess.Popen([sys.executable, "-c", HOLDER, str(lock)], stdout=subprocess.PIPE, text=True)
    assert p.stdout.readline().strip() == "locked"
    yield p
    p.kill()
    p.wait()


def test_a_lock_held_forever_is_given_up_with_75_naming_the_holder(env, greeter, foreign_holder):
    init = env.start(env.vars(greeter.port, WPECS_LOCK_TIMEOUT=2))
    t0 = time.monotonic()
    assert init.wait_exit(10) == 75, init.text()
    took = time.monotonic() - t0
    assert 1.9 <= took < 5, took
    text = init.text()
    assert re.search(
        rf"waiting for the volume lock \S+/\.wpecs/lock, held by pid {foreign_holder.pid} "
        r"\(the lock file names no holder\)",
        text,
    ), text
    assert init.lines()[-1] == (
        f"wp-init: gave up waiting for the volume lock {env.shared}/.wpecs/lock after 2 s "
        f"(WPECS_LOCK_TIMEOUT), held by pid {foreign_holder.pid} "
        "(the lock file names no holder)"
    )
    assert not (env.shared / "wp-content").exists()
    assert env.event_lines() == []


def test_the_holder_writes_host_pid_and_time_and_a_waiter_logs_them(env, greeter):
    first = env.start(env.vars(greeter.port, WPECS_TEST_COPY_DELAY_MS=200), name="first")
    lock = env.shared / ".wpecs/lock"
    content = wait_until("the holder line", lambda: lock.exists() and lock.read_text(), 10)
    assert re.fullmatch(
        rf"host={re.escape(socket.gethostname())} pid={first.pid} "
        r"since=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\n",
        content,
    ), content
    second = env.start(env.vars(greeter.port, WPECS_LOCK_TIMEOUT=60), name="second")
    second.wait_log(
        rf"waiting for the volume lock \S+, held by host={re.escape(socket.gethostname())} "
        rf"pid={first.pid} since=\S+ \(from the lock file\)",
        timeout=10,
    )
    second.wait_log("started httpd", timeout=30)  # the first one finished and let go
    assert lock.read_text() == ""  # released: no stale holder left behind


def test_sigterm_while_waiting_for_the_lock_is_143(env, greeter, foreign_holder):
    init = env.start(env.vars(greeter.port))
    init.wait_log("waiting for the volume lock")
    init.signal(15)
    assert init.wait_exit(3) == 143, init.text()


@pytest.mark.parametrize("value", ["0", "soon", "86401"])
def test_bad_lock_timeout_is_64(env, value):
    p = subprocess.run(
        [wpinit_bin(), "run"],
        env=env.vars(free_port(), WPECS_LOCK_TIMEOUT=value),
        capture_output=True,
        text=True,
        timeout=20,
    )
    assert p.returncode == 64
    assert (
        p.stderr
        == f'wp-init: WPECS_LOCK_TIMEOUT: "{value}" is not a positive integer of seconds (1..86400)\n'
    )
