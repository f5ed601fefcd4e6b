"""Drive a local stack (local/stack.sh) from tests: its own compose project and
port, so it never touches `make up`'s stack or another test's."""

from __future__ import annotations

import json
import os
import re
import secrets
import socket
import subprocess
import sys
import urllib.parse
from pathlib import Path

import requests

ROOT = Path(os.environ.get("WPECS_ROOT", Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(ROOT / "tools"))
from polling import wait_until  # noqa: E402,F401 - the test files import it from here
from settings import BASE_IMAGE, WPECS_CACHE  # noqa: E402

# The WordPress image under test, IMAGE:VERSION as make passes them.
IMAGE = (
    f"{os.environ['IMAGE']}:{os.environ['VERSION']}"
    if os.environ.get("IMAGE") and os.environ.get("VERSION")
    else ""
)
ARTIFACTS = ROOT / "build" / "test-artifacts"


# A NAME=value word whose name says it is a secret: echoed as NAME=***.
SECRET_WORD = re.compile(r"^([A-Z0-9_]*(?:PASSWORD|SECRET|TOKEN|_KEY)[A-Z0-9_]*)=.*", re.S)


def run(
    *cmd: str, check: bool = True, timeout: float = 600, env: dict | None = None, input: str | None = None
) -> subprocess.CompletedProcess:
    """Run a command, echo it (secret-looking NAME=value words redacted), capture
    its output; fail with the output shown."""
    print("+", " ".join(SECRET_WORD.sub(r"\1=***", c) for c in cmd), flush=True)
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env, input=input)
    if check and p.returncode != 0:
        raise AssertionError(
            f"{' '.join(cmd)} exited {p.returncode}\n--- stdout\n{p.stdout}\n--- stderr\n{p.stderr}"
        )
    return p


