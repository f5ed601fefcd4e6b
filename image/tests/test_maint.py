"""maint.php, the maintenance entry point `make wp` runs in a container
(docker exec locally, ECS Exec on AWS): each command against a real MariaDB,
in a container with the production restrictions (contract C6), started as
root the way both exec paths start it."""

import secrets

import pytest
from conftest import HARDENED, docker, exec_, network_subnet, start_wp, wordpress_php, wp_env

MAINT = "/usr/local/lib/wordpress-ecs/maint.php"
PREFIX = "maint_"


@pytest.fixture(scope="module")
def site(names, network, db, image):
    """A container whose site wp-init installed at start (its own table prefix)."""
    subnet = network_subnet(network)
    admin_password = "maint-" + secrets.token_hex(8)
    return start_wp(
        names,
        network,
        "maint",
        wp_env(
            db["alias"],
            WPECS_INSTALL_ALLOW=subnet,
            WPECS_TRUSTED_PROXIES=subnet,
            WORDPRESS_TABLE_PREFIX=PREFIX,
            WORDPRESS_SITE_URL="http://maint.example.invalid",
            WORDPRESS_SITE_TITLE="Maint",
            WORDPRESS_ADMIN_USER="boss",
            WORDPRESS_ADMIN_EMAIL="boss@example.invalid",
            WORDPRESS_ADMIN_PASSWORD=admin_password,
        ),
        docker_args=HARDENED,
    )


def maint(site, *args, tty=False, env=()):
    """docker exec as root (as make wp does); -t gives the process a terminal."""
    opts = ["-t"] if tty else []
    for e in env:
        opts += ["-e", e]
    return docker("exec", *opts, site["name"], "php", MAINT, *args, check=False)


def check_password(site, login, password):
    code = (
        "$u = get_user_by('login', $argv[1]);"
        "echo ($u && wp_check_password($argv[2], $u->user_pass, $u->ID)) ? 'ok' : 'no';"
    )
    return wordpress_php(site["name"], code, login, password).stdout.strip()


def test_users_lists_the_administrator(site):
    r = maint(site, "users")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == "ID\tlogin\temail\troles"
    assert lines[1].split("\t") == ["1", "boss", "boss@example.invalid", "administrator"]


def test_cache_flush(site):
    r = maint(site, "cache-flush")
    assert (r.returncode, r.stdout, r.stderr) == (0, "object cache flushed (per-request only)\n", "")


def test_db_upgrade(site):
    r = maint(site, "db-upgrade")
    assert (r.returncode, r.stdout.strip()) == (0, "database up to date"), r.stderr


def test_reset_password_prints_a_working_password_once_to_the_terminal(site):
    r = maint(site, "reset-password", "boss", tty=True)
    assert r.returncode == 0, r.stdout + r.stderr
    head, _, password = r.stdout.strip().partition(": ")
    assert head == "new password of boss (shown once)" and len(password) == 24
    assert check_password(site, "boss", password) == "ok"
    # Never in the container's log (what docker logs / CloudWatch's task log keep).
    logs = docker("logs", site["name"])
    assert password not in logs.stdout + logs.stderr


def test_reset_password_refuses_a_pipe(site):
    r = maint(site, "reset-password", "boss")
    assert r.returncode == 64 and r.stdout == ""
    assert r.stderr.splitlines() == [
        "maint: reset-password prints the new password to a terminal only; run it with one (make wp opens one)"
    ]


def test_reset_password_of_an_unknown_user(site):
    r = maint(site, "reset-password", "nobody", tty=True)
    assert r.returncode == 64
    assert "maint: no user with login 'nobody'" in r.stdout  # a terminal merges stderr into stdout


@pytest.mark.parametrize(
    "args, message",
    [
        ((), "maint: no command"),
        (("frobnicate",), "maint: unknown command 'frobnicate'"),
        (("users", "extra"), "maint: users takes no argument"),
        (("reset-password",), "maint: reset-password takes one argument"),
    ],
)
def test_bad_usage_is_one_line_and_exit_64(site, args, message):
    r = maint(site, *args)
    assert r.returncode == 64 and r.stdout == ""
    assert len(r.stderr.splitlines()) == 1 and r.stderr.startswith(message), r.stderr


def test_not_installed_is_exit_69(site):
    r = maint(site, "users", env=["WORDPRESS_TABLE_PREFIX=nothing_here_"])
    assert (r.returncode, r.stderr) == (69, "maint: WordPress is not installed yet\n")


def test_runs_as_www_data(site):
    """Started as root, it becomes www-data before WordPress loads: a file
    prepended to the script reports the user at the end of the run."""
    exec_(
        site["name"],
        "sh",
        "-c",
        'echo \'<?php register_shutdown_function(function () { fwrite(STDERR, "uid=" . posix_geteuid() . "\\n"); });\''
        " > /tmp/maint-uid.php",
    )
    r = docker(
        "exec", site["name"], "php", "-d", "auto_prepend_file=/tmp/maint-uid.php", MAINT, "users", check=False
    )
    www_data = exec_(site["name"], "id", "-u", "www-data").stdout.strip()
    assert r.returncode == 0 and r.stderr.strip() == f"uid={www_data}", r.stderr
