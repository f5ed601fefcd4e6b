"""First install from settings (contract C3): with an admin password,
wp-init runs the install command once, as www-data, under the seeding lock, after the
database answers; the password reaches it through its environment only."""

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

import pytest
from conftest import wpinit_bin

PASSWORD = "correct horse battery staple 42"
SITE = {
    "WORDPRESS_SITE_URL": "https://blog.example.org",
    "WORDPRESS_SITE_TITLE": "My Blog",
    "WORDPRESS_ADMIN_USER": "owner",
    "WORDPRESS_ADMIN_EMAIL": "owner@example.org",
}

# Stands in for install.php: "installs" by creating a state file unless it exists, with
# a pause between the check and the write, so unserialised runs would install twice.
FAKE_INSTALL = r"""#!/bin/sh
state="$1"
echo "install.php args: $*" >&2
tr '\0' '\n' < /proc/$$/cmdline | grep -q "$WORDPRESS_ADMIN_PASSWORD" && echo "PASSWORD IN ARGV" >&2
if [ -e "$state" ]; then echo "WordPress already installed"; exit 0; fi
sleep 0.3
echo "$WORDPRESS_SITE_URL|$WORDPRESS_SITE_TITLE|$WORDPRESS_ADMIN_USER|$WORDPRESS_ADMIN_EMAIL|$WORDPRESS_ADMIN_PASSWORD|$(id -u)" > "$state"
echo "WordPress installed: $WORDPRESS_SITE_URL"
exit "${FAKE_INSTALL_EXIT:-0}"
"""


@pytest.fixture
def fake_install():
    d = Path(tempfile.mkdtemp(prefix="wpinit-install-"))
    d.chmod(0o777)  # www-data writes the state file
    script = d / "install.sh"
    script.write_text(FAKE_INSTALL)
    script.chmod(0o755)
    yield script, d / "installed"
    shutil.rmtree(d)


def install_vars(env, port, script, state, **extra):
    return env.vars(
        port, WPECS_INSTALL_CMD=f"{script} {state}", WORDPRESS_ADMIN_PASSWORD=PASSWORD, **{**SITE, **extra}
    )


def test_install_runs_once_as_www_data_with_the_settings_and_the_password_only_in_its_environment(
    env, greeter, fake_install
):
    script, state = fake_install
    init = env.start(install_vars(env, greeter.port, script, state))
    init.wait_log("started httpd")
    uid = 33 if os.geteuid() == 0 else os.geteuid()
    assert state.read_text() == f"https://blog.example.org|My Blog|owner|owner@example.org|{PASSWORD}|{uid}\n"
    text = init.text()
    assert "WordPress installed: https://blog.example.org" in text
    assert f"install: running {script} {state} as uid {uid}" in text
    assert PASSWORD not in text and "PASSWORD IN ARGV" not in text
    # it ran under the lock, after the salts (wp-config needs them), before the servers
    lines = init.lines()
    assert (
        lines.index(next(l for l in lines if "keys and salts:" in l))
        < lines.index(next(l for l in lines if "install: running" in l))
        < lines.index(next(l for l in lines if "started php-fpm" in l))
    )
    # the servers never see the password
    env.wait_event("php-fpm env-password unset")
    env.wait_event("httpd env-password unset")


def test_password_from_a_file(env, greeter, fake_install):
    script, state = fake_install
    secret = state.parent / "admin-password"
    secret.write_text(PASSWORD + "\n")
    secret.chmod(0o644)
    variables = install_vars(env, greeter.port, script, state)
    del variables["WORDPRESS_ADMIN_PASSWORD"]
    variables["WORDPRESS_ADMIN_PASSWORD_FILE"] = str(secret)
    init = env.start(variables)
    init.wait_log("started httpd")
    assert f"|{PASSWORD}|" in state.read_text()