def image_settings(image: str) -> dict:
    """IMAGE and VERSION, the names the local stack takes, of an image name:tag."""
    repository, _, tag = image.rpartition(":")
    return {"IMAGE": repository, "VERSION": tag}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Stack:
    def __init__(
        self,
        name: str,
        replicas: int = 2,
        image: str = IMAGE,
        cache_ttl: int = 10,
        drain_timeout: int = 10,
        override: str | None = None,
        port: int | None = None,
    ):
        self.project = f"wpecs-test-{name}-{secrets.token_hex(3)}"
        self.port = port or free_port()
        self.replicas = replicas
        self.image = image
        self.cache_ttl = cache_ttl
        self.drain_timeout = drain_timeout
        self.override = override
        self.base = f"http://127.0.0.1:{self.port}"
        self.tags: list[str] = []  # image tags made by tag_image, removed by close

    # -- lifecycle -------------------------------------------------------
    def env(self, **extra) -> dict:
        env = dict(os.environ)
        env.update(
            LOCAL_PROJECT=self.project,
            PORT=str(self.port),
            REPLICAS=str(self.replicas),
            **image_settings(self.image),
            CACHE_TTL=str(self.cache_ttl),
            WPECS_DRAIN_TIMEOUT=str(self.drain_timeout),
        )
        if self.override:
            env["WPECS_COMPOSE_OVERRIDE"] = self.override
        env.update({k: str(v) for k, v in extra.items()})
        return env

    def script(
        self, *args: str, check: bool = True, timeout: float = 600, **extra
    ) -> subprocess.CompletedProcess:
        p = run(str(ROOT / "local" / args[0]), *args[1:], check=check, timeout=timeout, env=self.env(**extra))
        print(p.stderr[-4000:], flush=True)
        return p

    def up(self, **extra) -> None:
        p = self.script("stack.sh", "up", **extra)
        assert p.stdout.strip().endswith(f"WordPress is ready at {self.base}"), p.stdout

    def deploy(self, image: str, **extra) -> subprocess.CompletedProcess:
        self.image = image
        return self.script("stack.sh", "deploy", **extra)

    def compose(
        self, *args: str, check: bool = True, extra: dict | None = None
    ) -> subprocess.CompletedProcess:
        """docker-compose on this project (local/stack.sh compose: the stack's own
        files and settings), with the images the stack runs now."""
        env = self.env(
            **(extra or {}),
            WPECS_STATE_DIR=self.state_dir,
            WPECS_LB_IMAGE=self.label_image("lb"),
            WPECS_DB_IMAGE=self.label_image("db"),
            WPECS_MAIL_IMAGE=self.label_image("mail"),
            WPECS_REDIS_IMAGE=self.label_image("redis"),
            PORT=str(self.port),
        )
        return run(str(ROOT / "local" / "stack.sh"), "compose", *args, check=check, env=env)

    @property
    def state_dir(self) -> str:
        return f"{WPECS_CACHE}/local/{self.project}"

    def label_image(self, service: str) -> str:
        ids = self.containers(service, all=True)
        if ids:
            return docker_inspect(ids[0])["Config"]["Image"]
        return f"wordpress-ecs-{service}:unused"

    def tag_image(self, suffix: str) -> str:
        """A new tag of the image this stack runs: a new release to `stack.sh
        deploy`. It stays until close (the end of the stack's life), not
        the end of the test that made it: after a deploy the stack runs it, and
        a later destroy and up of the same stack starts it again."""
        tag = f"{self.image.rsplit(':', 1)[0]}:{self.project}-{suffix}"
        run("docker", "tag", self.image, tag)
        self.tags.append(tag)
        return tag

    def remove_tags(self) -> None:
        for tag in self.tags:
            run("docker", "rmi", tag, check=False)
        self.tags.clear()

    def close(self) -> None:
        """The end of the stack's life (a fixture's finally): destroy it, then
        remove the image tags it made, even when destroying failed."""
        try:
            self.destroy()
        finally:
            self.remove_tags()

    def destroy(self) -> None:
        """Remove everything of this project, even after a failure."""
        # Shown by pytest only when a test failed: what the LB saw.
        for name in self.containers("lb", all=True):
            p = run("docker", "logs", "--tail", "60", name, check=False)
            print(f"--- last log lines of {name}:\n{p.stdout}{p.stderr}", flush=True)
        self.script("stack.sh", "clean", check=False, timeout=300)
        label = f"label=com.docker.compose.project={self.project}"
        for kind, ls in (
            ("container", ["docker", "ps", "-aq", "--filter", label]),
            ("volume", ["docker", "volume", "ls", "-q", "--filter", label]),
            ("network", ["docker", "network", "ls", "-q", "--filter", label]),
        ):
            ids = run(*ls, check=False).stdout.split()
            if ids:
                run("docker", kind, "rm", *(["-f"] if kind != "network" else []), *ids, check=False)

    # -- inspection ------------------------------------------------------
    def containers(self, service: str, all: bool = False) -> list[str]:
        """Container names of a service, oldest first."""
        cmd = [
            "docker",
            "ps",
            "--filter",
            f"label=com.docker.compose.project={self.project}",
            "--filter",
            f"label=com.docker.compose.service={service}",
            "--format",
            "{{.CreatedAt}}|{{.Names}}",
        ]
        if all:
            cmd.insert(2, "-a")
        lines = sorted(run(*cmd).stdout.split("\n"))
        return [ln.split("|", 1)[1] for ln in lines if "|" in ln]

    def one(self, service: str) -> str:
        names = self.containers(service)
        assert names, f"no running {service} container in {self.project}"
        return names[0]

    def lb_servers(self) -> dict[str, tuple[str, str, int]]:
        """slot -> (ip, status, current sessions) for slots with an address."""
        out = run("docker", "exec", self.one("lb"), "lb-state", "servers").stdout
        servers = {}
        for line in out.splitlines():
            slot, ip, *status, scur = line.split()
            servers[slot] = (ip, " ".join(status), int(scur))
        return servers

    def lb_up(self) -> set[str]:
        return {ip for ip, status, _ in self.lb_servers().values() if status == "UP"}

    def sql(self, query: str) -> str:
        return run(
            "docker", "exec", self.one("db"), "mariadb", "-N", "-B", "wordpress", "-e", query
        ).stdout.strip()

    def shared_args(self) -> list[str]:
        """docker run's arguments for a throwaway container of this stack's test
        (its label) with the shared volume at /shared and no network."""
        return [
            "--network",
            "none",
            "--label",
            f"wpecs-test={self.project}",
            "-v",
            f"{self.project}_shared:/shared",
        ]

    def shared(self, shell: str, check: bool = True) -> subprocess.CompletedProcess:
        """Run a shell command in a throwaway container with the shared volume at /shared."""
        return run("docker", "run", "--rm", *self.shared_args(), BASE_IMAGE, "sh", "-c", shell, check=check)

    def url(self, path: str = "/") -> str:
        return self.base + path

    def get(self, path: str = "/", session: requests.Session | None = None, **kw) -> requests.Response:
        kw.setdefault("allow_redirects", False)
        kw.setdefault("timeout", 30)
        return (session or requests).get(self.url(path), **kw)


def docker_inspect(name: str) -> dict:
    return json.loads(run("docker", "inspect", name).stdout)[0]


def container_ip(name: str) -> str:
    nets = docker_inspect(name)["NetworkSettings"]["Networks"]
    return next(iter(nets.values()))["IPAddress"]


def health(name: str) -> str:
    p = run(
        "docker",
        "inspect",
        "-f",
        "{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}",
        name,
        check=False,
    )
    return p.stdout.strip() if p.returncode == 0 else "gone"


