"""make deploy-local under steady load: every replica replaced, zero failures,
and slow requests in flight on a replica when it is drained still finish."""

import subprocess
import threading
import time

import requests
from loadgen import DEFAULT_PATHS, Load
from stack import ROOT, docker_inspect, install_probe

# Below the limit local/README.md documents for a request to survive a
# deploy (the drain timeout the tests run with, 10 s).
SLOW_SECONDS = 8


class SlowStream:
    """One slow request (the probe sleeps SLOW_SECONDS) every `every` seconds."""

    def __init__(self, stack, every: float = 1.5):
        self.stack, self.every = stack, every
        self.results: list[tuple[float, float, int | str, str]] = []  # start, end, status, backend
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    def _one(self, i):
        t0 = time.monotonic()
        try:
            r = requests.get(self.stack.url(f"/?wpecs_probe=sleep&s={SLOW_SECONDS}&slow={i}"), timeout=60)
            status, backend = r.status_code, r.headers.get("X-Backend", "")
        except requests.RequestException as e:
            status, backend = str(e), ""
        self.results.append((t0, time.monotonic(), status, backend))

    def _run(self):
        i = 0
        while not self._stop.is_set():
            t = threading.Thread(target=self._one, args=(i,))
            t.start()
            self._threads.append(t)
            i += 1
            self._stop.wait(self.every)

    def __enter__(self):
        self._main = threading.Thread(target=self._run)
        self._main.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._main.join()
        for t in self._threads:
            t.join()


def deploy_watching(stack, image):
    """Run local/stack.sh deploy; return its stderr and when each slot was drained."""
    stack.image = image
    p = subprocess.Popen(
        [str(ROOT / "local" / "stack.sh"), "deploy"],
        env=stack.env(),
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    drained: dict[str, float] = {}
    lines = []
    for line in p.stderr:
        lines.append(line)
        print(line, end="", flush=True)
        if "draining " in line and "(slot " in line:
            drained[line.split("(slot ", 1)[1].split(")")[0].split(",")[0]] = time.monotonic()
    out = p.stdout.read()
    assert p.wait(timeout=600) == 0, "".join(lines[-30:]) + out
    return "".join(lines), drained


def test_rolling_update_under_load_has_zero_failed_requests(stack, site):
    install_probe(stack)
    # A new tag of the same build is a new release to the deploy script.
    new_tag = stack.tag_image("roll")
    old = set(stack.containers("wordpress"))
    with Load(stack.base, DEFAULT_PATHS, rate=50) as load, SlowStream(stack) as slow:
        time.sleep(SLOW_SECONDS)
        stderr, drained = deploy_watching(stack, new_tag)
        time.sleep(3)
    print(load.summary())
    new = set(stack.containers("wordpress"))
    assert len(new) == stack.replicas and not (new & old), (old, new)
    assert all(docker_inspect(c)["Config"]["Image"] == new_tag for c in new)
    assert "replaced" in stderr
    res = load.snapshot()
    assert len(res) >= 50 * 10, "the load did not run for the whole update"
    backends = {r.backend for r in res if r.backend}
    assert len(backends) >= 3, f"the load never reached the new replicas: {backends}"
    failed = load.failures()
    assert not failed, (
        f"{len(failed)} failed requests: {[(round(f.t, 2), f.path, f.status, f.error) for f in failed][:10]}"
    )
    assert len(stack.lb_up()) == stack.replicas

    # Slow requests: every one answered 200, and some were in flight on a
    # replica at the moment it was drained (so drain, stop and the LB's
    # timeouts really let them finish).
    bad = [r for r in slow.results if r[2] != 200]
    assert not bad, f"slow requests failed during the deploy: {bad}"
    caught = [r for r in slow.results if r[3] in drained and r[0] < drained[r[3]] < r[1]]
    print(
        f"{len(slow.results)} slow requests of {SLOW_SECONDS}s; drained {drained}; "
        f"{len(caught)} were in flight on their replica when it was drained"
    )
    assert caught, "no slow request was in flight on a replica when it was drained"