def test_three_replicas_starting_at_once_install_exactly_once(env, greeter, fake_install):
    script, state = fake_install
    inits = [env.start(install_vars(env, greeter.port, script, state), name=f"replica{i}") for i in range(3)]
    for init in inits:
        init.wait_log("started httpd", timeout=30)
    assert sum("WordPress installed" in i.text() for i in inits) == 1, [i.text() for i in inits]
    assert sum("WordPress already installed" in i.text() for i in inits) == 2


def test_no_password_means_no_install(env, greeter, fake_install):
    script, state = fake_install
    init = env.start(env.vars(greeter.port, WPECS_INSTALL_CMD=f"{script} {state}", **SITE))
    init.wait_log("started httpd")
    assert not state.exists()
    assert "install: not requested (WORDPRESS_ADMIN_PASSWORD is not set)" in init.text()


def test_a_failing_install_fails_the_start_before_the_servers(env, greeter, fake_install):
    script, state = fake_install
    init = env.start(install_vars(env, greeter.port, script, state, FAKE_INSTALL_EXIT=3))
    assert init.wait_exit() == 70, init.text()
    assert init.lines()[-1] == f"wp-init: install command failed (exit status 3): {script} {state}"
    assert env.event_lines() == []


def test_sigterm_during_the_install_ends_the_start(env, greeter, fake_install):
    script, state = fake_install
    script.write_text("#!/bin/sh\necho installing\nexec sleep 30\n")
    init = env.start(install_vars(env, greeter.port, script, state))
    init.wait_log("installing")
    init.signal(signal.SIGTERM)
    assert init.wait_exit(5) == 128 + signal.SIGTERM, init.text()
    assert env.event_lines() == []


BAD = [
    (
        {"WORDPRESS_ADMIN_EMAIL": None},
        "WORDPRESS_ADMIN_EMAIL: not set (required when WORDPRESS_ADMIN_PASSWORD is set)",
    ),
    (
        {"WORDPRESS_SITE_URL": None},
        "WORDPRESS_SITE_URL: not set (required when WORDPRESS_ADMIN_PASSWORD is set)",
    ),
    ({"WORDPRESS_SITE_TITLE": ""}, "WORDPRESS_SITE_TITLE: is empty"),
    (
        {"WORDPRESS_ADMIN_USER": "bad user!"},
        'WORDPRESS_ADMIN_USER: "bad user!" may contain only letters, digits, space and _ . - @ (at most 60)',
    ),
    ({"WORDPRESS_ADMIN_EMAIL": "nobody"}, 'WORDPRESS_ADMIN_EMAIL: "nobody" is not an e-mail address'),
    (
        {"WORDPRESS_SITE_URL": "blog.example.org"},
        'WORDPRESS_SITE_URL: "blog.example.org" is not an http:// or https:// URL without spaces',
    ),
    ({"WORDPRESS_ADMIN_PASSWORD": ""}, "WORDPRESS_ADMIN_PASSWORD: is empty"),
]


@pytest.mark.parametrize("change, message", BAD, ids=[b[1].split(":")[0] + str(i) for i, b in enumerate(BAD)])
def test_bad_install_settings_exit_64_naming_the_variable(env, fake_install, change, message):
    script, state = fake_install
    variables = install_vars(env, 1, script, state)
    for k, v in change.items():
        if v is None:
            del variables[k]
        else:
            variables[k] = v
    p = subprocess.run([wpinit_bin(), "run"], env=variables, capture_output=True, text=True, timeout=20)
    assert p.returncode == 64, p.stderr
    assert p.stderr == f"wp-init: {message}\n"
    assert os.listdir(env.shared) == []
    assert PASSWORD not in p.stderr


def test_a_missing_install_program_is_refused_before_anything(env):
    variables = install_vars(env, 1, "/nonexistent/php", "/x.php")
    p = subprocess.run([wpinit_bin(), "run"], env=variables, capture_output=True, text=True, timeout=20)
    assert p.returncode == 127, p.stderr
    assert p.stderr == "wp-init: WPECS_INSTALL_CMD: /nonexistent/php not found\n"
    assert os.listdir(env.shared) == []
