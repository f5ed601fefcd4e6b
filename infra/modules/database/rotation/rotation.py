"""Secrets Manager rotation function for the WordPress database user.

Alternating users: the application secret names one of two database users,
<base> and <base>_clone. Each rotation gives a new password to the user the
secret does NOT name now, and then points the secret at that user. The user
the running tasks hold keeps its password until the rotation after next, so
no connection fails while the tasks are replaced (finishSecret forces a new
deployment of the ECS service, which reads the new version at task start).

The master secret (the RDS-managed one) is used only here, to create the
users, set their passwords and grant them the WordPress schema.

Environment:
  MASTER_SECRET_ARN  secret with the master user's "username"/"password"
  DB_HOST, DB_PORT, DB_NAME   the instance and the WordPress schema
  ECS_CLUSTER, ECS_SERVICE    the service to roll after a rotation (optional)
  SECRETS_MANAGER_ENDPOINT    only for tests (an emulator)
"""

from __future__ import annotations

import json
import logging
import os
import re

import boto3
import pymysql

log = logging.getLogger()
log.setLevel(logging.INFO)

CLONE_SUFFIX = "_clone"
# What WordPress needs on its own schema, core upgrades and plugins that
# create tables included; nothing on any other schema, no GRANT OPTION.
GRANTS = "SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP, CREATE TEMPORARY TABLES, LOCK TABLES"
NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,63}$")
USER = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,31}$")


class RotationError(Exception):
    """A rotation step cannot go on; Secrets Manager retries it later."""


def _client(service: str):
    endpoint = os.environ.get("SECRETS_MANAGER_ENDPOINT") if service == "secretsmanager" else None
    return boto3.client(service, endpoint_url=endpoint) if endpoint else boto3.client(service)


def lambda_handler(event, context=None, sm=None, ecs=None):
    arn, token, step = event["SecretId"], event["ClientRequestToken"], event["Step"]
    sm = sm or _client("secretsmanager")

    meta = sm.describe_secret(SecretId=arn)
    if not meta.get("RotationEnabled"):
        raise RotationError(f"secret {arn} does not have rotation enabled")
    versions = meta.get("VersionIdsToStages", {})
    if token not in versions:
        raise RotationError(f"version {token} of secret {arn} does not exist")
    if "AWSCURRENT" in versions[token]:
        log.info("version %s of %s is already AWSCURRENT", token, arn)
        return
    if "AWSPENDING" not in versions[token]:
        raise RotationError(f"version {token} of secret {arn} is not AWSPENDING")

    if step == "createSecret":
        create_secret(sm, arn, token)
    elif step == "setSecret":
        set_secret(sm, arn, token)
    elif step == "testSecret":
        test_secret(sm, arn, token)
    elif step == "finishSecret":
        finish_secret(sm, arn, token, ecs)
    else:
        raise RotationError(f"unknown step {step!r}")


# -- the four steps ------------------------------------------------------------


def create_secret(sm, arn: str, token: str) -> None:
    """Store AWSPENDING: the other user, a new password."""
    current = _get(sm, arn, "AWSCURRENT")
    try:
        _get(sm, arn, "AWSPENDING", token)
        log.info("createSecret: AWSPENDING %s already exists", token)
        return
    except sm.exceptions.ResourceNotFoundException:
        pass
    pending = dict(current)
    pending["username"] = other_user(current["username"])
    pending["password"] = sm.get_random_password(PasswordLength=40, ExcludePunctuation=True)["RandomPassword"]
    sm.put_secret_value(
        SecretId=arn, ClientRequestToken=token, SecretString=json.dumps(pending), VersionStages=["AWSPENDING"]
    )
    log.info("createSecret: AWSPENDING %s names user %s", token, pending["username"])


def set_secret(sm, arn: str, token: str) -> None:
    """As the master user: create the pending user if needed, set its password, grant the schema."""
    pending = _get(sm, arn, "AWSPENDING", token)
    user = _valid_user(pending["username"])
    db = _valid_name(pending.get("dbname") or os.environ["DB_NAME"])
    master = _get(sm, os.environ["MASTER_SECRET_ARN"], "AWSCURRENT")
    conn = _connect(pending, master["username"], master["password"], database=None)
    try:
        with conn.cursor() as cur:
            # %s placeholders are quoted string literals ('user'@'%'); the
            # schema name is an identifier, validated above and escaped for
            # GRANT's wildcard rules (_ and % match any character there).
            cur.execute("CREATE USER IF NOT EXISTS %s@'%%' IDENTIFIED BY %s", (user, pending["password"]))
            cur.execute("ALTER USER %s@'%%' IDENTIFIED BY %s", (user, pending["password"]))
            cur.execute(f"GRANT {GRANTS} ON `{_grant_pattern(db)}`.* TO %s@'%%'", (user,))
        conn.commit()
    finally:
        conn.close()
    log.info("setSecret: user %s has the AWSPENDING password and its grants on %s", user, db)


