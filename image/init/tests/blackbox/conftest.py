"""Fixtures for black-box tests of the real wp-init binary: a fake MySQL server, fake
Apache/PHP-FPM processes, a seed tree and an empty shared volume in a temp dir."""

import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[3]
sys.path.insert(0, str(ROOT / "tools"))
import polling  # noqa: E402 - the one polling helper

# The project's debootstrapped Debian base (tools/base-image.sh), for the tests.
from settings import BASE_IMAGE  # noqa: E402,F401 - the test files import it from here

FAKE = HERE / "fake_server.sh"


def wpinit_bin() -> str:
    path = os.environ.get("WPINIT_BIN", str(ROOT / "build/init/wp-init"))
    if not os.access(path, os.X_OK):
        pytest.fail(f"wp-init binary not found at {path}: run `make init` (or set WPINIT_BIN)")
    return path


def wait_until(what, predicate, timeout=10.0, interval=0.02):
    """tools/polling.py's wait_until, at a process test's pace: 20 ms between
    polls and 10 s by default (a fake server starts in milliseconds)."""
    return polling.wait_until(what, predicate, timeout, interval)


class Greeter:
    """A fake MySQL server on 127.0.0.1 that sends a protocol v10 greeting (or an error
    packet) to every connection and closes it."""

    def __init__(self, error: bool = False):
        if error:
            payload = b"\xff" + struct.pack("<H", 1040) + b"#08004Too many connections"
        else:
            payload = b"\x0a" + b"10.11.6-MariaDB-fake\x00" + struct.pack("<I", 42) + b"abcdefgh\x00"
        self.packet = struct.pack("<I", len(payload))[:3] + b"\x00" + payload
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self):
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            with conn:
                conn.sendall(self.packet)

    def close(self):
        self._stop.set()
        self._thread.join()
        self.sock.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Init:
    """One running wp-init process with its stderr kept in a file."""

    def __init__(self, args, env, log_path: Path):
        self.log_path = log_path
        self._log = open(log_path, "wb")  # noqa: SIM115 - open while the process runs; closed by wait_exit/stop
        self.proc = subprocess.Popen(
            [wpinit_bin(), *args], env=env, stdout=self._log, stderr=subprocess.STDOUT
        )
        self.pid = self.proc.pid

    def text(self) -> str:
        return self.log_path.read_text(errors="replace")

    def lines(self) -> list[str]:
        return self.text().splitlines()

    def wait_log(self, pattern: str, timeout=10.0) -> re.Match:
        def found():
            m = re.search(pattern, self.text())
            if not m and self.proc.poll() is not None:
                raise AssertionError(
                    f"wp-init exited {self.proc.returncode} before /{pattern}/:\n{self.text()}"
                )
            return m

        try:
            return wait_until(f"/{pattern}/ in wp-init's log", found, timeout)
        except AssertionError as e:
            raise AssertionError(f"{e}\nlog so far:\n{self.text()}") from None

    def wait_exit(self, timeout=15.0) -> int:
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise AssertionError(f"wp-init still running after {timeout}s:\n{self.text()}") from None

    def signal(self, sig):
        os.kill(self.pid, sig)

    def stop(self):
        """Graceful first, so its servers go too; SIGKILL if that does not work."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log.close()


class Env:
    """A seed tree, an empty shared volume, fake servers and an events log."""

    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.seed = tmp / "image/wp-content"
        self.shared = tmp / "shared"
        self.events = tmp / "events.log"
        self.shared.mkdir()
        make_seed(self.seed, files=30)
        (tmp / "image/seed-version").write_text("wordpress-test-1\n")
        self.events.touch()
        self.memory_budget = tmp / "memory.env"
        self.memory_budget.write_text(MEMORY_BUDGET)
        self.inits: list[Init] = []

    def vars(self, db_port: int, **extra) -> dict:
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "WORDPRESS_DB_HOST": f"127.0.0.1:{db_port}",
            "WORDPRESS_DB_USER": "wordpress",
            "WORDPRESS_DB_PASSWORD": "secret",
            "WPECS_SHARED_DIR": str(self.shared),
            "WPECS_SEED_DIR": str(self.seed),
            "WPECS_DB_WAIT_TIMEOUT": "10",
            "WPECS_DRAIN_TIMEOUT": "5",
            "WPECS_FPM_CMD": f"{FAKE} php-fpm QUIT",
            "WPECS_HTTPD_CMD": f"{FAKE} httpd WINCH",
            "WPECS_DB_UPGRADE_CMD": "",
            "FAKE_EVENTS": str(self.events),
            "WPECS_MEMORY_BUDGET": str(self.memory_budget),
            "WPECS_MEMORY_MB": "2048",
        }
        if "ASAN_OPTIONS" in os.environ:
            env["ASAN_OPTIONS"] = os.environ["ASAN_OPTIONS"]
        env.update({k: str(v) for k, v in extra.items()})
        return env

    def start(self, env: dict, args=("run",), name="wp-init") -> Init:
        init = Init(list(args), env, self.tmp / f"{name}-{len(self.inits)}.log")
        self.inits.append(init)
        return init

    def start_running(self, db_port: int, name="wp-init", **extra) -> Init:
        """Starts wp-init and waits until both fake servers have set up their traps."""
        before = self.started_count()
        init = self.start(self.vars(db_port, **extra), name=name)
        init.wait_log(r"started httpd \(pid \d+\)", timeout=30)
        wait_until("both fake servers to be ready", lambda: self.started_count() >= before + 2, 10)
        return init

    def started_count(self) -> int:
        return sum(1 for line in self.event_lines() if re.match(r"(httpd|php-fpm) started ", line))

    def event_lines(self) -> list[str]:
        return self.events.read_text().splitlines()

    def wait_event(self, line: str, timeout=10.0):
        wait_until(f"event '{line}'", lambda: line in self.event_lines(), timeout)

    def server_pid(self, name: str) -> int:
        def pid():
            for line in self.event_lines():
                m = re.match(rf"{name} started (\d+)", line)
                if m:
                    return int(m.group(1))
            return None

        return wait_until(f"{name} to start", pid)


# The image's memory budget (the webserver role's memory.env) with its default settings:
# 256M memory_limit, 192 MiB OPcache + 64 MiB JIT, two 128M health workers.
MEMORY_BUDGET = """# test copy of /etc/wordpress-ecs/memory.env
PHP_MEMORY_LIMIT_MB=256
OPCACHE_MB=256
HEALTH_POOL_MB=256
APACHE_MB=64
HEADROOM_MB=64
FPM_MAX_CHILDREN_CAP=70
MIN_MB=896
"""


def make_seed(root: Path, files: int):
    """A small wp-content: themes, plugins (one with many files), index.php."""
    (root / "themes/twentytwo").mkdir(parents=True)
    (root / "themes/twentytwo/style.css").write_text("/* theme */\n")
    (root / "themes/index.php").write_text("<?php\n")
    (root / "plugins/akismet/lib").mkdir(parents=True)
    for i in range(files):
        (root / f"plugins/akismet/lib/f{i:03}.php").write_text(f"<?php // {i}\n" * 20)
    (root / "index.php").write_text("<?php // Silence is golden.\n")


def tree(root: Path) -> dict:
    """Relative path -> file content (None for directories)."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for d in dirnames:
            out[os.path.relpath(os.path.join(dirpath, d), root)] = None
        for f in filenames:
            p = os.path.join(dirpath, f)
            out[os.path.relpath(p, root)] = Path(p).read_bytes()
    return out


@pytest.fixture
def env(tmp_path):
    e = Env(tmp_path)
    yield e
    for init in e.inits:
        init.stop()
    # Fake servers orphaned by a wp-init the test killed with SIGKILL: ours, by pid.
    for line in e.event_lines():
        m = re.match(r"\S+ started (\d+) ", line)
        if not m:
            continue
        pid = int(m.group(1))
        try:
            if str(FAKE) in Path(f"/proc/{pid}/cmdline").read_text():
                os.killpg(pid, signal.SIGKILL)
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            pass


@pytest.fixture
def open_dir():
    """A directory www-data (which runs the scripts wp-init starts) may enter,
    with mode 0755; pytest's tmp_path is private to root. Removed afterwards."""
    d = Path(tempfile.mkdtemp(prefix="wpinit-bb-"))
    d.chmod(0o755)
    yield d
    shutil.rmtree(d)


@pytest.fixture
def greeter():
    g = Greeter()
    yield g
    g.close()


def pytest_configure(config):
    config.addinivalue_line("markers", "docker: needs the Docker engine and the project's Debian base image")
