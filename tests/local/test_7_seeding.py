"""First start on an empty shared volume: three replicas started together,
exactly one seeds; a replica killed mid-seed leaves nothing that looks complete,
and the next start finishes the job."""

import json
import os
import re
import signal

import pytest
from overrides import COPY_DELAY, write
from stack import Stack, docker_inspect, health, run, wait_until


@pytest.fixture
def seed_stack(tmp_path):
    s = Stack("seed", replicas=3, override=write(tmp_path, "copy-delay.yml", COPY_DELAY))
    try:
        yield s
    finally:
        s.close()


def logs(name: str) -> str:
    p = run("docker", "logs", name)
    return p.stdout + p.stderr


def marker(s: Stack) -> dict:
    """wp-init's seed marker: `key value` lines after a header (image/init/src/marker.hpp)."""
    lines = s.shared("cat /shared/.wpecs/seed.marker").stdout.splitlines()
    return dict(line.split(" ", 1) for line in lines[1:] if not line.startswith("item "))


def bundled_listing(s: Stack, replica: str) -> list[str]:
    """The image's seed source, as relative paths with sizes."""
    out = run(
        "docker", "exec", replica, "find", "/usr/share/wordpress-ecs/wp-content", "-printf", "%P %s %y\\n"
    ).stdout
    return sorted(line for line in out.splitlines() if line.split(" ")[0])


def volume_listing(s: Stack, items: list[str]) -> list[str]:
    out = s.shared("cd /shared/wp-content && find . -printf '%P %s %y\\n'").stdout
    top = {i.split(" ")[0].split("/")[0] for i in items}
    return sorted(
        line for line in out.splitlines() if line.split(" ")[0] and line.split(" ")[0].split("/")[0] in top
    )


def test_three_replicas_on_an_empty_volume_seed_exactly_once(seed_stack):
    s = seed_stack
    # A couple of ms per file stretches the seed to seconds, so the three
    # starts really overlap; compose starts the three replicas in parallel.
    s.up(WPECS_TEST_COPY_DELAY_MS=2)
    replicas = s.containers("wordpress")
    assert len(replicas) == 3 and all(health(r) == "healthy" for r in replicas)
    hosts = {docker_inspect(r)["Config"]["Hostname"]: r for r in replicas}
    m = marker(s)
    print("marker:", json.dumps(m)[:300])
    assert m["seeded_by"] in hosts, (m["seeded_by"], hosts)
    seeder = hosts[m["seeded_by"]]
    texts = {r: logs(r) for r in replicas}
    seeded = [r for r, t in texts.items() if re.search(r"seeded wp-content \(version .*\) as ", t)]
    assert seeded == [seeder], {r: t[-600:] for r, t in texts.items()}
    for r, t in texts.items():
        if r != seeder:
            assert "wp-content already seeded" in t, t[-800:]
    waited = [r for r, t in texts.items() if "waiting for the volume lock" in t]
    print(f"seeded by {seeder}; {len(waited)} replica(s) logged waiting for the lock")
    # Nothing half-copied: the volume holds exactly the bundled tree, no staging left.
    items = bundled_listing(s, seeder)
    assert volume_listing(s, items) == items
    assert not re.search(r"(^|\s)tmp\.", s.shared("ls -a /shared/.wpecs").stdout)


def test_a_replica_killed_mid_seed_leaves_a_volume_the_next_start_completes(seed_stack):
    s = seed_stack
    s.replicas = 1
    s.up()  # the DB, the LB and one seeded replica
    first = s.one("wordpress")
    items = bundled_listing(s, first)
    # Back to an empty volume, then one slow seed.
    s.compose("rm", "-s", "-f", "wordpress")
    s.shared("rm -rf /shared/wp-content /shared/.wpecs")
    s.compose("up", "-d", "--no-deps", "wordpress", extra={"WPECS_TEST_COPY_DELAY_MS": "30"})
    victim = s.one("wordpress")
    run("docker", "update", "--restart=no", victim)

    def staging_has_files():
        out = s.shared("find /shared/.wpecs -path '*/tmp.*' -type f | wc -l", check=False).stdout.strip()
        return out.isdigit() and int(out) >= 20

    wait_until("the seed to be under way", staging_has_files, 120, 0.2)
    os.kill(docker_inspect(victim)["State"]["Pid"], signal.SIGKILL)
    wait_until(
        "the killed replica to be gone", lambda: docker_inspect(victim)["State"]["Status"] == "exited", 30
    )
    state = s.shared("ls -a /shared /shared/.wpecs").stdout
    print("volume after the kill:", state.split())
    assert "wp-content" not in state.split(), "a killed seed left a wp-content that looks complete"
    assert "seed.marker" not in state.split()

    # The next start (no delay) cleans up and seeds.
    s.compose("rm", "-f", "wordpress")
    s.compose("up", "-d", "--no-deps", "wordpress", extra={"WPECS_TEST_COPY_DELAY_MS": "0"})
    fresh = s.one("wordpress")
    wait_until("the next replica to be healthy", lambda: health(fresh) == "healthy", 180, 0.5)
    text = logs(fresh)
    assert "left by an interrupted start" in text, text[-800:]
    assert re.search(r"seeded wp-content \(version .*\) as ", text), text[-800:]
    assert marker(s)["seeded_by"] == docker_inspect(fresh)["Config"]["Hostname"]
    assert volume_listing(s, items) == items
    assert not re.search(r"(^|\s)tmp\.", s.shared("ls -a /shared/.wpecs").stdout)
    wait_until("the LB to route to it", lambda: len(s.lb_up()) == 1, 30)
    assert s.get("/?seeded").status_code in (200, 302)
