"""Secrets reach the tasks only through ECS secrets, and the task's two roles
may do only what they need (moto does not evaluate IAM: the policy documents
are read instead)."""

import emulator as E
import pytest


def secret_arn(value_from: str) -> str:
    """valueFrom may add :json-key:version-stage:version-id to the secret's ARN."""
    return ":".join(value_from.split(":")[:7])


@pytest.fixture(scope="module")
def td_secrets(container) -> list:
    """The secrets the task definition references, as secret ARNs."""
    return sorted({secret_arn(s["valueFrom"]) for s in container.get("secrets", [])})


def inline_policy(iam, role_arn: str) -> dict:
    role = role_arn.rsplit("/", 1)[-1]
    name = iam.list_role_policies(RoleName=role)["PolicyNames"][0]
    return E.policy_document(iam.get_role_policy(RoleName=role, PolicyName=name)["PolicyDocument"])


def test_db_password_comes_from_secrets_manager(container):
    from_secrets = [
        s
        for s in container.get("secrets", [])
        if "DB_PASSWORD" in s["name"] and s["valueFrom"].startswith("arn:aws:secretsmanager:")
    ]
    read_at_run_time = [
        e
        for e in container.get("environment", [])
        if "DB_" in e["name"] and "SECRET" in e["name"] and e["value"].startswith("arn:aws:secretsmanager:")
    ]
    assert from_secrets or read_at_run_time, f"secrets: {container.get('secrets')}"


def test_every_secret_the_task_definition_references_exists(secretsmanager, td_secrets):
    assert td_secrets, "the task definition references no secret"
    found = {}
    for arn in td_secrets:
        try:
            found[arn] = secretsmanager.describe_secret(SecretId=arn)["ARN"]
        except secretsmanager.exceptions.ResourceNotFoundException:
            found[arn] = None
    assert found == {arn: arn for arn in td_secrets}, (
        f"missing secrets: {[a for a, v in found.items() if v != a]}"
    )


def test_execution_and_task_roles_are_separate(task_definition):
    assert task_definition["executionRoleArn"] != task_definition["taskRoleArn"]


def test_execution_role_reads_exactly_the_referenced_secrets(iam, task_definition, td_secrets):
    doc = inline_policy(iam, task_definition["executionRoleArn"])
    resources = set()
    for s in doc["Statement"]:
        if "secretsmanager" in str(s["Action"]):
            resources |= set([s["Resource"]] if isinstance(s["Resource"], str) else s["Resource"])
    assert sorted(resources) == td_secrets


def test_execution_role_pulls_from_the_repository_only(iam, task_definition, base_stack):
    doc = inline_policy(iam, task_definition["executionRoleArn"])
    pull = [s["Resource"] for s in doc["Statement"] if s.get("Sid") == "EcrPullThisRepository"]
    assert [r if isinstance(r, str) else r[0] for r in pull] == [base_stack["repository_arn"]], pull


def test_task_role_mounts_efs_only_through_the_access_point(iam, task_definition, base_stack):
    doc = inline_policy(iam, task_definition["taskRoleArn"])
    conditions = [
        s.get("Condition", {}).get("StringEquals", {}).get("elasticfilesystem:AccessPointArn")
        for s in doc["Statement"]
        if s.get("Sid") == "MountSharedFilesThroughAccessPoint"
    ]
    assert base_stack["efs_access_point_arn"] in conditions, conditions
