"""The object cache (cache_enabled, cache_multi_az): an encrypted ElastiCache
replication group with an AUTH token, reachable from the workload's group only,
whose endpoint and token the task definition names."""

import json
import re

import pytest


@pytest.fixture(scope="module")
def group(elasticache, base_stack):
    return elasticache.describe_replication_groups(ReplicationGroupId=base_stack["name"])[
        "ReplicationGroups"
    ][0]


def test_cache_encrypted_auth_token_multi_az_failover_over_two_nodes(group):
    assert group["TransitEncryptionEnabled"] is True
    assert group["AtRestEncryptionEnabled"] is True
    assert group["AuthTokenEnabled"] is True
    assert group["MultiAZ"] == "enabled"
    assert group["AutomaticFailover"] == "enabled"
    assert len(group["MemberClusters"]) == 2, group["MemberClusters"]


def test_cache_host_output_is_the_primary_endpoint(group, base_stack):
    assert base_stack["cache_host"] == group["NodeGroups"][0]["PrimaryEndpoint"]["Address"]


def test_cache_subnet_group_over_the_private_subnets(elasticache, base_stack):
    sg = elasticache.describe_cache_subnet_groups(CacheSubnetGroupName=f"{base_stack['name']}-cache")[
        "CacheSubnetGroups"
    ][0]
    assert sorted(s["SubnetIdentifier"] for s in sg["Subnets"]) == sorted(base_stack["private_subnet_ids"])


def test_cache_security_group_only_6379_from_the_workload(ec2, rds, base_stack):
    groups = ec2.describe_security_groups(
        Filters=[
            {"Name": "vpc-id", "Values": [base_stack["vpc_id"]]},
            {"Name": "group-name", "Values": [f"{base_stack['name']}-cache-*"]},
        ]
    )["SecurityGroups"]
    assert len(groups) == 1, [g["GroupName"] for g in groups]
    perms = groups[0]["IpPermissions"]
    assert len(perms) == 1, perms
    assert (perms[0]["FromPort"], perms[0]["ToPort"], perms[0]["IpRanges"]) == (
        6379,
        6379,
        [],
    )
    sources = [p["GroupId"] for p in perms[0]["UserIdGroupPairs"]]
    task = base_stack["task_security_group_ids"]
    if task:
        assert sources == task
    else:
        # Bridge mode: the workload's group is the instances', also one of the database's sources.
        db = rds.describe_db_instances(DBInstanceIdentifier=base_stack["db_instance_id"])["DBInstances"][0]
        db_sg = ec2.describe_security_groups(GroupIds=[db["VpcSecurityGroups"][0]["VpcSecurityGroupId"]])[
            "SecurityGroups"
        ][0]
        db_sources = {p["GroupId"] for perm in db_sg["IpPermissions"] for p in perm["UserIdGroupPairs"]}
        assert len(sources) == 1 and sources[0] in db_sources, (
            f"cache sources {sources}, database sources {db_sources}"
        )


def test_task_definition_redis_host_port_tls(container, base_stack):
    redis = {e["name"]: e["value"] for e in container["environment"] if e["name"].startswith("WPECS_REDIS_")}
    assert redis == {
        "WPECS_REDIS_HOST": base_stack["cache_host"],
        "WPECS_REDIS_PORT": "6379",
        "WPECS_REDIS_TLS": "1",
    }


def test_task_definition_redis_password_from_the_cache_secret(container, base_stack):
    assert [s["valueFrom"] for s in container["secrets"] if s["name"] == "WPECS_REDIS_PASSWORD"] == [
        f"{base_stack['cache_secret_arn']}:auth_token::"
    ]


def test_cache_token_is_64_letters_and_digits(secretsmanager, base_stack):
    token = json.loads(
        secretsmanager.get_secret_value(SecretId=base_stack["cache_secret_arn"])["SecretString"]
    )["auth_token"]
    assert re.fullmatch(r"[A-Za-z0-9]{64}", token), (
        f"token of {len(token)} characters, not 64 letters and digits"
    )
