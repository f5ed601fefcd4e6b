"""Faults under steady load: a replica dies with SIGKILL; the database restarts."""

import os
import signal
import subprocess
import time

import requests
from loadgen import DEFAULT_PATHS, Load
from stack import container_ip, create_post, docker_inspect, health, login, run, wait_until

HEALTH_INTERVAL = 2.0  # haproxy.cfg: inter 2s


def test_replica_killed_under_load(stack, site):
    victim = stack.containers("wordpress")[-1]
    ip = container_ip(victim)
    restarts = docker_inspect(victim)["RestartCount"]
    assert ip in stack.lb_up()
    with Load(stack.base, DEFAULT_PATHS, rate=50) as load:
        time.sleep(3)  # steady state before the fault
        # A crash, not a `docker kill` (which Docker treats as a manual stop
        # and so would not restart): SIGKILL to the container's init from the host.
        pid = docker_inspect(victim)["State"]["Pid"]
        t_kill = time.monotonic()
        kill_at = load.now()
        os.kill(pid, signal.SIGKILL)
        wait_until("the LB to stop using the killed replica", lambda: ip not in stack.lb_up(), 10, 0.05)
        detected = time.monotonic() - t_kill
        print(
            f"LB took the killed replica out of rotation after {detected:.2f}s (check interval {HEALTH_INTERVAL}s)"
        )
        wait_until(
            "the killed replica to be restarted and healthy",
            lambda: docker_inspect(victim)["RestartCount"] > restarts and health(victim) == "healthy",
            120,
            0.5,
        )
        new_ip = container_ip(victim)
        wait_until("the LB to send traffic to it again", lambda: new_ip in stack.lb_up(), 30, 0.25)
        back = time.monotonic() - t_kill
        time.sleep(2)
    print(load.summary())
    # What counts against the kill is every request still open when the replica
    # died, not only those sent after it: a response the replica was in the
    # middle of sending is lost with it (IncompleteRead), and no LB can resend it.
    every = load.failures()
    failed = [f for f in every if f.t + f.seconds >= kill_at]
    print(
        f"failed requests around the kill (open at it or sent after): {len(failed)} {[(round(f.t, 2), f.status, f.error) for f in failed][:10]}; "
        f"replica back in rotation after {back:.1f}s"
    )
    assert detected <= HEALTH_INTERVAL
    if len(failed) > 5:
        lb_log = run("docker", "logs", stack.one("lb"), check=False)
        answers_503 = [ln for ln in (lb_log.stdout + lb_log.stderr).splitlines() if " 503 " in ln]
        raise AssertionError(
            f"more than 5 requests failed around the kill; the LB's 503 lines: {answers_503[-20:]}"
        )
    before = [f for f in every if f.t + f.seconds < kill_at]
    assert not before, f"requests failed before the fault: {before}"


def test_database_restart_under_load(stack, site):
    s = login(stack, site["user"], site["password"])
    create_post(stack, s, "Written before the database restart")
    before = stack.sql("SELECT COUNT(*) FROM wp_posts WHERE post_type = 'post' AND post_status = 'publish'")
    db = stack.one("db")
    replica_ip = container_ip(stack.containers("wordpress")[0])
    with Load(stack.base, DEFAULT_PATHS, rate=50) as load:
        try:
            time.sleep(2)
            subprocess.run(["docker", "stop", "-t", "30", db], check=True, capture_output=True)
            # The replica itself says 503, and so does the LB (all replicas down).
            wait_until(
                "a replica's /healthz to answer 503",
                lambda: requests.get(f"http://{replica_ip}/healthz", timeout=5).status_code == 503,
                15,
            )
            # Every replica DOWN in the LB, which then answers 503 to pages it has not stored.
            # ("UP 1/2", going down, still gets traffic: wait for no UP at all.)
            wait_until(
                "the LB to mark every replica DOWN",
                lambda: not any(st.startswith("UP") for _, st, _ in stack.lb_servers().values()),
                15,
            )
            down_codes = {stack.get(f"/?db-down={i}").status_code for i in range(3)}
            subprocess.run(["docker", "start", db], check=True, capture_output=True)
            t_back = time.monotonic()
            wait_until("the database to be healthy", lambda: health(db) == "healthy", 60, 0.25)
            t_db = time.monotonic()
            wait_until(
                "the site to answer again",
                lambda: (
                    len(stack.lb_up()) == stack.replicas
                    and stack.get("/?after-db-restart").status_code == 200
                ),
                30,
                0.2,
            )
            recovered = time.monotonic() - t_db
            time.sleep(2)
        finally:  # the later tests share this stack: never leave its database stopped
            subprocess.run(["docker", "start", db], check=False, capture_output=True)
    print(load.summary())
    print(
        f"database up {t_db - t_back:.1f}s after `docker start`; site recovered {recovered:.1f}s after that"
    )
    assert down_codes == {503}
    assert recovered <= 15
    after = stack.sql("SELECT COUNT(*) FROM wp_posts WHERE post_type = 'post' AND post_status = 'publish'")
    assert after == before, f"posts before {before}, after {after}"
    # Once recovered, nothing fails.
    with Load(stack.base, DEFAULT_PATHS, rate=50) as load:
        time.sleep(4)
    print("after recovery:", load.summary())
    assert not load.failures()
