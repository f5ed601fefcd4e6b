"""Fixtures for the image tests: a real MariaDB (built from the project's
Debian base, no pull), WordPress containers of the image under test, a
private network and volumes. Every name starts with wpecs-imgtest-<random> and
everything is removed at the end. Ports are published on 127.0.0.1 only."""

import contextlib
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
from polling import wait_until  # noqa: E402
from settings import BASE_IMAGE, DEBIAN_RELEASE, IMAGE, PHP_VERSION, WORDPRESS_VERSION  # noqa: E402,F401

VERSION = (
    os.environ.get("VERSION")
    or subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
)
IMAGE_REF = f"{IMAGE}:{VERSION}"
DB_PASSWORD = "imgtest-" + secrets.token_hex(8)


def docker(*args, check=True, timeout=300, input=None):
    """Run the docker CLI; return the CompletedProcess (text)."""
    proc = subprocess.run(["docker", *args], capture_output=True, text=True, timeout=timeout, input=input)
    if check and proc.returncode != 0:
        raise AssertionError(f"docker {' '.join(args)} failed ({proc.returncode}): {proc.stderr.strip()}")
    return proc


def wait_for(what, predicate, timeout, interval=0.5):
    """tools/polling.py's wait_until, polling every half second by default."""
    return wait_until(what, predicate, timeout, interval)


def image_release(image_ref=IMAGE_REF):
    out = docker("run", "--rm", "--entrypoint", "cat", image_ref, "/etc/wordpress-ecs/release").stdout
    return dict(line.split("=", 1) for line in out.splitlines() if "=" in line)


def pytest_report_header(config):
    try:
        release = image_release()
        return f"image {IMAGE_REF}: WordPress {release.get('WORDPRESS_VERSION')}, release {release}"
    except Exception as exc:
        return f"image {IMAGE_REF}: cannot read its release file ({exc})"


class Names:
    def __init__(self):
        self.prefix = f"wpecs-imgtest-{secrets.token_hex(4)}"
        self.containers, self.volumes, self.networks = [], [], []

    def container(self, role):
        name = f"{self.prefix}-{role}"
        self.containers.append(name)
        return name

    def volume(self, role):
        name = f"{self.prefix}-{role}"
        self.volumes.append(name)
        return name


@pytest.fixture(scope="session")
def names():
    n = Names()
    yield n
    for c in reversed(n.containers):
        docker("rm", "-f", "-v", c, check=False)
    for v in n.volumes:
        docker("volume", "rm", "-f", v, check=False)
    for net in n.networks:
        docker("network", "rm", net, check=False)


@pytest.fixture(scope="session")
def image():
    if docker("image", "inspect", IMAGE_REF, check=False).returncode != 0:
        pytest.fail(f"image {IMAGE_REF} is missing: run 'make build VERSION={VERSION}'")
    info = json.loads(docker("image", "inspect", IMAGE_REF).stdout)[0]
    release = image_release()
    print(f"\nimage under test: {IMAGE_REF}, WordPress {release['WORDPRESS_VERSION']}")
    return {"ref": IMAGE_REF, "inspect": info, "release": release}


@pytest.fixture(scope="session")
def network(names):
    name = f"{names.prefix}-net"
    docker("network", "create", "--label", "wpecs-imgtest=1", name)
    names.networks.append(name)
    return name


def db_image():
    """The local stack's MariaDB image (local/db), tagged like local/lib.sh does,
    so both share one build. Built from the project's Debian base: no pull."""
    return aux_image("db")


def aux_image(service):
    """One of the local stack's images (local/<service>: db, mail), built when
    missing; the name local/stack.sh gives it, so both share one build."""
    p = subprocess.run(
        [str(ROOT / "local" / "stack.sh"), "aux-image", service], capture_output=True, text=True, timeout=900
    )
    assert p.returncode == 0, f"local/stack.sh aux-image {service}: {p.stderr}"
    return p.stdout.strip()


def health(container):
    return docker(
        "inspect", "-f", "{{if .State.Health}}{{.State.Health.Status}}{{end}}", container
    ).stdout.strip()


def env_args(env):
    """docker run/exec's -e arguments for a dict of variables."""
    return [a for k, v in env.items() for a in ("-e", f"{k}={v}")]


def start_service(names, network, role, alias, image_ref, env, docker_args=(), timeout=180):
    """A container of one of the local stack's images, reachable as `alias` on
    the test network, once its health check says healthy; returns its name."""
    name = names.container(role)
    docker(
        "run", "-d", "--name", name, "--network", network, "--network-alias", alias,
        *env_args(env), *docker_args, image_ref,
    )  # fmt: skip
    wait_for(f"{name} healthy", lambda: health(name) == "healthy", timeout)
    return name


def start_db(names, network, role, alias):
    env = {"MARIADB_DATABASE": "wordpress", "MARIADB_USER": "wordpress", "MARIADB_PASSWORD": DB_PASSWORD}
    volume = ["-v", f"{names.volume(f'{role}-data')}:/var/lib/mysql"]
    name = start_service(names, network, role, alias, db_image(), env, volume)
    return {"name": name, "alias": alias}


@pytest.fixture(scope="session")
def db(names, network):
    return start_db(names, network, "db", "db")


