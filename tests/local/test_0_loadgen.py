"""The load generator against a real socket server that closes a kept-alive
connection when it is reused (as a reloading LB does): the resend on a new
connection happens once per request, is reported, and counts as a failure
beyond the Load's resend_budget, so zero-failure assertions see it. A
connection the server closed while it was idle (a keep-alive timeout) is not
reused at all, so it is neither resent nor a failure. No stack."""

from __future__ import annotations

import socket
import threading
import time

from loadgen import Load


class ClosingServer:
    """HTTP/1.1 on 127.0.0.1: answers the first request of each connection (kept
    alive), then closes the connection when the next request arrives on it; with
    refuse_all, closes every connection unanswered; with idle_close, answers
    every request and closes a connection idle that many seconds (HAProxy's
    `timeout http-keep-alive`); with cut, promises 100 bytes, sends 2 and closes
    (a replica killed in the middle of an answer)."""

    def __init__(self, refuse_all: bool = False, idle_close: float | None = None, cut: bool = False) -> None:
        self.refuse_all = refuse_all
        self.idle_close = idle_close
        self.cut = cut
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            if self.cut:
                if self._read_request(conn):
                    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nok")
                return
            if self.idle_close is not None:
                # The first request may come late on a busy machine; only the
                # wait after an answer is the keep-alive idle time.
                try:
                    while self._read_request(conn):
                        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-Backend: t\r\n\r\nok")
                        conn.settimeout(self.idle_close)
                except TimeoutError:
                    pass  # idle too long: closed, as a keep-alive timeout does
                return
            if not self.refuse_all and self._read_request(conn):
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-Backend: t\r\n\r\nok")
            self._read_request(conn)  # the reuse: closed unanswered

    @staticmethod
    def _read_request(conn: socket.socket) -> bool:
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(4096)
            if not chunk:
                return False
            data += chunk
        return True

    def close(self) -> None:
        self.sock.close()


def run_load(server: ClosingServer, seconds: float = 1.0, workers: int = 1, rate: float = 20, **kw) -> Load:
    """A load against the server for `seconds`; the server is closed afterwards."""
    try:
        load = Load(
            f"http://127.0.0.1:{server.port}", ["/"], rate=rate, workers=workers, timeout=5, **kw
        ).start()
        time.sleep(seconds)
        return load.stop()
    finally:
        server.close()


def test_a_request_on_a_closed_reused_connection_is_resent_once_and_counted():
    server = ClosingServer()
    load = run_load(server)
    res = load.snapshot()
    assert len(res) >= 10, load.summary()
    # Every request got its answer; all but the first needed a new connection.
    assert all(r.status == 200 for r in res), load.summary()
    assert [r.resent for r in res] == [False] + [True] * (len(res) - 1), load.summary()
    assert load.resent == len(res) - 1
    assert "RemoteDisconnected" in res[1].error and "resent on a new one" in res[1].error, res[1]
    # Over the budget (0 by default) the resent requests are failures.
    assert load.failures() == res[1:], load.summary()
    assert (
        f"resent on a new connection {len(res) - 1} (first tries: ['RemoteDisconnected']; budget 0)"
        in load.summary()
    )
    # Within a budget that covers them they are not; a window sees only its own.
    load.resend_budget = len(res) - 1
    assert load.failures() == []
    load.resend_budget = 1
    assert load.failures(until=res[1].t + 1e-9) == []
    assert load.failures(until=res[2].t + 1e-9) == res[1:3]


def test_a_fresh_connection_failing_is_a_failure_and_not_resent():
    server = ClosingServer(refuse_all=True)
    load = run_load(server, seconds=0.5)
    res = load.snapshot()
    assert res and all(r.status == 0 and not r.resent for r in res), load.summary()
    assert load.failures() == res
    assert server.connections == len(res), "one connection per request: nothing was resent"


def test_a_connection_closed_while_idle_is_not_reused_nor_counted():
    # One worker at 5/s: its connection idles about 0.2 s between requests, and the
    # server closes it after 0.01 s idle (the local LB's http-keep-alive is 10 s, and
    # a slow load over 100 workers idles a connection longer than that). The wide
    # margin keeps a busy machine from turning it into a race of close and reuse.
    server = ClosingServer(idle_close=0.01)
    load = run_load(server, seconds=2.5, rate=5)
    res = load.snapshot()
    assert len(res) >= 10, load.summary()
    assert all(r.status == 200 and not r.resent and not r.error for r in res), load.summary()
    assert load.resent == 0 and load.failures() == [], load.summary()
    # Each request after the first found its connection closed and opened a new one.
    assert server.connections == len(res), (server.connections, load.summary())


def test_an_answer_cut_off_is_a_failure_and_the_worker_goes_on():
    server = ClosingServer(cut=True)
    load = run_load(server)
    res = load.snapshot()
    # One worker: had the cut answer ended its thread, only one request would be recorded.
    assert len(res) >= 10, load.summary()
    assert all(r.status == 0 and "IncompleteRead" in r.error and not r.resent for r in res), load.summary()
    assert load.failures() == res
