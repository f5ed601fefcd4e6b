"""`wp-init healthcheck` against a tiny local HTTP server."""

import http.server
import socket
import subprocess
import threading
import time

import pytest
from conftest import free_port, wpinit_bin


class Server:
    def __init__(self, status=None, hang=False, close=False, port=0):
        outer = self
        self.paths = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                outer.paths.append((self.path, self.request_version))
                if close:
                    self.close_connection = True
                    self.wfile.flush()
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                if hang:
                    time.sleep(5)
                    return
                self.send_response(status)
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def check(url):
    t0 = time.monotonic()
    p = subprocess.run(
        [wpinit_bin(), "healthcheck"],
        env={"WPECS_HEALTHCHECK_URL": url},
        capture_output=True,
        text=True,
        timeout=15,
    )
    return p, time.monotonic() - t0


@pytest.fixture
def server(request):
    s = Server(**request.param)
    yield s
    s.close()


@pytest.mark.parametrize("server", [{"status": 200}], indirect=True)
def test_200_is_healthy_and_silent(server):
    p, _ = check(f"http://127.0.0.1:{server.port}/healthz")
    assert p.returncode == 0
    assert p.stdout == "" and p.stderr == ""
    assert server.paths == [("/healthz", "HTTP/1.0")]


@pytest.mark.parametrize("server", [{"status": 503}], indirect=True)
def test_503_is_unhealthy_with_one_line(server):
    url = f"http://127.0.0.1:{server.port}/healthz"
    p, _ = check(url)
    assert p.returncode == 1
    assert p.stderr == f"wp-init: healthcheck {url}: HTTP status 503\n"


@pytest.mark.parametrize("server", [{"status": 302}], indirect=True)
def test_redirect_is_unhealthy(server):
    p, _ = check(f"http://127.0.0.1:{server.port}/healthz")
    assert p.returncode == 1


@pytest.mark.parametrize("server", [{"close": True}], indirect=True)
def test_no_answer_is_unhealthy(server):
    url = f"http://127.0.0.1:{server.port}/healthz"
    p, _ = check(url)
    assert p.returncode == 1
    assert p.stderr == f"wp-init: healthcheck {url}: connection closed without a response\n"


@pytest.mark.parametrize("server", [{"hang": True}], indirect=True)
def test_hanging_server_hits_the_3s_total_timeout(server):
    url = f"http://127.0.0.1:{server.port}/healthz"
    p, took = check(url)
    assert p.returncode == 1
    assert p.stderr == f"wp-init: healthcheck {url}: reading response: timed out\n"
    assert 2.9 <= took < 4.5, took


def test_nothing_listening_is_unhealthy():
    port = free_port()
    url = f"http://127.0.0.1:{port}/healthz"
    p, _ = check(url)
    assert p.returncode == 1
    assert p.stderr == f"wp-init: healthcheck {url}: connect 127.0.0.1:{port}: Connection refused\n"


def test_bad_url_is_a_configuration_error():
    p, _ = check("https://127.0.0.1/healthz")
    assert p.returncode == 64
    assert p.stderr == 'wp-init: WPECS_HEALTHCHECK_URL: "https://127.0.0.1/healthz" is not an http:// URL\n'


def test_default_url_is_the_liveness_endpoint():
    # Contract: the container health check asks /healthz/live (Apache and PHP-FPM), not
    # /healthz, which also needs the database: a database outage must not restart tasks.
    try:
        s = Server(status=200, port=80)
    except OSError as e:
        pytest.skip(f"127.0.0.1:80 not available: {e}")
    try:
        p = subprocess.run([wpinit_bin(), "healthcheck"], env={}, capture_output=True, text=True, timeout=15)
        assert p.returncode == 0, p.stderr
        assert s.paths == [("/healthz/live", "HTTP/1.0")]
    finally:
        s.close()