def wp_env(db_alias, **extra):
    env = {
        "WORDPRESS_DB_HOST": db_alias,
        "WORDPRESS_DB_USER": "wordpress",
        "WORDPRESS_DB_PASSWORD": DB_PASSWORD,
        "WORDPRESS_DB_NAME": "wordpress",
        # wp-init sizes PHP-FPM from the memory (contract C2); without a limit
        # that is the host's, so a test's worker count would depend on the
        # machine. 1408 MiB: the image's fixed 640 + 3 page workers of 256.
        "WPECS_MEMORY_MB": "1408",
    }
    env.update(extra)
    return env


def network_subnet(network):
    """The subnet of a test network: where the test client's requests come from
    (Docker forwards a published port from the network's gateway address)."""
    return docker("network", "inspect", "-f", "{{(index .IPAM.Config 0).Subnet}}", network).stdout.strip()


# The run-time restrictions of contract C6 (ECS and the local stack use the same).
HARDENED = [
    "--read-only",
    "--tmpfs",
    "/run",
    "--tmpfs",
    "/tmp",
    "--security-opt",
    "no-new-privileges",
    "--cap-drop",
    "ALL",
] + [
    a
    for cap in ("CHOWN", "DAC_OVERRIDE", "FOWNER", "SETGID", "SETUID", "NET_BIND_SERVICE", "KILL")
    for a in ("--cap-add", cap)
]


def start_wp(
    names, network, role, env, volume=None, mount="/var/www/shared", docker_args=(), port="", timeout=120
):
    """A WordPress container of the image under test on `volume` (default: a new
    one, <role>-shared), published on 127.0.0.1 (`port`, or one Docker picks),
    once /healthz answers 200 without a redirect. A container that exits fails
    at once, with its log."""
    name = names.container(role)
    volume = volume or names.volume(f"{role}-shared")
    docker(
        "run", "-d", "--name", name, "--network", network, "-p", f"127.0.0.1:{port}:80",
        "-v", f"{volume}:{mount}", *docker_args, *env_args(env), IMAGE_REF,
    )  # fmt: skip
    port = docker("port", name, "80/tcp").stdout.splitlines()[0].rsplit(":", 1)[1]
    url = f"http://127.0.0.1:{port}"
    exited = []

    def healthy():
        state = docker("inspect", "-f", "{{.State.Status}}", name).stdout.strip()
        if state != "running":
            exited.append(state)
            return True
        r = requests.get(url + "/healthz", timeout=30, allow_redirects=False)
        return r.status_code == 200 and "Location" not in r.headers

    try:
        wait_for(f"{name} healthy", healthy, timeout)
    except AssertionError as e:
        logs = docker("logs", "--tail", "30", name, check=False)
        raise AssertionError(f"{e}:\n{logs.stdout}{logs.stderr}") from None
    if exited:
        logs = docker("logs", "--tail", "30", name, check=False)
        raise AssertionError(f"{name} is {exited[0]}: {logs.stdout}{logs.stderr}")
    return {"name": name, "url": url, "volume": volume}


@contextlib.contextmanager
def wordpress(names, network, role, env, *args, **kw):
    """start_wp for one test: the container is removed when the block ends."""
    wp = start_wp(names, network, role, env, *args, **kw)
    try:
        yield wp
    finally:
        docker("rm", "-f", wp["name"], check=False)


ADMIN_PASSWORD = "imgtest-Pass-1234"


def install(url, title, prefix_note=""):
    """The installer form, as a browser posts it (administrator `admin`)."""
    r = requests.post(
        url + "/wp-admin/install.php?step=2",
        timeout=120,
        data={
            "weblog_title": title,
            "user_name": "admin",
            "admin_password": ADMIN_PASSWORD,
            "admin_password2": ADMIN_PASSWORD,
            "pw_weak": "1",
            "admin_email": "admin@example.invalid",
            "blog_public": "0",
            "language": "",
            "Submit": "Install WordPress",
        },
    )
    assert r.status_code == 200 and "Success!" in r.text, f"{prefix_note}{r.status_code} {r.text[:2000]}"


WP_TITLE = "Image test blog"


@pytest.fixture(scope="session")
def wp(names, network, db, image):
    """One WordPress container on a fresh volume, installed through the
    installer form as a new site's first visitor installs it (title WP_TITLE).
    The test client stands where the load balancer would: its network may
    install and is a trusted proxy."""
    subnet = network_subnet(network)
    wp = start_wp(
        names,
        network,
        "wp",
        wp_env(db["alias"], WPECS_INSTALL_ALLOW=subnet, WPECS_TRUSTED_PROXIES=subnet),
    )
    first = requests.get(wp["url"] + "/", timeout=30, allow_redirects=False)
    assert first.status_code == 302 and "/wp-admin/install.php" in first.headers["Location"], first
    install(wp["url"], WP_TITLE)
    return wp


def wordpress_php(container, code, *args, env=None, check=True):
    """PHP `code` on the command line in a container, as the web user, after
    WordPress has loaded; `args` are its $argv[1:], `env` extra variables."""
    prelude = "$_SERVER['HTTP_HOST'] = 'localhost'; require '/var/www/wordpress/wp-load.php'; "
    env_ = env_args(env or {})
    return docker("exec", "-u", "www-data", *env_, container, "php", "-r", prelude + code, *args, check=check)


def exec_(container, *cmd, user=None, check=True):
    args = ["exec"]
    if user:
        args += ["-u", user]
    return docker(*args, container, *cmd, check=check)