def test_secret(sm, arn: str, token: str) -> None:
    """Log in as the pending user and use the schema the way WordPress does."""
    pending = _get(sm, arn, "AWSPENDING", token)
    conn = _connect(
        pending,
        pending["username"],
        pending["password"],
        database=pending.get("dbname") or os.environ["DB_NAME"],
    )
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT DATABASE(), CURRENT_USER()")
            cur.execute("CREATE TEMPORARY TABLE wpecs_rotation_test (id INT)")
            cur.execute("DROP TEMPORARY TABLE wpecs_rotation_test")
    finally:
        conn.close()
    log.info("testSecret: user %s logs in and works on its schema", pending["username"])


def finish_secret(sm, arn: str, token: str, ecs=None) -> None:
    """Move AWSCURRENT to the pending version, then roll the service onto it."""
    meta = sm.describe_secret(SecretId=arn)
    current_version = next(
        (v for v, stages in meta["VersionIdsToStages"].items() if "AWSCURRENT" in stages), None
    )
    if current_version != token:
        sm.update_secret_version_stage(
            SecretId=arn,
            VersionStage="AWSCURRENT",
            MoveToVersionId=token,
            RemoveFromVersionId=current_version,
        )
    # No AWSPENDING left behind: the next rotation then starts clean whatever
    # the service makes of a label shared with AWSCURRENT.
    sm.update_secret_version_stage(SecretId=arn, VersionStage="AWSPENDING", RemoveFromVersionId=token)
    log.info("finishSecret: version %s is AWSCURRENT", token)
    roll_service(ecs)


def roll_service(ecs=None) -> bool:
    """New tasks read the new version when they start; the old user stays valid
    until the next rotation, so the roll has a whole rotation period to finish."""
    cluster, service = os.environ.get("ECS_CLUSTER"), os.environ.get("ECS_SERVICE")
    if not (cluster and service):
        return False
    ecs = ecs or _client("ecs")
    try:
        ecs.update_service(cluster=cluster, service=service, forceNewDeployment=True)
    except (
        ecs.exceptions.ServiceNotFoundException,
        ecs.exceptions.ServiceNotActiveException,
        ecs.exceptions.ClusterNotFoundException,
    ):
        # The first rotation runs when the base stack is created, before the
        # wordpress stack made the service: its tasks will start on this version.
        log.info("finishSecret: no service %s in %s yet; nothing to roll", service, cluster)
        return False
    log.info("finishSecret: new deployment of %s/%s started", cluster, service)
    return True


# -- helpers -------------------------------------------------------------------


def other_user(username: str) -> str:
    _valid_user(username)
    if username.endswith(CLONE_SUFFIX):
        return username[: -len(CLONE_SUFFIX)]
    return _valid_user(username + CLONE_SUFFIX)


def _get(sm, arn: str, stage: str, token: str | None = None) -> dict:
    kw = {"SecretId": arn, "VersionStage": stage}
    if token:
        kw["VersionId"] = token
    value = json.loads(sm.get_secret_value(**kw)["SecretString"])
    for key in ("username", "password"):
        if key not in value:
            raise RotationError(f"secret {arn} ({stage}) has no {key!r} key")
    return value


def _connect(secret: dict, user: str, password: str, database: str | None):
    return pymysql.connect(
        host=secret.get("host") or os.environ["DB_HOST"],
        port=int(secret.get("port") or os.environ.get("DB_PORT", "3306")),
        user=user,
        password=password,
        database=database,
        connect_timeout=5,
        read_timeout=30,
        write_timeout=30,
        autocommit=False,
    )


def _valid_user(name: str) -> str:
    if not USER.match(name or ""):
        raise RotationError(
            f"user name {name!r} is not 1-32 letters, digits or underscores starting with a letter"
        )
    return name


def _valid_name(name: str) -> str:
    if not NAME.match(name or ""):
        raise RotationError(
            f"schema name {name!r} is not 1-64 letters, digits or underscores starting with a letter"
        )
    return name


def _grant_pattern(db: str) -> str:
    return db.replace("_", r"\_")
