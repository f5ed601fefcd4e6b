"""Session fixtures of the emulated-AWS suite (`make test-aws`).

emulator        moto and the registry, started once and stopped by PID
created         `make create-all ENV=test VERSION=aws-e2e-1`: ECR repository,
                image build pushed to the registry, base stack, wordpress stack
base_stack      the base stack's outputs, wordpress_stack the wordpress stack's
pushed_image    the image create-all built and pushed
<service>       boto3 clients bound to moto (ec2, ecs, elbv2, ...)

The stacks are destroyed by test_99_destroy.py (`make destroy`, then nothing
may be left); when that test was not selected, at the end of the session.
TEST_AWS_REUSE=1 leaves everything up instead (unless test_99_destroy.py ran),
and the next such run takes it over (see README.md)."""

from __future__ import annotations

import json
import shutil
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

import emulator as E

RESULTS = {"passed": 0, "failed": 0}


def pytest_configure(config):
    capman = config.pluginmanager.getplugin("capturemanager")

    def write(line: str) -> None:
        # Progress lines reach the terminal while a fixture or test runs, on a
        # line of their own (the reporter exists once every plugin is configured).
        reporter = config.pluginmanager.getplugin("terminalreporter")
        with capman.global_and_fixture_disabled():
            if reporter:
                reporter.ensure_newline()
                reporter.write_line(line.rstrip("\n"))
                reporter.flush()
            else:
                sys.stderr.write(line)

    if capman:
        E.WRITE = write
    missing = [
        what
        for what, ok in (
            (f"OpenTofu at {E.TOFU} (make infra-tools)", Path(E.TOFU).is_file()),
            (
                f"the CLI config with the provider mirror at {E.TF_CLI_CONFIG_FILE} (make infra-tools)",
                Path(E.TF_CLI_CONFIG_FILE).is_file(),
            ),
            (f"the AWS CLI at {E.AWS_CLI} (set AWS_CLI)", Path(E.AWS_CLI).is_file()),
            (
                f"the OCI registry at {E.REGISTRY} (make deps: Debian's docker-registry)",
                Path(E.REGISTRY).is_file(),
            ),
        )
        if not ok
    ]
    try:
        import moto.server  # noqa: F401
    except ImportError:
        missing.append(f"moto in {sys.executable}'s environment (make deps)")
    if missing:
        raise pytest.UsageError("missing: " + "; ".join(missing))


def pytest_collection_modifyitems(items):
    """Files run in the order of their numbers whatever order they were named
    in: the deployment of the second tag (91) changes what the checks before it
    read, and the destroy (99) ends the stacks."""
    items.sort(key=lambda item: Path(str(item.fspath)).name)


def pytest_runtest_logreport(report):
    if report.when == "call" or report.failed:
        if report.passed and report.when == "call":
            RESULTS["passed"] += 1
        elif report.failed:
            RESULTS["failed"] += 1


def pytest_terminal_summary(terminalreporter):
    state = (E.SESSION.exists() and json.loads(E.SESSION.read_text())) or {}
    times = state.get("times", {})
    if "resources" in state:
        terminalreporter.write_line(f"resources created: {state['resources']} (by make create-all)")
    if times:
        terminalreporter.write_line(
            "time: " + ", ".join(f"{k} {v}s" for k, v in times.items()) + f", all {int(time.time() - E._T0)}s"
        )
    terminalreporter.write_line(f"test-aws: {RESULTS['passed']} passed, {RESULTS['failed']} failed")


class Session:
    """What the fixtures share: the emulator, whether the stacks are up, timings."""

    def __init__(self, em: E.Emulator):
        self.em = em
        self.destroyed = False

    def timed(self, what: str, seconds: float) -> None:
        self.em.state.setdefault("times", {})[what] = int(seconds)
        self.em.save()

    def destroy(self) -> None:
        """`make destroy ENV=test AUTO_APPROVE=1` (wordpress, then base), once."""
        if self.destroyed:
            return
        self.destroyed = True
        E.step(f"make destroy ENV=test AUTO_APPROVE=1 (log: {E.WORK}/destroy.log)")
        t = time.time()
        self.destroy_log = E.make("destroy", "ENV=test", "AUTO_APPROVE=1", log=E.WORK / "destroy.log").stdout
        self.timed("destroy", time.time() - t)


