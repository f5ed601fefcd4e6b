"""make deploy-local under steady load: every replica replaced, zero failures."""

import time

from loadgen import DEFAULT_PATHS, Load
from stack import IMAGE, docker_inspect, run


def test_rolling_update_under_load_has_zero_failed_requests(stack, site):
    # A new tag of the same build is a new release to the deploy script.
    new_tag = f"{IMAGE.rsplit(':', 1)[0]}:{stack.project}-roll"
    run("docker", "tag", IMAGE, new_tag)
    try:
        old = set(stack.containers("wordpress"))
        with Load(stack.base, DEFAULT_PATHS, rate=50) as load:
            time.sleep(3)
            p = stack.deploy(new_tag)
            time.sleep(3)
        print(load.summary())
        new = set(stack.containers("wordpress"))
        assert len(new) == stack.replicas and not (new & old), (old, new)
        assert all(docker_inspect(c)["Config"]["Image"] == new_tag for c in new)
        assert "replaced" in p.stderr
        res = load.snapshot()
        assert len(res) >= 50 * 10, "the load did not run for the whole update"
        backends = {r.backend for r in res if r.backend}
        assert len(backends) >= 3, f"the load never reached the new replicas: {backends}"
        failed = load.failures()
        assert not failed, f"{len(failed)} failed requests: {[(round(f.t, 2), f.path, f.status, f.error) for f in failed][:10]}"
        assert len(stack.lb_up()) == stack.replicas
    finally:
        run("docker", "rmi", new_tag, check=False)
