"""The LB's edge: the client cannot choose the address WordPress sees, the
health endpoints are not public, a flood of slow requests does not starve
the health checks, and a replica's 503 is retried elsewhere for a GET but
never for a POST."""

import concurrent.futures
import secrets
import threading
import time

import requests
from stack import container_ip, docker_inspect, install_probe


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


def test_a_replica_answering_503_costs_a_get_nothing_and_a_post_is_never_resent(stack, site):
    """local/lb/haproxy.cfg retries a GET or HEAD that got a 503 on another replica
    (a replica HAProxy marked ready before its first check may still answer 503 as it
    starts); a POST is never sent twice; when every replica answers 503 the client
    gets it."""
    install_probe(stack)
    replicas = stack.containers("wordpress")
    assert len(replicas) >= 2
    hosts = [docker_inspect(c)["Config"]["Hostname"] for c in replicas]
    busy, log = hosts[0], "/shared/wp-content/uploads/wpecs-probe-503.log"

    def answered_503() -> int:
        p = stack.shared(f"cat {log} 2>/dev/null || true")
        return len(p.stdout.split())

    stack.shared(f"rm -f {log}")
    path = f"/?wpecs_probe=unavailable&on={busy}&n="
    # Round robin: in 2 rounds over the replicas, the busy one is asked at least twice.
    gets = [stack.get(path + f"get{i}") for i in range(2 * len(replicas))]
    heads = [requests.head(stack.url(path + f"head{i}"), timeout=30) for i in range(2 * len(replicas))]
    tried = answered_503()
    print(
        f"GET/HEAD: the busy replica answered 503 {tried} times; codes", [r.status_code for r in gets + heads]
    )
    assert tried >= 2, "the busy replica was never asked: the test proves nothing"
    assert all(r.status_code == 200 for r in gets + heads), [
        (r.status_code, r.text[:80]) for r in gets + heads
    ]
    assert not any(busy in r.text for r in gets)

    stack.shared(f"rm -f {log}")
    posts = [
        requests.post(stack.url(path + f"post{i}"), data={"n": i}, timeout=30)
        for i in range(2 * len(replicas))
    ]
    refused = [r for r in posts if r.status_code == 503]
    print("POST codes:", [r.status_code for r in posts])
    # Each POST reached one replica once: the 503s the client saw are all the busy
    # replica answered, and every other POST got its 200 from another replica.
    assert refused and all(busy in r.text for r in refused), [(r.status_code, r.text[:80]) for r in posts]
    assert answered_503() == len(refused)
    assert all(r.status_code == 200 for r in posts if r not in refused)

    # Every replica busy: the retries run out and the client gets the 503.
    r = stack.get(f"/?wpecs_probe=unavailable&on={','.join(hosts)}&n=all")
    assert r.status_code == 503, (r.status_code, r.text[:80])