@pytest.fixture(scope="session")
def session():
    em = E.Emulator.running() if E.REUSE else None
    if em:
        E.step(f"taking over the running emulator {em.endpoint} (TEST_AWS_REUSE=1)")
    else:
        E.Emulator.stop_recorded()
        shutil.rmtree(E.WORK, ignore_errors=True)
        em = E.Emulator.start()
    s = Session(em)
    try:
        yield s
    finally:
        if E.REUSE and not s.destroyed:
            E.step(
                f"TEST_AWS_REUSE=1: moto ({em.endpoint}, pid {em.state['moto_pid']}) and the stacks stay up"
            )
        else:
            failed = None
            if em.state.get("created") and not s.destroyed:
                # test_99_destroy.py was not selected: destroy anyway, and fail
                # the run if that fails (something would be left).
                try:
                    s.destroy()
                except AssertionError as e:
                    failed = e
            E.Emulator.stop_recorded()
            E.Emulator.remove_built_image()
            if not E.KEEP:
                for d in ("infra", "tofu", "registry-data"):
                    shutil.rmtree(E.WORK / d, ignore_errors=True)
            if failed:
                raise failed


@pytest.fixture(scope="session")
def emulator(session) -> E.Emulator:
    return session.em


@pytest.fixture(scope="session")
def created(session):
    """`make create-all ENV=test VERSION=aws-e2e-1 AUTO_APPROVE=1`: the README's
    first command, once per session (or taken over with TEST_AWS_REUSE=1)."""
    em = session.em
    if not em.state.get("created"):
        log = E.WORK / "create-all.log"
        E.step(f"make create-all ENV=test VERSION={E.TAG1} (log: {log})")
        t = time.time()
        p = E.make(
            "create-all",
            "ENV=test",
            f"VERSION={E.TAG1}",
            "AUTO_APPROVE=1",
            log=log,
            check=False,
        )
        # Something may exist even when it failed: the teardown destroys it.
        em.state["created"] = True
        em.state["applies"] = p.stdout.count("Apply complete!") + p.stderr.count("Apply complete!")
        em.state["resources"] = E.resources_added(p.stdout + p.stderr)
        session.timed("make create-all (image build, push and both applies)", time.time() - t)
        if p.returncode != 0:
            tail = "\n".join((p.stdout + p.stderr).splitlines()[-60:])
            pytest.exit(f"make create-all failed (log: {log})\n{tail}", returncode=1)
        E.step(
            f"make create-all: {em.state['resources']} resources in {em.state['times']['make create-all (image build, push and both applies)']}s"
            " (image build included)"
        )
    return em.state


@pytest.fixture(scope="session")
def base_stack(created) -> dict:
    return E.outputs("base")


@pytest.fixture(scope="session")
def wordpress_stack(base_stack) -> dict:
    return E.outputs("wordpress")


@pytest.fixture(scope="session")
def pushed_image(created, base_stack) -> dict:
    """The image make create-all built (local image ID) and pushed (repository URL, tag)."""
    p = E.run("docker", "image", "inspect", f"{E.IMAGE}:{E.TAG1}")
    info = json.loads(p.stdout)[0]
    return {
        "local": f"{E.IMAGE}:{E.TAG1}",
        "id": info["Id"],
        "repo_digests": info.get("RepoDigests") or [],
        "repository_url": base_stack["repository_url"],
        "tag": E.TAG1,
    }


@pytest.fixture(scope="session")
def task_definition(emulator, wordpress_stack) -> dict:
    """The service's task definition as ECS answers it."""
    return emulator.client("ecs").describe_task_definition(
        taskDefinition=wordpress_stack["task_definition_arn"]
    )["taskDefinition"]


@pytest.fixture(scope="session")
def container(task_definition) -> dict:
    return task_definition["containerDefinitions"][0]


def _client(name: str):
    @pytest.fixture(scope="session", name=name)
    def fixture(emulator):
        return emulator.client(name)

    return fixture


for _svc in (
    "ec2",
    "ecs",
    "elbv2",
    "autoscaling",
    "iam",
    "efs",
    "rds",
    "secretsmanager",
    "elasticache",
    "ecr",
    "logs",
    "sesv2",
    "route53",
    "scheduler",
    "sqs",
    "sns",
    "kms",
    "cloudwatch",
    "events",
    "backup",
    "cloudfront",
    "wafv2",
    "resourcegroupstaggingapi",
):
    globals()[_svc] = _client(_svc)


@pytest.fixture(scope="session")
def aas(emulator):
    """Application Auto Scaling."""
    return emulator.client("application-autoscaling")
