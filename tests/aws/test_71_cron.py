"""External cron (cron_external): the replicas set WPECS_CRON=external, and an
EventBridge Scheduler schedule runs `wp-init cron` as a one-off task of its own
small family every minute, with a role that may do only that."""

import emulator as E
import pytest


@pytest.fixture(scope="module")
def schedule(scheduler, base_stack):
    n = base_stack["name"]
    return scheduler.get_schedule(GroupName=f"{n}-cron", Name=f"{n}-cron")


@pytest.fixture(scope="module")
def cron_task(ecs, schedule):
    return ecs.describe_task_definition(
        taskDefinition=schedule["Target"]["EcsParameters"]["TaskDefinitionArn"]
    )["taskDefinition"]


def test_replicas_run_with_wpecs_cron_external(container):
    assert [e["value"] for e in container["environment"] if e["name"] == "WPECS_CRON"] == ["external"]


def test_schedule_every_minute_one_task_retried_then_dead_lettered(schedule, base_stack):
    t = schedule["Target"]
    assert schedule["ScheduleExpression"] == "rate(1 minute)"
    assert schedule["FlexibleTimeWindow"]["Mode"] == "OFF"
    assert schedule["State"] == "ENABLED"
    assert t["Arn"] == base_stack["cluster_arn"]
    assert t["EcsParameters"]["TaskCount"] == 1
    assert t["RetryPolicy"]["MaximumEventAgeInSeconds"] == 60
    assert t["DeadLetterConfig"]["Arn"].endswith(f":{base_stack['name']}-cron-dlq")


def test_schedule_starts_the_stack_cron_task_definition(schedule, wordpress_stack):
    assert (
        schedule["Target"]["EcsParameters"]["TaskDefinitionArn"]
        == wordpress_stack["cron_task_definition_arn"]
    )


def test_cron_task_own_family_wp_init_cron_small_no_port_efs_cron_logs(cron_task, base_stack):
    c = cron_task["containerDefinitions"][0]
    assert cron_task["family"] == f"{base_stack['name']}-cron"
    assert c["command"] == ["cron"]
    assert c["image"] == f"{base_stack['repository_url']}:{E.TAG1}"
    assert (c["cpu"], c["memory"]) == (256, 512)
    assert c.get("portMappings", []) == []
    assert cron_task["volumes"][0]["efsVolumeConfiguration"]["transitEncryption"] == "ENABLED"
    assert c["logConfiguration"]["options"]["awslogs-stream-prefix"] == "cron"
    assert c["readonlyRootFilesystem"] is True


def test_cron_task_has_no_installer_password(cron_task):
    assert "WORDPRESS_ADMIN_PASSWORD" not in [
        s["name"] for s in cron_task["containerDefinitions"][0]["secrets"]
    ]


def test_schedule_role_may_only_run_the_cron_task_pass_its_roles_and_dead_letter(iam, schedule, base_stack):
    role = schedule["Target"]["RoleArn"].rsplit("/", 1)[-1]
    st = E.policy_document(iam.get_role_policy(RoleName=role, PolicyName="run-cron-task")["PolicyDocument"])[
        "Statement"
    ]
    assert sorted(s["Action"] for s in st) == [
        "ecs:RunTask",
        "iam:PassRole",
        "sqs:SendMessage",
    ]
    assert [
        s["Resource"].endswith(f":task-definition/{base_stack['name']}-cron:*")
        for s in st
        if s["Action"] == "ecs:RunTask"
    ] == [True], st
    assert [
        s["Condition"]["StringEquals"]["iam:PassedToService"] for s in st if s["Action"] == "iam:PassRole"
    ] == ["ecs-tasks.amazonaws.com"]


def test_dead_letter_queue_encrypted(sqs, base_stack):
    url = sqs.get_queue_url(QueueName=f"{base_stack['name']}-cron-dlq")["QueueUrl"]
    assert (
        sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["SqsManagedSseEnabled"])["Attributes"][
            "SqsManagedSseEnabled"
        ]
        == "true"
    )
