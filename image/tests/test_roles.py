"""Role input checks, run for real with ansible-playbook on this host in check
mode: a bad variable must stop the play before anything is installed, with
one message naming the variable. No container, no root changes."""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ANSIBLE = Path(__file__).resolve().parents[1] / "ansible"
ROLES = ANSIBLE / "roles"
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
from settings import PHP_VERSION, SETTINGS, WORDPRESS_VERSION  # noqa: E402

# What the build passes: settings.env's values, the image's tag and commit
# (the roles have no default for any of them).
REQUIRED = {
    "webserver_php_version": PHP_VERSION,
    "wordpress_version": WORDPRESS_VERSION,
    "timezone_name": SETTINGS["TIMEZONE"],
    "wordpress_source": SETTINGS["WORDPRESS_SOURCE"],
    "wordpress_image_version": "unit",
    "wordpress_git_revision": "0" * 40,
}


def play(tmp_path, role, tasks_from, extra_vars, facts=False):
    playbook = tmp_path / "play.yml"
    playbook.write_text(
        textwrap.dedent(f"""\
        - hosts: localhost
          gather_facts: {str(facts).lower()}
          gather_subset: ["!all", "min"]
          vars_files:
            - {ANSIBLE / "layout.yml"}
          tasks:
            - ansible.builtin.include_role:
                name: {role}
                tasks_from: {tasks_from}
        """)
    )
    env = dict(
        os.environ,
        ANSIBLE_ROLES_PATH=str(ROLES),
        ANSIBLE_LOCALHOST_WARNING="false",
        ANSIBLE_INVENTORY_UNPARSED_WARNING="false",
        ANSIBLE_NOCOLOR="1",
        ANSIBLE_STDOUT_CALLBACK="json",
        ANSIBLE_RETRY_FILES_ENABLED="false",
    )
    proc = subprocess.run(
        [
            "ansible-playbook",
            "--check",
            "-i",
            "localhost,",
            "-c",
            "local",
            "-e",
            json.dumps({"ansible_python_interpreter": sys.executable, **REQUIRED, **extra_vars}),
            str(playbook),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    try:
        result = json.loads(proc.stdout[proc.stdout.index("{") :])
    except ValueError:
        pytest.fail(f"no JSON from ansible-playbook:\n{proc.stdout}\n{proc.stderr}")
    failures = [
        host_result.get("msg", "")
        for p in result["plays"]
        for t in p["tasks"]
        for host_result in t["hosts"].values()
        if host_result.get("failed")
    ]
    return proc.returncode, failures


@pytest.mark.parametrize("zone", ["Not a zone!", "../../etc/passwd", ""])
def test_timezone_rejects_a_malformed_name(tmp_path, zone):
    rc, failures = play(tmp_path, "timezone", "main", {"timezone_name": zone})
    assert rc != 0
    assert len(failures) == 1 and "timezone_name" in failures[0], failures


def test_webserver_rejects_bad_pool_settings(tmp_path):
    rc, failures = play(
        tmp_path,
        "webserver",
        "main",
        {"webserver_fpm_pm": "dynamic", "webserver_fpm_start_servers": 50, "webserver_fpm_max_children": 4},
        facts=True,
    )
    assert rc != 0
    assert len(failures) == 1 and "webserver_fpm_pm" in failures[0], failures


@pytest.mark.parametrize(
    "extra,variable",
    [
        ({"webserver_php_version": ""}, "webserver_php_version"),
        # PHP's date.timezone is the timezone role's timezone_name: TIMEZONE of settings.env.
        ({"timezone_name": ""}, "timezone_name"),
        ({"wpecs_shared_dir": "var/www/shared"}, "wpecs_shared_dir"),
    ],
)
def test_webserver_requires_the_settings(tmp_path, extra, variable):
    rc, failures = play(tmp_path, "webserver", "main", extra, facts=True)
    assert rc != 0
    assert len(failures) == 1 and variable in failures[0], failures


# A local-source build's settings, good as they are.
LOCAL = {"wordpress_source": "local", "wordpress_local_path": "/srv/wp", "wordpress_files_dir": "/x"}


@pytest.mark.parametrize(
    "extra,variable",
    [
        ({"wordpress_source": "ftp"}, "wordpress_source"),
        # Required: the build passes WORDPRESS_SOURCE of settings.env.
        ({"wordpress_source": ""}, "wordpress_source"),
        ({**LOCAL, "wordpress_image_version": ""}, "wordpress_image_version"),
        ({**LOCAL, "wordpress_git_revision": ""}, "wordpress_git_revision"),
        ({**LOCAL, "wpecs_lib_dir": ""}, "wpecs_lib_dir"),
        ({"wordpress_source": "archive", "wordpress_archive_checksum": ""}, "wordpress_archive_checksum"),
        (
            {"wordpress_source": "archive", "wordpress_archive_checksum": "deadbeef"},
            "wordpress_archive_checksum",
        ),
        ({"wordpress_source": "archive", "wordpress_version": "latest"}, "wordpress_version"),
        # Required with the archive source: the build passes settings.env's.
        ({"wordpress_source": "archive", "wordpress_version": ""}, "wordpress_version"),
        ({"wordpress_source": "local", "wordpress_local_path": ""}, "wordpress_local_path"),
        ({"wordpress_source": "local", "wordpress_local_path": "/srv/wp"}, "wordpress_files_dir"),
    ],
)
def test_wordpress_rejects_bad_source_settings(tmp_path, extra, variable):
    rc, failures = play(tmp_path, "wordpress", "validate", extra)
    assert rc != 0
    assert len(failures) == 1 and variable in failures[0], failures


def test_wordpress_accepts_good_source_settings(tmp_path):
    for extra in (
        {
            "wordpress_source": "archive",
            "wordpress_files_dir": "/x",
            "wordpress_archive_checksum": "sha256:" + "0" * 64,
        },
        {"wordpress_source": "local", "wordpress_local_path": "/srv/wp", "wordpress_files_dir": "/x"},
    ):
        rc, failures = play(tmp_path, "wordpress", "validate", extra)
        assert rc == 0 and failures == [], failures


@pytest.mark.parametrize(
    "extra",
    [
        # The role's default: no checksum given for an archive build.
        {},
        # A checksum fetched from the same site as the archive proves nothing.
        {"wordpress_archive_checksum": "sha1:https://wordpress.org/wordpress-6.1.9.tar.gz.sha1"},
        {"wordpress_archive_checksum": "sha256:file:///tmp/wordpress.tar.gz.sha256"},
    ],
)
def test_wordpress_archive_needs_a_pinned_checksum(tmp_path, extra):
    rc, failures = play(
        tmp_path,
        "wordpress",
        "validate",
        {"wordpress_source": "archive", "wordpress_files_dir": "/x", **extra},
    )
    assert rc != 0
    assert len(failures) == 1 and "wordpress_archive_checksum" in failures[0], failures
