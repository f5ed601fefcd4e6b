"""The object cache in the local stack: Redis shared by the replicas.

A change made through one replica is seen at once through the other (the
cache is one, not one per replica), and Redis stopped and started again under
steady load costs no request: the replicas fall back to WordPress's
per-request cache, say so once, and use Redis again when it is back.
"""

import re
import secrets
import subprocess
import time

import requests
from loadgen import DEFAULT_PATHS, Load
from stack import container_ip, health, login, rest_nonce, run, wait_until

PREFIX = "wordpress:wp_:"  # WPECS_REDIS_PREFIX's default: DB_NAME:table prefix
UNAVAILABLE = "object cache: Redis at redis:6379 unavailable"


def redis_cli(stack, *args: str) -> str:
    """redis-cli in the redis container, with the password from its own configuration."""
    return run(
        "docker",
        "exec",
        stack.one("redis"),
        "sh",
        "-c",
        'REDISCLI_AUTH="$(awk \'$1 == "requirepass" { print $2 }\' /run/redis/redis.conf)" redis-cli "$@"',
        "redis-cli",
        *args,
    ).stdout


def direct(stack, ip: str, method: str, route: str, session=None, nonce: str = "", **kw) -> requests.Response:
    """A request to one replica, past the load balancer (and its micro-cache)."""
    headers = {"Host": f"127.0.0.1:{stack.port}"}
    if session is not None:
        headers["Cookie"] = "; ".join(f"{c.name}={c.value}" for c in session.cookies)
        headers["X-WP-Nonce"] = nonce
    return requests.request(
        method, f"http://{ip}/?rest_route={route}", headers=headers, allow_redirects=False, timeout=30, **kw
    )


def test_replicas_share_one_cache(stack, site):
    replicas = stack.containers("wordpress")
    assert len(replicas) >= 2
    a, b = (container_ip(r) for r in replicas[:2])
    for r in replicas:
        stub = run("docker", "exec", r, "cat", "/var/www/shared/wp-content/object-cache.php").stdout
        assert "/usr/local/lib/wordpress-ecs/object-cache.php" in stub
    s = login(stack, site["user"], site["password"])
    nonce = rest_nonce(stack, s)
    for writer, reader in ((a, b), (b, a), (a, b)):
        # The reader has the old name in Redis (read once, so it is cached).
        assert direct(stack, reader, "GET", "/").status_code == 200
        title = "Coherent " + secrets.token_hex(4)
        r = direct(stack, writer, "POST", "/wp/v2/settings", session=s, nonce=nonce, json={"title": title})
        assert r.status_code == 200, r.text[:300]
        seen = direct(stack, reader, "GET", "/").json()["name"]
        assert seen == title, f"written through {writer}, {reader} still says {seen!r}"
        # ... and it came from Redis, where the writer put it.
        assert title in redis_cli(stack, "GET", PREFIX + "options:1:alloptions")
    keys = int(redis_cli(stack, "DBSIZE").strip())
    print(f"keys in Redis: {keys}")
    assert keys > 10


def test_redis_restart_under_load(stack, site):
    redis = stack.one("redis")
    since = time.time()
    with Load(stack.base, DEFAULT_PATHS, rate=50) as load:
        time.sleep(3)
        try:
            subprocess.run(["docker", "stop", "-t", "10", redis], check=True, capture_output=True)
            stopped = load.now()
            time.sleep(6)
            subprocess.run(["docker", "start", redis], check=True, capture_output=True)
            wait_until("Redis to be healthy", lambda: health(redis) == "healthy", 30, 0.25)
            started = load.now()
        finally:  # the later tests share this stack: never leave its Redis stopped
            subprocess.run(["docker", "start", redis], check=False, capture_output=True)
        time.sleep(6)
    print(load.summary())
    during = [x for x in load.results if stopped <= x.t <= started]
    print(
        f"Redis down {started - stopped:.1f}s: {len(during)} requests in that time, "
        f"{len(load.failures())} failed of {len(load.results)}"
    )
    assert during, "no request was sent while Redis was down"
    assert not load.failures(), [(round(f.t, 2), f.status, f.error) for f in load.failures()[:10]]
    # One line per replica for the whole outage (rate-limited), naming the server.
    lines = {}
    for r in stack.containers("wordpress"):
        logs = subprocess.run(
            ["docker", "logs", "--since", str(int(since)), r], capture_output=True, text=True
        )
        lines[r] = [ln for ln in (logs.stdout + logs.stderr).splitlines() if UNAVAILABLE in ln]
    print({r: len(v) for r, v in lines.items()})
    assert all(len(v) <= 1 for v in lines.values()), lines
    assert sum(len(v) for v in lines.values()) >= 1, "nobody said that Redis was unavailable"
    assert not any(re.search(r"[A-Za-z0-9]{40}", ln) for v in lines.values() for ln in v), (
        "a password in the log"
    )
    # Back in use: the restarted (empty) Redis fills again.
    wait_until(
        "the cache to fill again",
        lambda: (
            stack.get(f"/?warm={secrets.token_hex(3)}").status_code == 200
            and int(redis_cli(stack, "DBSIZE").strip()) > 10
        ),
        30,
        0.5,
    )
