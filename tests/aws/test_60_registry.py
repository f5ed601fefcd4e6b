"""The registry: the ECR repository's settings, and that the image the task
definition names is the one the registry holds and the build made."""

import json
import subprocess

import emulator as E


def test_ecr_immutable_tags_scan_on_push_kms(ecr, base_stack):
    repo = ecr.describe_repositories(repositoryNames=[base_stack["repository_name"]])["repositories"][0]
    assert repo["imageTagMutability"] == "IMMUTABLE"
    assert repo["imageScanningConfiguration"]["scanOnPush"] is True
    assert repo["encryptionConfiguration"]["encryptionType"] == "KMS"


def test_ecr_lifecycle_expires_untagged_keeps_the_last_5_tagged(ecr, base_stack):
    rules = json.loads(
        ecr.get_lifecycle_policy(repositoryName=base_stack["repository_name"])["lifecyclePolicyText"]
    )["rules"]
    assert rules[0]["selection"]["tagStatus"] == "untagged"
    assert rules[1]["selection"]["countNumber"] == 5


def test_repository_url_names_the_stand_in_registry(emulator, base_stack):
    assert base_stack["repository_url"].split("/")[0] == emulator.registry


def test_create_all_push_registry_lists_the_tag(emulator, base_stack):
    E.check_registry_lists(emulator, base_stack["repository_name"], E.TAG1)


def test_create_all_push_is_the_built_image(emulator, pushed_image, base_stack):
    E.check_registry_holds_the_built_image(emulator, pushed_image, base_stack["repository_name"], E.TAG1)


def test_create_all_push_digest_recorded_by_docker(emulator, pushed_image, base_stack):
    E.check_docker_recorded_the_pushed_digest(emulator, pushed_image, base_stack["repository_name"], E.TAG1)


def ecr_login(url: str) -> str:
    """Packer evaluates the same expression the build uses to decide the push's ECR login."""
    p = subprocess.run(
        [
            "packer",
            "console",
            "-var",
            f"ecr_repository_url={url}",
            "-var",
            "version=x",
            ".",
        ],
        input="local.push_ecr_login\n",
        capture_output=True,
        text=True,
        check=False,
        cwd=E.ROOT / "image" / "packer",
    )
    return (p.stdout + p.stderr).strip().splitlines()[-1]


def test_push_ecr_login_on_for_an_ecr_repository_url():
    assert ecr_login("123456789012.dkr.ecr.eu-west-1.amazonaws.com/wpecs-prod") == "true"


def test_push_no_ecr_login_for_the_stand_in_registry(base_stack):
    assert ecr_login(base_stack["repository_url"]) == "false"
