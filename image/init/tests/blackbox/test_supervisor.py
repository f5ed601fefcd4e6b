"""PID 1 duties with real child processes: graceful stop, a dying child, zombie
reaping, signal forwarding, the drain timeout."""

import os
import re
import signal
import time
from pathlib import Path

from conftest import FAKE, wait_until


def start_running(env, greeter, **extra):
    return env.start_running(greeter.port, **extra)


def test_run_waits_for_the_database_greeting_then_starts_fpm_before_httpd(env, greeter):
    init = start_running(env, greeter)
    text = init.text()
    assert f"database 127.0.0.1:{greeter.port} answered (server 10.11.6-MariaDB-fake)" in text
    assert greeter.connections >= 1
    assert text.index("started php-fpm") < text.index("started httpd")
    # each server is the leader of its own process group
    for name in ("httpd", "php-fpm"):
        pid = env.server_pid(name)
        assert os.getpgid(pid) == pid
        assert os.getpgid(pid) != os.getpgid(init.pid)


def test_error_packet_counts_as_an_answer(env):
    from conftest import Greeter

    g = Greeter(error=True)
    try:
        init = start_running(env, g)
        assert "answered (error 1040: Too many connections)" in init.text()
    finally:
        g.close()


def test_sigterm_is_winch_to_httpd_then_quit_to_fpm_and_exit_0(env, greeter):
    init = start_running(env, greeter)
    init.signal(signal.SIGTERM)
    assert init.wait_exit() == 0, init.text()
    events = [e for e in env.event_lines() if " got " in e or " exit " in e]
    assert events == [
        "httpd got WINCH",
        "httpd exit 0 on WINCH",
        "php-fpm got QUIT",
        "php-fpm exit 0 on QUIT",
    ], events
    assert "stopped cleanly" in init.text()


def test_sigint_stops_the_same_way(env, greeter):
    init = start_running(env, greeter)
    init.signal(signal.SIGINT)
    assert init.wait_exit() == 0
    assert "httpd got WINCH" in env.event_lines()


def test_child_killed_by_sigkill_stops_the_other_and_exits_137(env, greeter):
    init = start_running(env, greeter)
    os.kill(env.server_pid("httpd"), signal.SIGKILL)
    assert init.wait_exit() == 137, init.text()
    assert "php-fpm got QUIT" in env.event_lines()
    assert re.search(r"httpd \(pid \d+\) exited by itself: killed by SIGKILL", init.text())


def test_fpm_exiting_with_a_code_stops_httpd_and_passes_the_code_on(env, greeter):
    from conftest import FAKE

    init = start_running(env, greeter, WPECS_FPM_CMD=f"{FAKE} php-fpm USR1 3")
    os.kill(env.server_pid("php-fpm"), signal.SIGUSR1)
    assert init.wait_exit() == 3, init.text()
    assert "httpd got WINCH" in env.event_lines()
    assert re.search(r"php-fpm \(pid \d+\) exited by itself: exit status 3", init.text())


def test_zombies_are_reaped_including_orphaned_grandchildren(env, greeter):
    pidfile = env.tmp / "orphan.pid"
    init = start_running(env, greeter, FAKE_ORPHAN_PIDFILE=pidfile)
    orphan = int(wait_until("the orphan's pid", lambda: pidfile.exists() and pidfile.read_text().strip()))

    def status_of(pid):
        try:
            return Path(f"/proc/{pid}/status").read_text()
        except (FileNotFoundError, ProcessLookupError):
            return None

    st = status_of(orphan)
    if st is not None:  # still sleeping: it must have been handed to wp-init
        assert re.search(rf"^PPid:\s+{init.pid}$", st, re.M), st
    # Once it exits, wp-init reaps it: the /proc entry disappears (no zombie).
    wait_until("the orphan to be reaped", lambda: status_of(orphan) is None, 5)
    # No zombie children of wp-init at all, and wp-init did not mistake it for a server.
    zombies = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            s = status_of(entry)
            if s and re.search(rf"^PPid:\s+{init.pid}$", s, re.M) and re.search(r"^State:\s+Z", s, re.M):
                zombies.append(entry)
    assert zombies == []
    assert init.proc.poll() is None
    assert "exited by itself" not in init.text()


def test_hup_usr1_usr2_are_forwarded_to_httpd_only(env, greeter):
    init = start_running(env, greeter)
    for sig, name in ((signal.SIGHUP, "HUP"), (signal.SIGUSR1, "USR1"), (signal.SIGUSR2, "USR2")):
        init.signal(sig)
        env.wait_event(f"httpd got {name}")
        init.wait_log(rf"forwarded SIG{name} to httpd")
    assert not [e for e in env.event_lines() if e.startswith("php-fpm got")]
    assert init.proc.poll() is None


def test_terminal_resize_does_not_stop_the_site(env, greeter):
    # SIGWINCH is what a terminal sends on resize (docker run -it); for Apache it means
    # graceful stop, so passing it on would take the site down.
    init = start_running(env, greeter)
    init.signal(signal.SIGWINCH)
    init.wait_log("ignoring SIGWINCH")
    init.signal(signal.SIGUSR1)  # a later signal proves the WINCH was handled (and dropped)
    env.wait_event("httpd got USR1")
    assert [e for e in env.event_lines() if " got " in e] == ["httpd got USR1"]
    assert init.proc.poll() is None
    init.signal(signal.SIGTERM)
    assert init.wait_exit() == 0, init.text()


def stop_with_a_1s_drain(env, greeter, httpd_signals):
    """Start with a fake httpd that stops only on `httpd_signals` and a 1 s drain,
    send SIGTERM; returns wp-init, its exit status and how long it took."""
    init = start_running(env, greeter, WPECS_HTTPD_CMD=f"{FAKE} httpd {httpd_signals}", WPECS_DRAIN_TIMEOUT=1)
    t0 = time.monotonic()
    init.signal(signal.SIGTERM)
    rc = init.wait_exit()
    return init, rc, time.monotonic() - t0


def test_drain_timeout_then_sigterm(env, greeter):
    init, rc, took = stop_with_a_1s_drain(env, greeter, "TERM")
    events = [e for e in env.event_lines() if " got " in e]
    assert events == ["httpd got WINCH", "httpd got TERM", "php-fpm got QUIT"], events
    assert 0.9 <= took < 4, took
    assert rc == 1, init.text()  # stopped, but not gracefully
    assert "sending SIGTERM to httpd" in init.text()


def test_server_ignoring_winch_and_term_is_killed(env, greeter):
    init, rc, took = stop_with_a_1s_drain(env, greeter, "")
    assert rc == 137, init.text()
    assert [e for e in env.event_lines() if " got " in e] == [
        "httpd got WINCH",
        "httpd got TERM",
        "php-fpm got QUIT",
    ]
    assert 2.9 <= took < 6, took  # 1 s drain + 2 s after SIGTERM


def test_exec_failure_after_the_check_is_127(env, greeter):
    # The file is executable, but its interpreter is missing: exec fails in the child,
    # which says so in one line and exits 127; wp-init stops PHP-FPM and passes 127 on.
    script = env.tmp / "broken-httpd"
    script.write_text("#!/nonexistent/interpreter\n")
    script.chmod(0o755)
    init = env.start(env.vars(greeter.port, WPECS_HTTPD_CMD=str(script)))
    assert init.wait_exit() == 127, init.text()
    assert f"wp-init: {script}: not found" in init.lines()
    # PHP-FPM may not even have set up its traps yet; wp-init asked it to stop.
    assert re.search(r"sending SIGQUIT to php-fpm \(pid \d+\)", init.text()), init.text()
