"""Rotating WordPress's database credentials fails no request.

The rotation function that runs on AWS (infra/modules/database/rotation,
loaded from the committed package.zip, PyMySQL included) rotates the secret
for real against the local stack's MariaDB, driven by Secrets Manager's own
rotation sequence as moto emulates it in-process (RotateSecret -> AWSPENDING
-> createSecret, setSecret, testSecret, finishSecret). The replicas get the
credentials as environment variables, as ECS injects them at task start; the
roll a successful rotation asks ECS for (UpdateService forceNewDeployment,
seen by moto) is carried out by the local stack's rolling deploy with the
secret's new version. Load runs before, during and after two rotations and
their rolls (wordpress -> wordpress_clone -> wordpress): 0 failed requests.
A control run then changes the in-use user's password the way a
single-user rotation does, and the same load sees failures: the test can fail.
"""

from __future__ import annotations

import importlib
import json
import secrets
import sys
import time
import zipfile
from pathlib import Path

import pytest
from loadgen import Load
from stack import IMAGE, ROOT, Stack, container_ip, run, wait_until

ROTATION_DIR = ROOT / "infra" / "modules" / "database" / "rotation"
REGION = "eu-west-1"
# Every request runs PHP and opens a database connection (unique URLs: the
# LB cache cannot answer them).
PATHS = ["/?rotation={rand}", "/wp-login.php?r={rand}", "/?s={rand}"]

OVERRIDE = """\
version: "2.4"
services:
  wordpress:
    environment:
      WORDPRESS_DB_USER: ${WPECS_TEST_DB_USER:-wordpress}
      WORDPRESS_DB_PASSWORD: ${WPECS_TEST_DB_PASSWORD:-}
"""


@pytest.fixture(scope="module")
def rotation(tmp_path_factory):
    """The function exactly as deployed: rotation.py + PyMySQL from package.zip."""
    d = tmp_path_factory.mktemp("rotation-package")
    with zipfile.ZipFile(ROTATION_DIR / "package.zip") as z:
        z.extractall(d)
    sys.path.insert(0, str(d))
    try:
        mod = importlib.import_module("rotation")
        assert Path(mod.__file__).resolve().parent == d.resolve()
        assert Path(importlib.import_module("pymysql").__file__).resolve().is_relative_to(d.resolve())
        yield mod
    finally:
        sys.path.remove(str(d))


@pytest.fixture(scope="module")
def aws(monkeypatch_module):
    """moto in-process, with Lambda invocations of the rotation function run here."""
    for k, v in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": REGION,
        "AWS_REGION": REGION,
    }.items():
        monkeypatch_module.setenv(k, v)
    from moto import mock_aws

    with mock_aws():
        yield


@pytest.fixture(scope="module")
def monkeypatch_module():
    mp = pytest.MonkeyPatch()
    yield mp
    mp.undo()


@pytest.fixture(scope="module")
def rot_stack(tmp_path_factory):
    override = tmp_path_factory.mktemp("rotation") / "rotation.yml"
    override.write_text(OVERRIDE)
    s = Stack("rotation", replicas=2, override=str(override), drain_timeout=10)
    # The database starts with user wordpress and this password (the local
    # stack's db.env/wordpress.env, written before `up` so the test knows it).
    s.initial_password = secrets.token_hex(20)
    state = Path(s.state_dir)
    state.mkdir(parents=True, exist_ok=True)
    state.chmod(0o700)
    for name, key in (("db.env", "MARIADB_PASSWORD"), ("wordpress.env", "WORDPRESS_DB_PASSWORD")):
        f = state / name
        f.write_text(f"{key}={s.initial_password}\n")
        f.chmod(0o600)
    try:
        s.up(WPECS_TEST_DB_USER="wordpress", WPECS_TEST_DB_PASSWORD=s.initial_password)
        yield s
    finally:
        s.close()


def can_log_in(rotation, host: str, user: str, password: str) -> bool:
    import pymysql

    try:
        pymysql.connect(
            host=host, port=3306, user=user, password=password, database="wordpress", connect_timeout=5
        ).close()
        return True
    except pymysql.err.OperationalError:
        return False


def test_rotation_package_is_built_from_its_sources():
    """package.zip is what rotation/build.py makes from rotation.py and the hash-pinned PyMySQL."""
    p = run(sys.executable, str(ROTATION_DIR / "build.py"), "--check", timeout=300)
    assert "matches its sources" in p.stdout