# -- WordPress through HTTP (requests), for checks outside the browser -------
def login(stack: Stack, user: str, password: str) -> requests.Session:
    s = requests.Session()
    s.cookies.set("wordpress_test_cookie", "WP Cookie check", domain="127.0.0.1", path="/")
    r = s.post(
        stack.url("/wp-login.php"),
        data={
            "log": user,
            "pwd": password,
            "wp-submit": "Log In",
            "redirect_to": stack.url("/wp-admin/"),
            "testcookie": "1",
        },
        allow_redirects=False,
        timeout=30,
    )
    assert r.status_code == 302, f"login failed: {r.status_code} {r.text[:300]}"
    assert any(c.name.startswith("wordpress_logged_in_") for c in s.cookies), "no logged-in cookie"
    return s


def rest_nonce(stack: Stack, s: requests.Session) -> str:
    r = s.get(stack.url("/wp-admin/admin-ajax.php?action=rest-nonce"), timeout=30)
    assert r.status_code == 200 and re.fullmatch(r"[0-9a-f]{10}", r.text.strip()), r.text[:200]
    return r.text.strip()


def rest(stack: Stack, s: requests.Session, method: str, route: str, **kw) -> requests.Response:
    headers = kw.pop("headers", {})
    headers["X-WP-Nonce"] = rest_nonce(stack, s)
    path, _, query = route.partition("?")
    url = stack.url("/?rest_route=" + urllib.parse.quote(path) + ("&" + query if query else ""))
    return s.request(method, url, headers=headers, timeout=60, **kw)


def create_post(
    stack: Stack, s: requests.Session, title: str, content: str = "", status: str = "publish"
) -> dict:
    r = rest(
        stack,
        s,
        "POST",
        "/wp/v2/posts",
        json={"title": title, "content": content or f"<p>{title}</p>", "status": status},
    )
    assert r.status_code == 201, r.text[:500]
    return r.json()


def upload_png(stack: Stack, s: requests.Session, filename: str, png: bytes) -> str:
    """Upload a PNG to the media library; returns its URL."""
    headers = {"Content-Type": "image/png", "Content-Disposition": f'attachment; filename="{filename}"'}
    r = rest(stack, s, "POST", "/wp/v2/media", data=png, headers=headers)
    assert r.status_code == 201, r.text[:300]
    return r.json()["source_url"]


def png_bytes(width: int = 64, height: int = 48, rgb: tuple[int, int, int] = (30, 120, 200)) -> bytes:
    """A small valid PNG, written by hand (no imaging library needed)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


# A must-use plugin on the test stack's volume that answers a few test-only
# requests (query parameter wpecs_probe) before WordPress renders anything:
#   addr    the client address PHP sees (REMOTE_ADDR) and the forwarding headers
#   sleep   sleeps s seconds (at most 30), then names the replica
#   status  answers code (default 200) with optional Location and Cache-Control
#   unavailable  503 from the replicas whose host names are listed in `on` (comma-
#           separated), each such answer counted in uploads/wpecs-probe-503.log;
#           200 naming the replica from the others
# Every answer carries a unique token, so a test can tell a stored answer
# from a fresh one.
PROBE_PHP = r"""<?php
if (isset($_GET['wpecs_probe'])) {
    $token = bin2hex(random_bytes(8));
    header('Content-Type: text/plain');
    header('X-Probe-Token: ' . $token);
    switch ($_GET['wpecs_probe']) {
    case 'addr':
        header('Cache-Control: no-store');
        echo json_encode(['remote_addr' => $_SERVER['REMOTE_ADDR'] ?? '',
                          'x_forwarded_for' => $_SERVER['HTTP_X_FORWARDED_FOR'] ?? '',
                          'x_real_ip' => $_SERVER['HTTP_X_REAL_IP'] ?? '',
                          'forwarded' => $_SERVER['HTTP_FORWARDED'] ?? '']);
        break;
    case 'sleep':
        $s = min(30, max(0, (int) ($_GET['s'] ?? 1)));
        sleep($s);
        echo "slept $s on " . gethostname() . " $token\n";
        break;
    case 'status':
        http_response_code((int) ($_GET['code'] ?? 200));
        if (isset($_GET['location'])) header('Location: ' . $_GET['location']);
        if (isset($_GET['cc'])) header('Cache-Control: ' . $_GET['cc']);
        echo "$token\n";
        break;
    case 'unavailable':
        header('Cache-Control: no-store');
        if (in_array(gethostname(), explode(',', $_GET['on'] ?? ''), true)) {
            file_put_contents(WP_CONTENT_DIR . '/uploads/wpecs-probe-503.log', gethostname() . "\n",
                FILE_APPEND | LOCK_EX);
            http_response_code(503);
        }
        echo gethostname() . " $token\n";
        break;
    }
    exit;
}
"""


def install_probe(stack: Stack) -> None:
    stack.shared(
        "mkdir -p /shared/wp-content/mu-plugins /shared/wp-content/uploads"
        " && cat > /shared/wp-content/mu-plugins/wpecs-test-probe.php"
        f" <<'PHP'\n{PROBE_PHP}PHP\nchown -R 33:33 /shared/wp-content/mu-plugins /shared/wp-content/uploads"
    )
