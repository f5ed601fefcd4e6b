"""Fixed-rate HTTP load against the local stack (127.0.0.1 only).

A scheduler thread releases one ticket every 1/rate seconds; worker threads
take tickets and send one GET each, so a slow answer does not lower the rate
(open loop, like real visitors). Every request is recorded: when it started,
the status (0 for a socket error), which replica answered (X-Backend), and
the error text. A kept-alive connection the server has closed while idle is
not reused (a new one is opened, as browsers do). A request whose reused
connection was closed under it is resent once on a new connection (as
browsers do) and marked `resent`:
failures() counts such requests once there are more than `resend_budget` of
them (0 by default), so a zero-failure assertion sees them. Usage from the
command line (bench and manual checks):

    python tests/local/loadgen.py http://127.0.0.1:8080 --rate 50 --seconds 30
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import queue
import random
import select
import threading
import time
import urllib.parse
from dataclasses import dataclass, field


def readable(sock) -> bool:
    """Whether a socket has something to read now (poll, not select: any fd number)."""
    p = select.poll()
    p.register(sock, select.POLLIN)
    return bool(p.poll(0))


@dataclass
class Result:
    t: float  # seconds since the load started
    path: str
    status: int  # 0: no HTTP answer (connection refused, reset, timeout)
    backend: str
    seconds: float
    error: str = ""
    location: str = ""  # Location of a redirect
    cache: str = ""  # X-Cache: HIT, MISS or BYPASS
    tag: str = ""  # the response header named by Load.tag_header
    resent: bool = False  # the first try, on a reused connection, failed (error says how); resent once

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 400


@dataclass
class Load:
    base_url: str
    paths: list[str]
    rate: float = 50.0
    workers: int = 100
    timeout: float = 30.0
    results: list[Result] = field(default_factory=list)
    # Resent requests failures() tolerates: a test expecting the LB to close
    # idle connections (a reload) raises it and says why.
    resend_budget: int = 0
    headers: dict[str, str] = field(default_factory=dict)  # sent with every request (e.g. a visitor's Cookie)
    tag_header: str = ""  # a response header to record in Result.tag

    def __post_init__(self) -> None:
        u = urllib.parse.urlsplit(self.base_url)
        if u.hostname != "127.0.0.1":
            raise ValueError(f"load goes to 127.0.0.1 only, not {u.hostname}")
        self._host, self._port = u.hostname, u.port or 80
        self._tickets: queue.Queue = queue.Queue()
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._threads: list[threading.Thread] = []
        self._t0 = 0.0

    # -- control ---------------------------------------------------------
    def start(self) -> Load:
        self._t0 = time.monotonic()
        self._threads = [threading.Thread(target=self._schedule, daemon=True)]
        self._threads += [threading.Thread(target=self._work, daemon=True) for _ in range(self.workers)]
        for t in self._threads:
            t.start()
        return self

    def stop(self) -> Load:
        self._stop.set()
        for _ in range(self.workers):
            self._tickets.put(None)
        for t in self._threads:
            t.join(timeout=self.timeout + 5)
        return self

    def now(self) -> float:
        return time.monotonic() - self._t0

    def __enter__(self) -> Load:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- report ----------------------------------------------------------
    def snapshot(self) -> list[Result]:
        with self._lock:
            return list(self.results)

    @property
    def resent(self) -> int:
        """Requests resent on a new connection after their reused one failed."""
        return sum(r.resent for r in self.snapshot())

    def failures(self, since: float = 0.0, until: float = float("inf")) -> list[Result]:
        """Requests without an HTTP answer or with an error status; and the resent
        ones too when they are more than resend_budget in this window."""
        window = [r for r in self.snapshot() if since <= r.t < until]
        resent = [r for r in window if r.ok and r.resent]
        return [r for r in window if not r.ok or (r.resent and len(resent) > self.resend_budget)]

    def summary(self) -> str:
        res = self.snapshot()
        ok = sum(r.ok for r in res)
        by_status: dict[str, int] = {}
        for r in res:
            key = str(r.status) if r.status else f"error:{r.error.split(':')[0]}"
            by_status[key] = by_status.get(key, 0) + 1
        span = max((r.t for r in res), default=0.0)
        rate = len(res) / span if span else 0.0
        backends = sorted({r.backend for r in res if r.backend})
        resent = [r for r in res if r.resent]
        first_errors = sorted({r.error.split(":")[0] for r in resent})
        return (
            f"{len(res)} requests in {span:.1f}s ({rate:.1f}/s): {ok} ok, {len(res) - ok} failed; "
            f"by status {dict(sorted(by_status.items()))}; resent on a new connection {len(resent)}"
            f"{f' (first tries: {first_errors}; budget {self.resend_budget})' if resent else ''}; "
            f"replicas seen {backends}"
        )

    # -- threads ---------------------------------------------------------
    def _schedule(self) -> None:
        interval = 1.0 / self.rate
        paths = itertools.cycle(self.paths)
        n = 0
        while not self._stop.is_set():
            due = self._t0 + n * interval
            delay = due - time.monotonic()
            if delay > 0:
                self._stop.wait(delay)
                if self._stop.is_set():
                    break
            path = next(paths).replace("{rand}", str(random.randrange(1 << 30)))
            self._tickets.put(path)
            n += 1

    def _work(self) -> None:
        conn: http.client.HTTPConnection | None = None
        used = 0  # requests already sent on `conn`
        while True:
            path = self._tickets.get()
            if path is None:
                break
            t = self.now()
            start = time.monotonic()
            status, backend, error, extra, resent = 0, "", "", ("", "", ""), False
            while True:
                if conn is not None and conn.sock is not None and readable(conn.sock):
                    # Readable while idle: the LB closed it after its keep-alive
                    # timeout (or sent what no request asked for). Clients check
                    # this before reusing a connection (urllib3, browsers), so it
                    # is not a resend: a new connection, and nothing to report.
                    conn.close()
                    conn = None
                reused = conn is not None and used > 0
                try:
                    if conn is None:
                        conn, used = (
                            http.client.HTTPConnection(self._host, self._port, timeout=self.timeout),
                            0,
                        )
                    used += 1
                    conn.request("GET", path, headers={"User-Agent": "wpecs-loadgen", **self.headers})
                    resp = conn.getresponse()
                    resp.read()
                    status, backend = resp.status, resp.getheader("X-Backend", "")
                    extra = (
                        resp.getheader("Location", ""),
                        resp.getheader("X-Cache", ""),
                        resp.getheader(self.tag_header, "") if self.tag_header else "",
                    )
                    if resp.will_close:
                        conn.close()
                        conn = None
                    break
                # OSError: also http.client's RemoteDisconnected; HTTPException: an
                # answer cut off (IncompleteRead), which must count, not end the worker.
                except (OSError, http.client.HTTPException) as e:
                    if conn is not None:
                        conn.close()
                    conn = None
                    error = f"{type(e).__name__}: {e}"
                    # An idle keep-alive connection the LB closed just as we
                    # reused it: resend once on a new one, as browsers do
                    # (RFC 9112 9.3.1). A fresh connection failing is a failure.
                    # Once: the new connection is not reused, so it is not resent.
                    if reused and isinstance(
                        e, (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError)
                    ):
                        resent, first_error = True, error
                        continue
                    break
            if resent and status:
                error = f"{first_error} (first try, on a reused connection; resent on a new one)"
            with self._lock:
                self.results.append(
                    Result(
                        t,
                        path,
                        status,
                        backend,
                        time.monotonic() - start,
                        error if (resent or not status) else "",
                        *extra,
                        resent=resent,
                    )
                )


# Mixed traffic as a site sees it: mostly anonymous pages the LB cache can
# answer (home, a post, a page, the feed, a stylesheet), one request in five
# that must run PHP (search, login page, a unique query). (/healthz is not
# public: the LB answers 404 to it.)
DEFAULT_PATHS = [
    "/",
    "/?p=1",
    "/?s={rand}",
    "/?page_id=2",
    "/?feed=rss2",
    "/?p=1&x={rand}",
    "/",
    "/wp-includes/css/dashicons.min.css",
    "/wp-login.php",
    "/?p=1",
    "/?cat=1",
    "/",
    "/?nocache={rand}",
    "/?p=1",
    "/?page_id=2",
]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("url")
    ap.add_argument("--rate", type=float, default=50)
    ap.add_argument("--seconds", type=float, default=10)
    ap.add_argument("--path", action="append", help="path to request (repeatable; {rand} = random number)")
    args = ap.parse_args()
    load = Load(args.url, args.path or DEFAULT_PATHS, rate=args.rate).start()
    time.sleep(args.seconds)
    load.stop()
    print(load.summary())
    raise SystemExit(1 if load.failures() else 0)


if __name__ == "__main__":
    main()