def test_rotation_under_load_fails_no_request(rot_stack, rotation, aws, monkeypatch_module):
    import boto3
    from moto.awslambda.models import LambdaBackend

    s = rot_stack
    db_host = container_ip(s.one("db"))
    master_password = secrets.token_hex(20)
    # The RDS master user: everything, with GRANT OPTION (what RDS gives it).
    s.sql(
        f"CREATE USER 'dbadmin'@'%' IDENTIFIED BY '{master_password}'; "
        "GRANT ALL PRIVILEGES ON *.* TO 'dbadmin'@'%' WITH GRANT OPTION"
    )

    sm = boto3.client("secretsmanager", region_name=REGION)
    ecs = boto3.client("ecs", region_name=REGION)
    master = sm.create_secret(
        Name="rds!db-local-test",
        SecretString=json.dumps({"username": "dbadmin", "password": master_password}),
    )
    app = sm.create_secret(
        Name="wpecs-rotation-wordpress-db",
        SecretString=json.dumps(
            {
                "engine": "mariadb",
                "host": db_host,
                "port": 3306,
                "dbname": "wordpress",
                "username": "wordpress",
                "password": s.initial_password,
            }
        ),
    )
    cluster = ecs.create_cluster(clusterName="wpecs-rotation")["cluster"]["clusterArn"]
    td = ecs.register_task_definition(
        family="wpecs-rotation", containerDefinitions=[{"name": "wordpress", "image": IMAGE, "memory": 1024}]
    )["taskDefinition"]["taskDefinitionArn"]
    ecs.create_service(cluster=cluster, serviceName="wpecs-rotation", taskDefinition=td, desiredCount=2)

    # The function as the module deploys it: package.zip, handler, environment.
    role = boto3.client("iam", region_name=REGION).create_role(
        RoleName="rotation", AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": []})
    )["Role"]["Arn"]
    env = {
        "MASTER_SECRET_ARN": master["ARN"],
        "DB_HOST": db_host,
        "DB_PORT": "3306",
        "DB_NAME": "wordpress",
        "ECS_CLUSTER": cluster,
        "ECS_SERVICE": "wpecs-rotation",
    }
    fn = boto3.client("lambda", region_name=REGION).create_function(
        FunctionName="wpecs-rotation-db-rotation",
        Runtime="python3.12",
        Role=role,
        Handler="rotation.lambda_handler",
        Code={"ZipFile": (ROTATION_DIR / "package.zip").read_bytes()},
        Environment={"Variables": env},
    )["FunctionArn"]
    for k, v in env.items():
        monkeypatch_module.setenv(k, v)

    steps: list[str] = []

    def invoke(self, function_name, qualifier, body, headers, response_headers):
        event = json.loads(body)
        assert function_name == fn
        steps.append(event["Step"])
        rotation.lambda_handler(event, None)
        return b"null"

    monkeypatch_module.setattr(LambdaBackend, "invoke", invoke)

    def deployment() -> str:
        """ID of the service's primary deployment (a forced deployment makes a new one)."""
        return ecs.describe_services(cluster=cluster, services=["wpecs-rotation"])["services"][0][
            "deployments"
        ][0]["id"]

    def current() -> dict:
        return json.loads(sm.get_secret_value(SecretId=app["ARN"])["SecretString"])

    def rotate() -> dict:
        before, n_steps = deployment(), len(steps)
        sm.rotate_secret(
            SecretId=app["ARN"], RotationLambdaARN=fn, RotationRules={"AutomaticallyAfterDays": 30}
        )
        assert steps[n_steps:] == ["createSecret", "setSecret", "testSecret", "finishSecret"], steps
        assert deployment() != before, "finishSecret did not ask ECS for a new deployment"
        return current()

    def roll(creds: dict, n: int) -> None:
        """ECS's forced deployment, locally: new replicas start with the secret's current version."""
        p = s.deploy(
            s.tag_image(f"rot{n}"),
            WPECS_TEST_DB_USER=creds["username"],
            WPECS_TEST_DB_PASSWORD=creds["password"],
        )
        assert "replaced" in p.stderr

    marks: dict[str, float] = {}
    rotated: list[dict] = []
    with Load(s.base, PATHS, rate=10, workers=40) as load:
        time.sleep(5)
        # The alternating-users rotation: the clone user first, then back.
        for n, username in ((1, "wordpress_clone"), (2, "wordpress")):
            if n > 1:
                time.sleep(3)
            marks[f"rotation {n}"] = load.now()
            creds = rotate()
            assert creds["username"] == username and creds["password"] != s.initial_password
            rotated.append(creds)
            # Between the rotation and the roll the running replicas keep the
            # old user, still valid: nothing may fail here either.
            time.sleep(5)
            marks[f"roll {n}"] = load.now()
            roll(creds, n)
        first, second = rotated
        marks["after"] = load.now()
        time.sleep(5)
    print(load.summary(), marks)

    res = load.snapshot()
    assert len(res) >= 10 * 20, "the load did not run through the rotations"
    failed = load.failures()
    assert not failed, (
        f"{len(failed)} failed requests (marks {marks}): "
        f"{[(round(f.t, 2), f.path, f.status, f.error) for f in failed][:10]}"
    )
    for phase, t in marks.items():
        assert any(r.t >= t for r in res), f"no request after {phase}"

    # The rotations really changed the database: the first password is gone,
    # each user has the password its secret version says; least privilege.
    assert not can_log_in(rotation, db_host, "wordpress", s.initial_password)
    assert can_log_in(rotation, db_host, "wordpress", second["password"])
    assert can_log_in(rotation, db_host, "wordpress_clone", first["password"])
    grants = s.sql("SHOW GRANTS FOR 'wordpress_clone'@'%'")
    assert "ON *.*" not in grants.replace("GRANT USAGE ON *.*", "") and "`wordpress`" in grants, grants
    assert "GRANT OPTION" not in grants and "ALL PRIVILEGES" not in grants, grants
    for c in s.containers("wordpress"):
        env_of = {
            e.split("=", 1)[0]: e.split("=", 1)[1]
            for e in json.loads(run("docker", "inspect", "-f", "{{json .Config.Env}}", c).stdout)
        }
        assert env_of["WORDPRESS_DB_USER"] == "wordpress", f"{c} did not roll onto the new version"

    # Control: change the password of the user the replicas hold (a
    # single-user rotation, what RDS does to the master user): the same
    # load must see failures, or this test could not see any.
    with Load(s.base, PATHS, rate=10, workers=40) as control:
        time.sleep(2)
        s.sql(f"ALTER USER 'wordpress'@'%' IDENTIFIED BY '{secrets.token_hex(20)}'")
        wait_until(
            "requests to fail after the in-use password changed",
            lambda: len(control.failures()) >= 3,
            timeout=30,
        )
    print("control:", control.summary())
