"""An upgrade from another commit keeps what it deployed (`make test-aws-upgrade FROM=<rev>`).

Applies both stacks of environment "test" as commit FROM had them, against moto
(with FROM's own emulator, from a `git archive` of FROM), then plans this
working tree's stacks against that state. Passes when neither plan adds or
destroys anything: a refactoring that moves resources (into a module, under
for_each) must say so with `moved` blocks, or the plan would replace them.
In-place updates are listed, not refused: the plan shows each one.

Prints each stack's moved resources and its "Plan:" line; ends with one line,
"test-aws-upgrade: FROM=<rev> passed" or "... failed: <why>", and a non-zero
exit status when it failed. KEEP=1 keeps build/test-aws-upgrade/ (logs, plans).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WORK = ROOT / "build" / "test-aws-upgrade"
OLD = WORK / "old"
# What FROM's emulator and stack scripts need of its tree.
ARCHIVED = ["infra", "tests/aws", "local/lb/cache-rules", "tools", "settings.env"]
PLAN_LINE = re.compile(r"^Plan: (?:\d+ to import, )?(\d+) to add, (\d+) to change, (\d+) to destroy", re.M)


def fail(why: str) -> None:
    print(f"test-aws-upgrade: FROM={os.environ.get('FROM', '')} failed: {why}", flush=True)
    sys.exit(1)


def main() -> None:
    rev = os.environ.get("FROM", "")
    if not rev:
        fail("FROM is not set (a commit to upgrade from, e.g. FROM=HEAD~3 or FROM=main)")
    p = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"],
        capture_output=True,
        text=True,
    )
    if p.returncode != 0:
        fail(f"'{rev}' is not a commit of this repository")
    commit = p.stdout.strip()

    shutil.rmtree(WORK, ignore_errors=True)
    OLD.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", commit, *ARCHIVED], capture_output=True)
    if archive.returncode != 0:
        shutil.rmtree(WORK, ignore_errors=True)
        fail(f"git archive {commit[:12]} failed: {archive.stderr.decode().strip()}")
    untar = subprocess.run(["tar", "-x", "-C", str(OLD)], input=archive.stdout, capture_output=True)
    if untar.returncode != 0:
        shutil.rmtree(WORK, ignore_errors=True)
        fail(f"unpacking {commit[:12]} failed: {untar.stderr.decode().strip()}")
    if not (OLD / "tests/aws/emulator.py").is_file():
        shutil.rmtree(WORK, ignore_errors=True)
        fail(f"{commit[:12]} has no tests/aws/emulator.py to deploy it with")

    # FROM's emulator: its moto patches and stack settings match FROM's stacks.
    sys.path.insert(0, str(OLD / "tests/aws"))
    import emulator as E

    try:
        E.Emulator.start()
        env = {**os.environ, "ENV": "test", "AUTO_APPROVE": "1", "VERSION": "upgrade-check"}
        run_sh = str(E.ROOT / "infra/stacks/run.sh")
        for stack in ("base", "wordpress"):
            log = WORK / f"apply-{stack}.log"
            E.step(f"{commit[:12]}: apply {stack} (log: {log})")
            with log.open("w") as out:
                p = subprocess.run([run_sh, "apply", stack], env=env, stdout=out, stderr=subprocess.STDOUT)
            if p.returncode != 0:
                fail(f"FROM's {stack} stack did not apply (see {log})")

        # This tree's modules and stacks in place of FROM's, same state, same data dirs.
        infra = E.WORK / "infra"
        for d in ("modules", "stacks"):
            shutil.rmtree(infra / d)
            shutil.copytree(
                ROOT / "infra" / d,
                infra / d,
                ignore=shutil.ignore_patterns(".terraform", ".terraform.lock.hcl", "*.tfstate*"),
            )
        if (ROOT / "tests/aws/overrides").is_dir():
            shutil.copytree(ROOT / "tests/aws/overrides", infra, dirs_exist_ok=True)

        problems = []
        for stack in ("base", "wordpress"):
            log = WORK / f"plan-{stack}.log"
            E.step(f"this tree: plan {stack} (log: {log})")
            p = subprocess.run([run_sh, "plan", stack, "-no-color"], env=env, capture_output=True, text=True)
            log.write_text(p.stdout + p.stderr)
            if p.returncode != 0:
                problems.append(f"the plan of {stack} failed (see {log})")
                continue
            for line in p.stdout.splitlines():
                if "has moved to" in line or "will be updated in-place" in line:
                    print(f"  {stack}: {line.strip().lstrip('# ')}", flush=True)
            m = PLAN_LINE.search(p.stdout)
            if not m and "No changes." not in p.stdout:
                problems.append(f"the plan of {stack} says neither 'Plan: ...' nor 'No changes.' (see {log})")
                continue
            add, _change, destroy = (int(x) for x in m.groups()) if m else (0, 0, 0)
            print(f"  {stack}: {m.group(0) if m else 'No changes.'}", flush=True)
            if add or destroy:
                replaced = [
                    ln.strip()
                    for ln in p.stdout.splitlines()
                    if "must be replaced" in ln or "will be destroyed" in ln
                ]
                problems.append(
                    f"{stack} would add {add} and destroy {destroy}: "
                    + "; ".join(replaced or ["see " + str(log)])
                )
        if problems:
            fail(" | ".join(problems))
        print(f"test-aws-upgrade: FROM={rev} passed", flush=True)
    finally:
        E.Emulator.stop_recorded()
        if os.environ.get("KEEP") != "1":
            shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    main()
