"""After the apply, a second plan of each stack changes nothing."""

import time

import emulator as E
import pytest


@pytest.fixture(scope="module")
def replans(session, created) -> dict:
    E.step("second plan of both stacks (-detailed-exitcode)")
    t = time.time()
    r = {
        s: E.stacks(
            "plan",
            s,
            "-no-color",
            "-detailed-exitcode",
            env={"VERSION": E.TAG1},
            log=E.WORK / f"replan-{s}.log",
            check=False,
        )
        for s in ("base", "wordpress")
    }
    session.timed("no-change plan (both stacks)", time.time() - t)
    return r


@pytest.mark.parametrize("stack", ["base", "wordpress"])
def test_no_changes_after_apply(replans, stack):
    p = replans[stack]
    changes = [
        line
        for line in (p.stdout + p.stderr).splitlines()
        if line.startswith(("  # ", "Plan:")) or "Error" in line
    ][:20]
    assert p.returncode == 0, (
        f"plan of {stack} exited {p.returncode} (2: changes; log {E.WORK}/replan-{stack}.log):\n"
        + "\n".join(changes)
    )
