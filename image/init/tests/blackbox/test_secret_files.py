"""`NAME_FILE` secrets fail loudly: a regular file of at most 64 KiB
that the web user (www-data, who runs PHP and reads it again in wp-config.php) can
read; anything else is exit 64 with one line naming the variable, before the volume
is touched."""

import os
import subprocess

import pytest
from conftest import wpinit_bin


@pytest.fixture
def secrets(open_dir):
    """Where the tests' secret files go: a directory everyone may enter."""
    return open_dir


def run(env, **extra):
    """The database password comes from `extra` only (a _FILE, or set to test another variable)."""
    variables = env.vars(1, WPECS_DB_WAIT_TIMEOUT=1)
    del variables["WORDPRESS_DB_PASSWORD"]
    variables.update({k: str(v) for k, v in extra.items()})
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
    assert_refused(
        env,
        p,
        f"WORDPRESS_DB_PASSWORD_FILE: {secret} is not readable by the web user "
        "(uid 33, which runs PHP): Permission denied",
    )


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to give the file away")
def test_a_file_readable_by_www_data_group_only_is_fine(env, secrets):
    secret = secrets / "db-password"
    secret.write_text("pw\n")
    secret.chmod(0o640)
    os.chown(secret, 0, 33)
    p = run(env, WORDPRESS_DB_PASSWORD_FILE=secret)
    assert p.returncode == 69, p.stderr


# Every variable PHP reads through getenv_docker() (wp-config.php, the object cache, the
# mail plugin) may come from NAME_FILE: a bad one must stop the start here, in one line,
# not later in PHP (the database upgrade at start, then every request).
PHP_FILE_VARIABLES = [
    "WPECS_SMTP_PASSWORD",
    "WPECS_REDIS_PASSWORD",
    "WPECS_REDIS_HOST",
    "WPECS_REDIS_PORT",
    "WPECS_REDIS_TLS",
    "WPECS_REDIS_DATABASE",
    "WPECS_REDIS_PREFIX",
    "WORDPRESS_DB_CHARSET",
    "WORDPRESS_DB_COLLATE",
    "WORDPRESS_DISALLOW_FILE_EDIT",
    "WORDPRESS_CONFIG_EXTRA",
    "WORDPRESS_DEBUG",
]


@pytest.mark.parametrize("name", PHP_FILE_VARIABLES)
def test_a_bad_file_of_any_variable_php_reads_is_refused(env, secrets, name):
    missing = secrets / "missing"
    p = run(env, WORDPRESS_DB_PASSWORD="pw", **{f"{name}_FILE": missing})
    assert_refused(env, p, f"{name}_FILE: cannot read {missing}: No such file or directory")
    p = run(env, WORDPRESS_DB_PASSWORD="pw", **{f"{name}_FILE": secrets})
    assert_refused(env, p, f"{name}_FILE: {secrets} is not a regular file")


@pytest.mark.parametrize("name", PHP_FILE_VARIABLES)
def test_both_name_and_name_file_of_a_php_variable_are_refused(env, secrets, name):
    good = secrets / "value"
    good.write_text("x\n")
    good.chmod(0o644)
    p = run(env, WORDPRESS_DB_PASSWORD="pw", **{name: "x", f"{name}_FILE": good})
    assert_refused(env, p, f"{name}: both {name} and {name}_FILE are set; set only one")


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to check access as www-data")
def test_an_smtp_password_file_www_data_cannot_read_is_refused(env, secrets):
    secret = secrets / "smtp-password"
    secret.write_text("pw\n")
    secret.chmod(0o600)
    p = run(env, WORDPRESS_DB_PASSWORD="pw", WPECS_SMTP_PASSWORD_FILE=secret)
    assert_refused(
        env,
        p,
        f"WPECS_SMTP_PASSWORD_FILE: {secret} is not readable by the web user "
        "(uid 33, which runs PHP): Permission denied",
    )
