"""The LB's edge: the client cannot choose the address WordPress sees, the
health endpoints are not public, and a flood of slow requests does not
starve the health checks."""

import concurrent.futures
import secrets
import threading
import time

import requests
from stack import container_ip, install_probe


def test_the_client_cannot_choose_its_address(stack, site):
    install_probe(stack)
    forged = {"X-Forwarded-For": "203.0.113.7", "X-Real-IP": "203.0.113.8", "Forwarded": "for=203.0.113.9"}
    honest = stack.get("/?wpecs_probe=addr").json()
    seen = stack.get("/?wpecs_probe=addr", headers=forged).json()
    print("without forged headers:", honest, "with:", seen)
    # The LB's peer is Docker's gateway on this machine; whatever it is, the
    # forged headers change nothing and no forged address reaches PHP.
    assert seen["remote_addr"] == honest["remote_addr"], seen
    # mod_remoteip removes the entries it used; anything left must be the client's own.
    assert seen["x_forwarded_for"] in ("", seen["remote_addr"]), seen
    assert "203.0.113." not in str(seen), seen


def test_health_endpoints_answer_404_through_the_lb(stack, site):
    for path in [
        "/healthz",
        "/healthz/",
        "/healthz/live",
        "/healthz/app",
        "//healthz",
        "/%68ealthz",
        "/x/../healthz",
        "/HEALTHZ",
    ]:
        r = requests.get(stack.base + path, allow_redirects=False, timeout=30)
        assert r.status_code == 404, (path, r.status_code, r.text[:100])
    # ... while the LB's own checks still reach every replica.
    replicas = stack.containers("wordpress")
    assert stack.lb_up() == {container_ip(c) for c in replicas}
    assert requests.get(f"http://{container_ip(replicas[0])}/healthz", timeout=10).status_code == 200


def test_a_flood_of_slow_requests_does_not_starve_the_health_checks(stack, site):
    install_probe(stack)
    replicas = {container_ip(c) for c in stack.containers("wordpress")}
    assert stack.lb_up() == replicas
    seen: list[dict] = []
    stop = threading.Event()

    def watch():
        while not stop.is_set():
            seen.append(stack.lb_servers())
            time.sleep(0.25)

    def slow(i):
        try:
            return requests.get(
                stack.url(f"/?wpecs_probe=sleep&s=6&flood={secrets.token_hex(3)}{i}"), timeout=60
            ).status_code
        except requests.RequestException as e:
            return str(e)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        # More slow requests than the replicas have PHP workers and LB slots
        # (maxconn 12 each): they fill every worker and queue in the LB.
        with concurrent.futures.ThreadPoolExecutor(max_workers=40) as pool:
            codes = list(pool.map(slow, range(40)))
    finally:
        stop.set()
        watcher.join()
    print("flood answers:", {str(c): codes.count(c) for c in set(codes)}, "LB samples:", len(seen))
    down = [
        (slot, st)
        for sample in seen
        for slot, (ip, st, _) in sample.items()
        if ip in replicas and "DOWN" in st
    ]
    # The flood lasts at least two waves of 6 s (40 requests, 24 LB slots);
    # the LB's view is read every quarter second plus a docker exec.
    assert len(seen) >= 10 and not down, (
        f"a replica went DOWN under the flood ({len(seen)} samples): {down[:5]}"
    )
    assert codes.count(200) >= 24, "the flood did not reach the replicas"
