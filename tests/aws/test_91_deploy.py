"""A second image tag through `make wordpress`: only the task definitions, the
service and the cron schedule change; a deployment ECS rolls back fails the
command with one line, a completed one succeeds; then `make plan` is empty.

The user builds and pushes the tag (make build PUSH=1); the suite retags the
image it built and pushes that, to spare a second build. This changes the
service: it runs after every check of the first tag (the file order)."""

import json

import emulator as E
import pytest

SHAPES = ["rolled-back", "rolling-back"]


@pytest.fixture(scope="module")
def tag2_plan(emulator, created, base_stack, wordpress_stack) -> list:
    """Push <repository>:aws-e2e-2 and plan the wordpress stack with it: the changes, sorted by address."""
    repo = base_stack["repository_url"]
    E.step(f"pushing {repo}:{E.TAG2} (the built image, retagged)")
    E.run("docker", "tag", f"{E.IMAGE}:{E.TAG1}", f"{repo}:{E.TAG2}")
    E.run("docker", "push", "-q", f"{repo}:{E.TAG2}", log=E.WORK / f"push-{E.TAG2}.log")
    plan = E.WORK / f"{E.TAG2}.tfplan"
    E.stacks(
        "plan",
        "wordpress",
        "-no-color",
        f"-out={plan}",
        env={"VERSION": E.TAG2},
        log=E.WORK / f"plan-{E.TAG2}.log",
    )
    show = json.loads(E.stacks("tofu", "wordpress", "show", "-json", str(plan)).stdout)
    return sorted(
        (c["address"], sorted(c["change"]["actions"]))
        for c in show["resource_changes"]
        if c["change"]["actions"] not in (["no-op"], ["read"])
    )


def test_new_tag_changes_only_the_task_definitions_the_service_and_the_cron_schedule(
    tag2_plan,
):
    # With external cron the cron task (same image) is replaced too, and the
    # schedule follows it to the new revision.
    assert tag2_plan == [
        ("module.wordpress.aws_ecs_service.this", ["update"]),
        ('module.wordpress.aws_ecs_task_definition.this["cron"]', ["create", "delete"]),
        ('module.wordpress.aws_ecs_task_definition.this["web"]', ["create", "delete"]),
        ("module.wordpress.aws_scheduler_schedule.cron[0]", ["update"]),
    ]


def service_td(ecs, base_stack, wordpress_stack) -> str:
    return ecs.describe_services(
        cluster=base_stack["cluster_name"], services=[wordpress_stack["service_name"]]
    )["services"][0]["taskDefinition"]


def deploy_tag2(emulator, outcome, log):
    """`make wordpress VERSION=<the second tag>`, with ECS answering `outcome`."""
    E.step(f"make wordpress ENV=test VERSION={E.TAG2}, ECS answering: {outcome}")
    emulator.deployment_outcome(outcome)
    return E.make("wordpress", "ENV=test", f"VERSION={E.TAG2}", "AUTO_APPROVE=1", log=log, check=False)


@pytest.fixture(scope="module")
def rollbacks(emulator, ecs, tag2_plan, base_stack, wordpress_stack) -> dict:
    """`make wordpress VERSION=aws-e2e-2` with moto answering the deployment as
    rolled back: after the rollback (only the previous revision's deployment
    left) and during it (the failed one still listed)."""
    r = {}
    for shape in SHAPES:
        p = deploy_tag2(emulator, shape, E.WORK / f"wordpress-{shape}.log")
        new_td = E.stacks("tofu", "wordpress", "output", "-raw", "task_definition_arn").stdout.strip()
        r[shape] = {
            "p": p,
            "new_td": new_td,
            "service_td": service_td(ecs, base_stack, wordpress_stack),
        }
    return r


def td_name(arn: str) -> str:
    return arn.rsplit("/", 1)[-1]


@pytest.mark.parametrize("shape", SHAPES)
def test_make_wordpress_fails_when_ecs_rolled_the_deployment_back(rollbacks, shape):
    p = rollbacks[shape]["p"]
    assert p.returncode != 0, "exit 0; last lines:\n" + "\n".join((p.stdout + p.stderr).splitlines()[-3:])


@pytest.mark.parametrize("shape", SHAPES)
def test_one_error_line_naming_both_revisions(rollbacks, wordpress_stack, shape):
    r = rollbacks[shape]
    errors = [line for line in (r["p"].stdout + r["p"].stderr).splitlines() if line.startswith("error: ")]
    want = f"error: deployment of {td_name(r['new_td'])} failed; ECS rolled back to {td_name(wordpress_stack['task_definition_arn'])}"
    assert len(errors) == 1 and errors[0].startswith(want), f"want one line starting {want!r}, got {errors}"


@pytest.mark.parametrize("shape", SHAPES)
def test_service_runs_the_previous_revision_after_the_rollback(rollbacks, wordpress_stack, shape):
    assert rollbacks[shape]["service_td"] == wordpress_stack["task_definition_arn"]


@pytest.fixture(scope="module")
def completed(emulator, ecs, rollbacks, base_stack, wordpress_stack) -> dict:
    p = deploy_tag2(emulator, "completed", E.WORK / f"wordpress-{E.TAG2}.log")
    td = service_td(ecs, base_stack, wordpress_stack)
    return {
        "p": p,
        "td": ecs.describe_task_definition(taskDefinition=td)["taskDefinition"],
    }


def test_make_wordpress_succeeds_once_the_deployment_completes(completed):
    p = completed["p"]
    assert p.returncode == 0, "\n".join((p.stdout + p.stderr).splitlines()[-20:])


def test_service_runs_a_new_revision_with_the_second_tag(completed, base_stack, wordpress_stack):
    assert completed["td"]["taskDefinitionArn"] != wordpress_stack["task_definition_arn"]
    assert completed["td"]["containerDefinitions"][0]["image"] == f"{base_stack['repository_url']}:{E.TAG2}"


def test_second_tag_registry_lists_the_tag(emulator, completed, base_stack):
    E.check_registry_lists(emulator, base_stack["repository_name"], E.TAG2)


def test_second_tag_is_the_built_image(emulator, completed, pushed_image, base_stack):
    E.check_registry_holds_the_built_image(emulator, pushed_image, base_stack["repository_name"], E.TAG2)


def test_second_tag_digest_recorded_by_docker(emulator, completed, pushed_image, base_stack):
    E.check_docker_recorded_the_pushed_digest(emulator, pushed_image, base_stack["repository_name"], E.TAG2)


@pytest.fixture(scope="module")
def make_plan(completed):
    E.step(f"make plan ENV=test VERSION={E.TAG2}")
    return E.make(
        "plan",
        "ENV=test",
        f"VERSION={E.TAG2}",
        log=E.WORK / "make-plan.log",
        check=False,
    )


def test_make_plan_exits_0(make_plan):
    assert make_plan.returncode == 0, f"log: {E.WORK}/make-plan.log"


def test_make_plan_no_changes_in_either_stack(make_plan):
    out = make_plan.stdout + make_plan.stderr
    assert out.count("No changes.") == 2, (
        f"'No changes.' {out.count('No changes.')} times, want 2 (log: {E.WORK}/make-plan.log)"
    )
