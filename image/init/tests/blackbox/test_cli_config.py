"""Command line and configuration errors: exit 64 (or 69/126/127), one line, and an
untouched shared volume."""

import os
import signal
import subprocess
import time

import pytest
from conftest import free_port, wpinit_bin


def run(args, env, timeout=20):
    return subprocess.run([wpinit_bin(), *args], env=env, capture_output=True, text=True, timeout=timeout)


def test_version_prints_one_quiet_line():
    p = run(["version"], {})
    assert p.returncode == 0
    assert p.stderr == ""
    lines = p.stdout.splitlines()
    assert len(lines) == 1 and lines[0].startswith("wp-init ") and len(lines[0].split()) == 2, p.stdout


@pytest.mark.parametrize(
    "args, message",
    [
        (["nope"], 'wp-init: unknown subcommand "nope" (expected run, healthcheck, cron or version)'),
        (
            ["run", "extra"],
            'wp-init: unexpected argument "extra" (usage: wp-init [run|healthcheck|cron|version])',
        ),
    ],
)
def test_bad_command_line_exits_64_with_one_line(args, message):
    p = run(args, {})
    assert p.returncode == 64
    assert p.stderr == message + "\n"
    assert p.stdout == ""


def without(d: dict, *keys) -> dict:
    return {k: v for k, v in d.items() if k not in keys}


BAD_CONFIGS = [
    (
        "no host",
        lambda e, t: without(e, "WORDPRESS_DB_HOST"),
        "WORDPRESS_DB_HOST: not set (expected host or host:port)",
    ),
    (
        "bad port",
        lambda e, t: {**e, "WORDPRESS_DB_HOST": "db:abc"},
        'WORDPRESS_DB_HOST: port "abc" is not a number',
    ),
    (
        "port range",
        lambda e, t: {**e, "WORDPRESS_DB_HOST": "db:70000"},
        "WORDPRESS_DB_HOST: port 70000 is out of range 1..65535",
    ),
    ("no user", lambda e, t: without(e, "WORDPRESS_DB_USER"), "WORDPRESS_DB_USER: not set"),
    (
        "no password",
        lambda e, t: without(e, "WORDPRESS_DB_PASSWORD"),
        "WORDPRESS_DB_PASSWORD: not set (set it to an empty value to connect without a password)",
    ),
    (
        "both password forms",
        lambda e, t: {**e, "WORDPRESS_DB_PASSWORD_FILE": str(t / "pw")},
        "WORDPRESS_DB_PASSWORD: both WORDPRESS_DB_PASSWORD and WORDPRESS_DB_PASSWORD_FILE are set; set only one",
    ),
    (
        "unreadable file",
        lambda e, t: {**without(e, "WORDPRESS_DB_USER"), "WORDPRESS_DB_USER_FILE": str(t / "missing")},
        "WORDPRESS_DB_USER_FILE: cannot read {tmp}/missing: No such file or directory",
    ),
    (
        "prefix",
        lambda e, t: {**e, "WORDPRESS_TABLE_PREFIX": "wp-"},
        'WORDPRESS_TABLE_PREFIX: "wp-" may contain only letters, digits and _',
    ),
    (
        "some salts",
        lambda e, t: {**e, "WORDPRESS_AUTH_KEY": "k"},
        "WORDPRESS_SECURE_AUTH_KEY: not set, but WORDPRESS_AUTH_KEY is; set all eight keys and salts or none",
    ),
    (
        "timeout",
        lambda e, t: {**e, "WPECS_DB_WAIT_TIMEOUT": "0"},
        'WPECS_DB_WAIT_TIMEOUT: "0" is not a positive integer of seconds (1..86400)',
    ),
    (
        "drain",
        lambda e, t: {**e, "WPECS_DRAIN_TIMEOUT": "soon"},
        'WPECS_DRAIN_TIMEOUT: "soon" is not a positive integer of seconds (1..86400)',
    ),
    (
        "httpd cmd",
        lambda e, t: {**e, "WPECS_HTTPD_CMD": ""},
        "WPECS_HTTPD_CMD: is empty (the web server command is required)",
    ),
]


@pytest.mark.parametrize("case", BAD_CONFIGS, ids=[c[0] for c in BAD_CONFIGS])
def test_bad_configuration_exits_64_with_one_line_and_writes_nothing(env, case):
    _, mutate, message = case
    (env.tmp / "pw").write_text("pw\n")
    variables = mutate(env.vars(free_port()), env.tmp)
    p = run(["run"], variables)
    assert p.returncode == 64, p.stderr
    assert p.stderr == "wp-init: " + message.format(tmp=env.tmp) + "\n"
    assert os.listdir(env.shared) == []
    assert env.event_lines() == []  # no server was started


def test_database_not_answering_exits_69_naming_host_and_error(env):
    port = free_port()
    t0 = time.monotonic()
    p = run(["run"], env.vars(port, WPECS_DB_WAIT_TIMEOUT=2))
    took = time.monotonic() - t0
    assert p.returncode == 69, p.stderr
    last = p.stderr.splitlines()[-1]
    assert last == (
        f"wp-init: database 127.0.0.1:{port} did not answer within 2 s: "
        f"connect 127.0.0.1:{port}: Connection refused"
    )
    assert 1.9 <= took < 6, took
    # attempts are logged, but identical failures at most once per 5 s
    retries = [l for l in p.stderr.splitlines() if "not answering" in l]
    assert len(retries) == 1, p.stderr
    assert os.listdir(env.shared) == []


def test_stop_signal_while_waiting_for_the_database_exits_promptly(env):
    init = env.start(env.vars(free_port(), WPECS_DB_WAIT_TIMEOUT=60))
    init.wait_log("not answering")
    t0 = time.monotonic()
    init.signal(signal.SIGTERM)
    assert init.wait_exit(5) == 128 + signal.SIGTERM
    assert time.monotonic() - t0 < 2
    assert "received SIGTERM while waiting for the database; exiting" in init.text()
    assert os.listdir(env.shared) == []


def test_missing_server_program_exits_127(env):
    p = run(["run"], env.vars(free_port(), WPECS_HTTPD_CMD="/nonexistent/apache2 -DFOREGROUND"))
    assert p.returncode == 127
    assert p.stderr == "wp-init: /nonexistent/apache2: not found\n"
    assert os.listdir(env.shared) == []
    p = run(["run"], env.vars(free_port(), WPECS_FPM_CMD="php-fpm-not-on-path"))
    assert p.returncode == 127
    assert p.stderr == "wp-init: php-fpm-not-on-path: not found\n"


def test_server_program_not_executable_exits_126(env):
    script = env.tmp / "httpd"
    script.write_text("#!/bin/sh\n")
    script.chmod(0o644)
    p = run(["run"], env.vars(free_port(), WPECS_HTTPD_CMD=str(script)))
    assert p.returncode == 126
    assert p.stderr == f"wp-init: {script}: not executable\n"
