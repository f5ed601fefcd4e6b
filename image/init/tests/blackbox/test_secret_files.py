"""`NAME_FILE` secrets fail loudly (issue 13 item 5): a regular file of at most 64 KiB
that the web user (www-data, who runs PHP and reads it again in wp-config.php) can
read; anything else is exit 64 with one line naming the variable, before the volume
is touched."""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from conftest import wpinit_bin


@pytest.fixture
def secrets():
    """A directory everyone may enter (pytest's tmp_path is private to root)."""
    d = Path(tempfile.mkdtemp(prefix="wpinit-secrets-"))
    d.chmod(0o755)
    yield d
    shutil.rmtree(d)


def run(env, **extra):
    variables = env.vars(1, WPECS_DB_WAIT_TIMEOUT=1, **extra)
    del variables["WORDPRESS_DB_PASSWORD"]
    return subprocess.run([wpinit_bin(), "run"], env=variables, capture_output=True, text=True, timeout=20)


def assert_refused(env, p, line):
    assert p.returncode == 64, p.stderr
    assert p.stderr == f"wp-init: {line}\n"
    assert os.listdir(env.shared) == []


def test_a_directory_is_refused(env, secrets):
    p = run(env, WORDPRESS_DB_PASSWORD_FILE=secrets)
    assert_refused(env, p, f"WORDPRESS_DB_PASSWORD_FILE: {secrets} is not a regular file")


def test_a_file_over_64_kib_is_refused(env, secrets):
    big = secrets / "big"
    big.write_bytes(b"x" * (64 * 1024 + 1))
    big.chmod(0o644)
    p = run(env, WORDPRESS_DB_PASSWORD_FILE=big)
    assert_refused(env, p, f"WORDPRESS_DB_PASSWORD_FILE: {big} is larger than 64 KiB")


def test_exactly_64_kib_and_a_symlink_to_a_file_are_fine(env, secrets):
    ok = secrets / "ok"
    ok.write_bytes(b"x" * (64 * 1024))
    ok.chmod(0o644)
    link = secrets / "link"  # how Kubernetes mounts secrets
    link.symlink_to(ok)
    p = run(env, WORDPRESS_DB_PASSWORD_FILE=link)
    assert p.returncode == 69, p.stderr  # got as far as the database wait


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to check access as www-data")
@pytest.mark.parametrize("mode, dir_mode", [(0o600, 0o755), (0o644, 0o700)], ids=["file-0600", "dir-0700"])
def test_a_file_root_can_read_but_www_data_cannot_is_refused(env, secrets, mode, dir_mode):
    secret = secrets / "db-password"
    secret.write_text("pw\n")
    secret.chmod(mode)
    secrets.chmod(dir_mode)
    p = run(env, WORDPRESS_DB_PASSWORD_FILE=secret)
    assert_refused(env, p, f"WORDPRESS_DB_PASSWORD_FILE: {secret} is not readable by the web user "
                           "(uid 33, which runs PHP): Permission denied")


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to give the file away")
def test_a_file_readable_by_www_data_group_only_is_fine(env, secrets):
    secret = secrets / "db-password"
    secret.write_text("pw\n")
    secret.chmod(0o640)
    os.chown(secret, 0, 33)
    p = run(env, WORDPRESS_DB_PASSWORD_FILE=secret)
    assert p.returncode == 69, p.stderr
