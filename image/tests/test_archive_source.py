"""The `archive` WordPress source (the default for users): the release
tarball is fetched by get_url inside the build and must match its checksum.
Without internet the archive is a local file (file:// URL) made from the same
offline tree, which exercises the same download, checksum and unpack tasks."""

import hashlib
import os
import subprocess
import tarfile

import pytest
from conftest import IMAGE_REF, ROOT, VERSION, docker, image_release

ARCHIVE_IMAGE = "wordpress-ecs-imgtest-archive"


@pytest.fixture(scope="module")
def archive(tmp_path_factory, image):
    tree = subprocess.run(
        [str(ROOT / "tools" / "wordpress-source.sh")], capture_output=True, text=True, check=True
    ).stdout.strip()
    path = tmp_path_factory.mktemp("archive") / "wordpress-test.tar.gz"
    with tarfile.open(path, "w:gz") as tar:
        tar.add(tree, arcname="wordpress")
    return path, "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()


def build(url, checksum):
    env = dict(
        os.environ,
        IMAGE=ARCHIVE_IMAGE,
        VERSION=VERSION,
        WORDPRESS_SOURCE="archive",
        WORDPRESS_URL=f"file://{url}",
        WORDPRESS_CHECKSUM=checksum,
        WP_INIT=str(ROOT / "build" / "init" / "wp-init"),
    )
    proc = subprocess.run(
        [str(ROOT / "image" / "packer" / "build.sh")], env=env, capture_output=True, text=True, timeout=900
    )
    log = ROOT / "build" / "image" / f"packer-app-{VERSION}.log"
    return proc, log.read_text() if log.exists() else ""


@pytest.fixture(scope="module", autouse=True)
def remove_archive_image():
    yield
    docker("rmi", f"{ARCHIVE_IMAGE}:{VERSION}", check=False)


def test_a_wrong_checksum_stops_the_build(archive):
    path, _ = archive
    # No image of that tag before (the other test builds one), so that the
    # check below sees this build's result.
    docker("rmi", f"{ARCHIVE_IMAGE}:{VERSION}", check=False)
    proc, log = build(path, "sha256:" + "0" * 64)
    assert proc.returncode != 0
    assert "checksum" in log.lower() and "did not match" in log, log[-3000:]
    assert docker("image", "inspect", f"{ARCHIVE_IMAGE}:{VERSION}", check=False).returncode != 0


def test_the_archive_builds_the_same_wordpress(archive):
    path, checksum = archive
    proc, _log = build(path, checksum)
    assert proc.returncode == 0, proc.stderr[-3000:]
    release = image_release(f"{ARCHIVE_IMAGE}:{VERSION}")
    assert release["WORDPRESS_VERSION"] == image_release(IMAGE_REF)["WORDPRESS_VERSION"]
    assert release["IMAGE_VERSION"] == VERSION
