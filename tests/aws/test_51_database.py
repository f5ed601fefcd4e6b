"""The database: RDS MariaDB, its secrets and its security group."""

import pytest


@pytest.fixture(scope="module")
def db(rds, base_stack):
    return rds.describe_db_instances(DBInstanceIdentifier=base_stack["db_instance_id"])["DBInstances"][0]


@pytest.fixture(scope="module")
def db_sources(ec2, db) -> list:
    sg = ec2.describe_security_groups(GroupIds=[db["VpcSecurityGroups"][0]["VpcSecurityGroupId"]])[
        "SecurityGroups"
    ][0]
    return sg["IpPermissions"], sorted(
        {p["GroupId"] for perm in sg["IpPermissions"] for p in perm["UserIdGroupPairs"]}
    )


def test_rds_mariadb_encrypted_private_multi_az_7_days_backups(db):
    assert db["Engine"] == "mariadb"
    assert db["StorageEncrypted"] is True
    assert db["PubliclyAccessible"] is False
    assert db["MultiAZ"] is True
    assert db["BackupRetentionPeriod"] == 7


def test_rds_master_password_managed_in_a_secret_the_tasks_never_get(db, base_stack, container):
    master = db["MasterUserSecret"]["SecretArn"]
    assert master.startswith("arn:aws:secretsmanager:")
    # WordPress's own secret (db_secret_arn) is not the master user's.
    assert master != base_stack["db_secret_arn"]
    referenced = [s["valueFrom"] for s in container.get("secrets", [])]
    assert not [r for r in referenced if r.startswith(master)], f"the task definition references {master}"


def test_rds_security_group_only_3306_from_the_workload(db_sources, base_stack):
    perms, sources = db_sources
    assert all(p["FromPort"] == 3306 and p["ToPort"] == 3306 and not p["IpRanges"] for p in perms), perms
    # Sources: the tasks' security groups (awsvpc) or, in bridge mode (no task
    # groups), the instances' one; and at most one other (the rotation function's).
    task = base_stack["task_security_group_ids"]
    assert set(task) <= set(sources), f"task groups {task} not all among the sources {sources}"
    assert 1 <= len(sources) <= (2 if not task else len(task) + 1), sources


def test_database_secret_exists(secretsmanager, base_stack):
    assert (
        secretsmanager.describe_secret(SecretId=base_stack["db_secret_arn"])["ARN"]
        == base_stack["db_secret_arn"]
    )
