"""The static binary in a container of the project's Debian base: resolves a service name (`db`)
through Docker's DNS, is PID 1, and stops gracefully on `docker stop`."""

import json
import os
import shutil
import subprocess
import time
import uuid

import pytest
from conftest import BASE_IMAGE, FAKE, MEMORY_BUDGET, make_seed, wait_until, wpinit_bin

IMAGE = os.environ.get("WPINIT_TEST_IMAGE", BASE_IMAGE)
LABEL = "wpecs.test=wp-init-blackbox"

# A fake MariaDB for the `db` container: perl is in every Debian image.
PERL_GREETER = r"""
use IO::Socket::INET;
my $s = IO::Socket::INET->new(LocalPort => 3306, Listen => 16, ReuseAddr => 1) or die "listen: $!";
my $p = "\x0a" . "10.11.6-MariaDB-docker\0" . pack("V", 7) . "abcdefgh\0";
my $pkt = substr(pack("V", length $p), 0, 3) . "\0" . $p;
while (my $c = $s->accept) { print $c $pkt; close $c; }
"""


def docker(*args, check=True, timeout=60):
    return subprocess.run(["docker", *args], capture_output=True, text=True, check=check, timeout=timeout)


def docker_ready() -> str:
    if not shutil.which("docker"):
        return "docker CLI not installed"
    try:
        if docker("info", check=False, timeout=20).returncode != 0:
            return "Docker engine not answering"
        if docker("image", "inspect", IMAGE, check=False).returncode != 0:
            return f"image {IMAGE} missing (tools/base-image.sh builds it)"
    except subprocess.TimeoutExpired:
        return "docker info timed out"
    return ""


pytestmark = [pytest.mark.docker]


@pytest.fixture
def net(tmp_path):
    why = docker_ready()
    if why:
        pytest.skip(why)
    suffix = uuid.uuid4().hex[:10]
    names = {"net": f"wpinit-bb-{suffix}", "db": f"wpinit-bb-db-{suffix}", "app": f"wpinit-bb-app-{suffix}"}
    docker("network", "create", "--label", LABEL, names["net"])
    try:
        yield names
    finally:
        docker("rm", "-f", names["app"], names["db"], check=False)
        docker("network", "rm", names["net"], check=False)


def app_args(names, tmp_path, db_host):
    make_seed(tmp_path / "image/wp-content", files=3)
    (tmp_path / "image/seed-version").write_text("docker-test\n")
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared/events.log").touch()
    (tmp_path / "memory.env").write_text(MEMORY_BUDGET)
    return [
        "run",
        "-d",
        "--name",
        names["app"],
        "--label",
        LABEL,
        "--network",
        names["net"],
        "--hostname",
        "replica-1",
        "--memory",
        "2g",
        "-v",
        f"{tmp_path}/memory.env:/etc/wordpress-ecs/memory.env:ro",
        "-v",
        f"{wpinit_bin()}:/usr/local/bin/wp-init:ro",
        "-v",
        f"{FAKE}:/fake_server.sh:ro",
        "-v",
        f"{tmp_path}/image:/usr/share/wordpress-ecs:ro",
        "-v",
        f"{tmp_path}/shared:/var/www/shared",
        "-e",
        f"WORDPRESS_DB_HOST={db_host}",
        "-e",
        "WORDPRESS_DB_USER=wp",
        "-e",
        "WORDPRESS_DB_PASSWORD=",
        "-e",
        "WPECS_DB_WAIT_TIMEOUT=3",
        "-e",
        "WPECS_DRAIN_TIMEOUT=3",
        "-e",
        "WPECS_DB_UPGRADE_CMD=",
        "-e",
        "WPECS_HTTPD_CMD=/fake_server.sh httpd WINCH",
        "-e",
        "WPECS_FPM_CMD=/fake_server.sh php-fpm QUIT",
        "-e",
        "FAKE_EVENTS=/var/www/shared/events.log",
        "--entrypoint",
        "/usr/local/bin/wp-init",
        IMAGE,
        "run",
    ]


def logs(name):
    p = docker("logs", name, check=False)
    return p.stdout + p.stderr


def state(name):
    return json.loads(docker("inspect", name).stdout)[0]["State"]


def test_resolves_db_by_name_runs_as_pid_1_and_stops_gracefully(net, tmp_path):
    docker(
        "run",
        "-d",
        "--name",
        net["db"],
        "--label",
        LABEL,
        "--network",
        net["net"],
        "--network-alias",
        "db",
        IMAGE,
        "perl",
        "-e",
        PERL_GREETER,
    )
    docker(*app_args(net, tmp_path, "db"))
    wait_until("wp-init to start the servers", lambda: "started httpd" in logs(net["app"]), 30, 0.2)
    text = logs(net["app"])
    assert "database db:3306 answered (server 10.11.6-MariaDB-docker)" in text, text
    assert "seeded wp-content (version docker-test) as replica-1" in text
    # PHP-FPM sized from the container's own cgroup limit (v1 or v2, whichever the host has)
    assert "php-fpm max children 5 = (2048 MiB cgroup memory." in text, text
    top = docker("exec", net["app"], "cat", "/proc/1/cmdline").stdout
    assert top.split("\0")[0] == "/usr/local/bin/wp-init"
    t0 = time.monotonic()
    docker("stop", "-t", "20", net["app"])
    took = time.monotonic() - t0
    st = state(net["app"])
    assert st["ExitCode"] == 0, logs(net["app"])
    assert took < 10, took
    events = (tmp_path / "shared/events.log").read_text().splitlines()
    assert [e for e in events if " got " in e] == ["httpd got WINCH", "php-fpm got QUIT"]
    assert (tmp_path / "shared/wp-content/index.php").stat().st_uid == 33


def test_unknown_host_is_reported_as_not_resolvable(net, tmp_path):
    host = f"no-such-db-{net['db']}"
    docker(*app_args(net, tmp_path, host))
    wait_until("wp-init to give up", lambda: state(net["app"])["Status"] == "exited", 30, 0.2)
    assert state(net["app"])["ExitCode"] == 69
    last = logs(net["app"]).splitlines()[-1]
    assert last.startswith(
        f"wp-init: database {host}:3306 did not answer within 3 s: cannot resolve {host}: "
    ), last
