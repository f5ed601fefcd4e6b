"""The emulated AWS the suite runs against: moto (moto_server.py) and a local OCI
registry on free loopback ports, boto3 clients bound to them, and the README's
commands (make targets, infra/stacks/run.sh) run with the emulator's settings.

Everything here is plumbing; what is checked lives in the test_*.py files."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import boto3
from botocore.config import Config

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from polling import GiveUp, wait_until  # noqa: E402
from settings import SETTINGS, WPECS_CACHE  # noqa: E402

WORK = ROOT / "build" / "test-aws"
SESSION = WORK / "session.json"

TOFU = os.environ.get("TOFU") or str(WPECS_CACHE / "tofu" / SETTINGS["TOFU_VERSION"] / "tofu")
TF_CLI_CONFIG_FILE = os.environ.get("TF_CLI_CONFIG_FILE") or str(WPECS_CACHE / "tofurc")
AWS_CLI = os.environ.get("AWS_CLI", "/usr/bin/aws")
REGISTRY = os.environ.get("REGISTRY", "/usr/bin/docker-registry")
IMAGE = SETTINGS["IMAGE"]
REGION = "us-east-1"
ACCOUNT = "123456789012"
# The two image tags the suite deploys: the first is built (make create-all),
# the second is the same image retagged and pushed (no second build).
TAG1, TAG2 = "aws-e2e-1", "aws-e2e-2"
MAIL_DOMAIN = "wpecs-test.example"
# TEST_AWS_REUSE=1: take over the moto, registry and applied stacks an earlier
# such run left up, and leave them up at the end unless the destroy ran
# (development of the checks).
REUSE = os.environ.get("TEST_AWS_REUSE") == "1"
KEEP = os.environ.get("KEEP") == "1"

_T0 = float(os.environ.get("_wpecs_t0") or time.time())  # noqa: SIM112 - tools/lib.sh's name


def _write(line: str) -> None:
    sys.stderr.write(line)
    sys.stderr.flush()


# conftest.py points this past pytest's output capture.
WRITE = _write


def step(message: str) -> None:
    """One progress line with the elapsed time (as tools/lib.sh's step)."""
    WRITE(f"==> [{int(time.time() - _T0):4d}s] {message}\n")


def run(
    *cmd: str,
    check: bool = True,
    log: Path | None = None,
    timeout: float = 1800,
    env: dict | None = None,
    cwd: Path | None = None,
) -> subprocess.CompletedProcess:
    """Run a command; its output goes to `log` as it comes when given (to be
    followed with tail -f), and is returned. With check, a non-zero exit fails
    with the last lines of the output."""
    kw = {
        "text": True,
        "timeout": timeout,
        "cwd": cwd,
        "env": {**os.environ, **(env or {})},
    }
    if log is None:
        p = subprocess.run(cmd, capture_output=True, check=False, **kw)
    else:
        with log.open("w") as f:
            p = subprocess.run(cmd, stdout=f, stderr=subprocess.STDOUT, check=False, **kw)
        p = subprocess.CompletedProcess(cmd, p.returncode, log.read_text(), "")
    out = p.stdout + p.stderr
    if check and p.returncode != 0:
        tail = "\n".join(out.splitlines()[-40:])
        where = f" (log: {log})" if log else ""
        raise AssertionError(f"{' '.join(cmd)} exited {p.returncode}{where}\n{tail}")
    return p


def make(*args: str, **kw) -> subprocess.CompletedProcess:
    """A make target as the README has the user type it."""
    return run("make", "-C", str(ROOT), "--no-print-directory", *args, **kw)


def stacks(*args: str, env: dict | None = None, **kw) -> subprocess.CompletedProcess:
    """infra/stacks/run.sh for ENV=test (or the ENV given), answering apply's question."""
    return run(
        str(ROOT / "infra" / "stacks" / "run.sh"),
        *args,
        env={"ENV": "test", "AUTO_APPROVE": "1", **(env or {})},
        **kw,
    )


def resources_added(log: str) -> int:
    return sum(int(n) for n in re.findall(r"Apply complete! Resources: (\d+) added", log))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except Exception:
        return False


def wait_http(what: str, url: str, proc: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    def up() -> bool:
        if answers(url):
            return True
        if proc.poll() is not None:
            raise GiveUp(f"{what} exited at start:\n" + "\n".join(log.read_text().splitlines()[-20:]))
        return False

    wait_until(f"{what} to answer on {url}", up, timeout, interval=0.5)


def alive(pid: int, needle: str) -> bool:
    """pid is still the process this suite started (its command line names `needle`)."""
    try:
        return needle in Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return False


def stop(what: str, pid: int, needle: str) -> None:
    if pid and alive(pid, needle):
        os.kill(pid, signal.SIGTERM)
        try:
            wait_until(
                f"{what} (pid {pid}) to exit after SIGTERM", lambda: not alive(pid, needle), 20, interval=0.2
            )
        except AssertionError:
            os.kill(pid, signal.SIGKILL)
            wait_until(
                f"{what} (pid {pid}) to exit after SIGKILL", lambda: not alive(pid, needle), 5, interval=0.2
            )
        step(f"{what} (pid {pid}) stopped")


class Emulator:
    """moto and the registry, and where the stacks' settings for them are."""

    def __init__(self, state: dict):
        self.state = state
        self.endpoint = state["endpoint"]
        self.registry = state["registry"]
        self.mail_zone_id = state["mail_zone_id"]
        self.zone_id = state["zone_id"]
        self.control = WORK / "moto-control"
        self._clients: dict = {}

    def client(self, service: str, region: str = REGION):
        key = (service, region)
        if key not in self._clients:
            self._clients[key] = boto3.client(
                service,
                region_name=region,
                endpoint_url=self.endpoint,
                aws_access_key_id="testing",
                aws_secret_access_key="testing",
                aws_session_token="testing",
                config=Config(retries={"max_attempts": 3, "mode": "standard"}),
            )
        return self._clients[key]

    def deployment_outcome(self, outcome: str) -> None:
        """How moto answers the next ECS deployment (moto_server.py): completed, rolling-back, rolled-back."""
        (self.control / "ecs-deployment-outcome").write_text(outcome + "\n")

    def save(self) -> None:
        SESSION.write_text(json.dumps(self.state, indent=1))

    # -- start ----------------------------------------------------------------
    @classmethod
    def start(cls) -> Emulator:
        WORK.mkdir(parents=True, exist_ok=True)
        (WORK / "moto-control").mkdir(exist_ok=True)
        registry = f"127.0.0.1:{free_port()}"
        (WORK / "registry.yml").write_text(
            "version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n"
            f"    rootdirectory: {WORK}/registry-data\nhttp:\n  addr: {registry}\n"
        )
        step(f"starting the OCI registry on {registry}")
        # Plain HTTP on loopback, which Docker pushes to without TLS.
        log = WORK / "registry.log"
        reg = subprocess.Popen(
            [REGISTRY, "serve", str(WORK / "registry.yml")],
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        state = {"registry": registry, "registry_pid": reg.pid}
        SESSION.write_text(json.dumps(state))
        wait_http("registry", f"http://{registry}/v2/", reg, log)

        endpoint = f"http://127.0.0.1:{free_port()}"
        step(f"starting moto on {endpoint}")
        log = WORK / "moto.log"
        # AWS managed policies (AmazonSSMManagedInstanceCore, ...) exist only on
        # request; ACM certificates validated by DNS are issued at once, not after 60 s.
        env = {
            **os.environ,
            "MOTO_IAM_LOAD_MANAGED_POLICIES": "true",
            "MOTO_ACM_VALIDATION_WAIT": "0",
            "WPECS_MOTO_ECR_REGISTRY": registry,
            "WPECS_MOTO_CONTROL_DIR": str(WORK / "moto-control"),
        }
        moto = subprocess.Popen(
            [
                sys.executable,
                str(HERE / "moto_server.py"),
                "-H",
                "127.0.0.1",
                "-p",
                endpoint.rsplit(":", 1)[1],
            ],
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=env,
            start_new_session=True,
        )
        state.update(endpoint=endpoint, moto_pid=moto.pid)
        SESSION.write_text(json.dumps(state))
        wait_http("moto", f"{endpoint}/moto-api/", moto, log)
        import moto as moto_pkg

        step(f"moto {moto_pkg.__version__}")

        state.update(mail_zone_id="", zone_id="", created=False)
        em = cls(state)
        em.export_env()
        em.client("s3").create_bucket(Bucket=os.environ["TF_STATE_BUCKET"])
        r53 = em.client("route53")
        # The Route 53 zones exist before the stacks, as their owner would have
        # them: the mail identity's (the test tfvars holds a placeholder ID) and
        # example.com for the HTTPS name CloudFront needs.
        ref = f"wpecs-test-{os.getpid()}"
        state["mail_zone_id"] = em.mail_zone_id = r53.create_hosted_zone(
            Name=MAIL_DOMAIN, CallerReference=ref
        )["HostedZone"]["Id"].rsplit("/", 1)[-1]
        state["zone_id"] = em.zone_id = r53.create_hosted_zone(
            Name="example.com", CallerReference=ref + "-edge"
        )["HostedZone"]["Id"].rsplit("/", 1)[-1]
        em.save()
        em.write_stack_settings()
        return em

    def write_stack_settings(self) -> None:
        """The copy of infra/ the stacks run from (with any test-only overrides),
        and the backend and variable files that point them at moto."""
        infra = WORK / "infra"
        infra.mkdir()
        for d in ("modules", "stacks", "envs"):
            shutil.copytree(
                ROOT / "infra" / d,
                infra / d,
                ignore=shutil.ignore_patterns(".terraform", ".terraform.lock.hcl", "*.tfstate*"),
            )
        if (HERE / "overrides").is_dir():
            shutil.copytree(HERE / "overrides", infra, dirs_exist_ok=True)
            step(
                "test-only override files: "
                + " ".join(str(p.relative_to(HERE / "overrides")) for p in (HERE / "overrides").rglob("*.tf"))
            )
        (WORK / "backend-moto.hcl").write_text(
            f'endpoints                   = {{ s3 = "{self.endpoint}" }}\n'
            "use_path_style              = true\nskip_credentials_validation = true\n"
            "skip_requesting_account_id  = true\nskip_metadata_api_check     = true\n"
            "skip_region_validation      = true\n"
        )
        (WORK / "moto.tfvars").write_text(
            f'state_endpoint = "{self.endpoint}"\nmail_route53_zone_id = "{self.mail_zone_id}"\n'
            f'route53_zone_id = "{self.zone_id}"\n'
        )
        # The base stack reads the cache rules (contract C7) from local/lb/cache-rules.
        shutil.copytree(
            ROOT / "local" / "lb" / "cache-rules",
            WORK / "local" / "lb" / "cache-rules",
            dirs_exist_ok=True,
        )

    def export_env(self) -> None:
        """Credentials and endpoint for everything the suite runs: the provider,
        the S3 backend, the AWS CLI in the stack scripts, all talk to moto only."""
        for k in ("AWS_PROFILE",):
            os.environ.pop(k, None)
        os.environ.update(
            {
                "AWS_ACCESS_KEY_ID": "testing",
                "AWS_SECRET_ACCESS_KEY": "testing",
                "AWS_SESSION_TOKEN": "testing",
                "AWS_REGION": REGION,
                "AWS_DEFAULT_REGION": REGION,
                "AWS_ENDPOINT_URL": self.endpoint,
                # Few retries: moto answers at once or never.
                "AWS_MAX_ATTEMPTS": "3",
                "AWS_RETRY_MODE": "standard",
                "TF_STATE_BUCKET": "wpecs-test-tfstate",
                "TF_CLI_CONFIG_FILE": TF_CLI_CONFIG_FILE,
                "TOFU": TOFU,
                "AWS_CLI": AWS_CLI,
                "INFRA_DIR": str(WORK / "infra"),
                "TF_DATA_ROOT": str(WORK / "tofu"),
                # Deployments finish at once in the emulator: look every second.
                "DEPLOY_POLL": "1",
                "DEPLOY_TIMEOUT": "120",
                "TF_BACKEND_CONFIG_EXTRA": str(WORK / "backend-moto.hcl"),
                "TF_VAR_FILE_EXTRA": str(WORK / "moto.tfvars"),
            }
        )

    # -- a kept session ----------------------------------------------------------
    @classmethod
    def running(cls) -> Emulator | None:
        """The session a TEST_AWS_REUSE=1 run left up, when moto still answers."""
        try:
            state = json.loads(SESSION.read_text())
        except (OSError, ValueError):
            return None
        if not (
            alive(state.get("moto_pid", 0), "moto_server.py") and answers(state["endpoint"] + "/moto-api/")
        ):
            return None
        em = cls(state)
        em.export_env()
        return em

    @staticmethod
    def stop_recorded() -> None:
        """Stop what a run recorded in session.json (its own pids), and remove
        the image tags that name its registry."""
        try:
            state = json.loads(SESSION.read_text())
        except (OSError, ValueError):
            return
        stop("moto", state.get("moto_pid", 0), "moto_server.py")
        stop("registry", state.get("registry_pid", 0), "registry")
        if state.get("registry"):
            names = run(
                "docker",
                "image",
                "ls",
                "--format",
                "{{.Repository}}:{{.Tag}}",
                check=False,
            ).stdout.split()
            made = [n for n in names if n.startswith(state["registry"] + "/")]
            if made:
                run("docker", "image", "rm", *made, check=False)

    @staticmethod
    def remove_built_image() -> None:
        """The tag make create-all built (layers other images share stay)."""
        run("docker", "image", "rm", f"{IMAGE}:{TAG1}", check=False)


# --- the image in the registry (create-all's push, and the second tag's) ---------


def registry_manifest(registry: str, repo: str, tag: str) -> tuple[list, str, str]:
    """(the registry's tags of repo, the manifest digest of tag, its config digest)."""
    with urllib.request.urlopen(f"http://{registry}/v2/{repo}/tags/list") as r:
        tags = json.load(r).get("tags") or []
    if tag not in tags:
        return tags, "", ""
    req = urllib.request.Request(
        f"http://{registry}/v2/{repo}/manifests/{tag}",
        headers={
            "Accept": "application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json"
        },
    )
    with urllib.request.urlopen(req) as r:
        return (
            tags,
            r.headers.get("Docker-Content-Digest", ""),
            json.load(r)["config"]["digest"],
        )


def check_registry_lists(emulator, repo: str, tag: str) -> None:
    tags, _, _ = registry_manifest(emulator.registry, repo, tag)
    assert tag in tags, f"the registry lists {tags} for {repo}, not {tag}"


def check_registry_holds_the_built_image(emulator, pushed_image, repo: str, tag: str) -> None:
    _, digest, config = registry_manifest(emulator.registry, repo, tag)
    assert digest and config == pushed_image["id"], (
        f"the registry's {tag} is not the built image {pushed_image['local']}: manifest digest {digest!r}, "
        f"config {config!r}, local image {pushed_image['id']}"
    )


def check_docker_recorded_the_pushed_digest(emulator, pushed_image, repo: str, tag: str) -> None:
    _, digest, _ = registry_manifest(emulator.registry, repo, tag)
    digests = json.loads(
        run(
            "docker",
            "image",
            "inspect",
            "-f",
            "{{json .RepoDigests}}",
            pushed_image["local"],
        ).stdout
    )
    assert f"{pushed_image['repository_url']}@{digest}" in digests, (
        f"manifest {digest}; Docker's RepoDigests: {digests}"
    )


def outputs(stack: str, env: str = "test") -> dict:
    """A stack's outputs, as values."""
    raw = stacks("tofu", stack, "output", "-json", env={"ENV": env}).stdout
    return {k: v["value"] for k, v in json.loads(raw).items()}


def policy_document(doc) -> dict:
    """IAM answers a policy document as JSON text or already parsed."""
    if isinstance(doc, str):
        import urllib.parse

        try:
            return json.loads(doc)
        except ValueError:
            return json.loads(urllib.parse.unquote(doc))
    return doc
