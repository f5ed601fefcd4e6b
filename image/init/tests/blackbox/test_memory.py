"""PHP-FPM sizing (contract C2): wp-init derives the worker count
from the container memory and the image's memory budget, logs the derivation in one
line, exports it to php-fpm's environment, and refuses a memory too small for 2
workers."""

import os
import subprocess

import pytest
from conftest import wpinit_bin


def fpm_env(env) -> str:
    return next(l for l in env.event_lines() if l.startswith("php-fpm env "))


def test_max_children_is_derived_logged_and_exported_to_php_fpm(env, greeter):
    init = env.start_running(greeter.port, WPECS_MEMORY_MB=2048)
    budget = env.memory_budget
    # (2048 - 256 - 256 - 64 - 64) / 256 = 5.5
    assert init.lines()[1] == (
        "wp-init: php-fpm max children 5 = (2048 MiB WPECS_MEMORY_MB - 256 MiB OPcache - 256 MiB health pool "
        f"- 64 MiB Apache - 64 MiB headroom) / 256 MiB memory_limit ({budget})"
    ), init.text()
    assert fpm_env(env) == "php-fpm env WPECS_FPM_MAX_CHILDREN=5 WPECS_PHP_MEMORY_LIMIT_MB=256"


def test_php_memory_limit_setting_overrides_the_budget(env, greeter):
    env.start_running(greeter.port, WPECS_MEMORY_MB=2048, WPECS_PHP_MEMORY_LIMIT_MB=128)
    assert fpm_env(env) == "php-fpm env WPECS_FPM_MAX_CHILDREN=11 WPECS_PHP_MEMORY_LIMIT_MB=128"


def test_a_large_memory_is_capped(env, greeter):
    init = env.start_running(greeter.port, WPECS_MEMORY_MB=65536)
    assert fpm_env(env) == "php-fpm env WPECS_FPM_MAX_CHILDREN=70 WPECS_PHP_MEMORY_LIMIT_MB=256"
    assert ", capped at 70" in init.text()


def test_without_a_setting_the_cgroup_or_machine_memory_is_used(env, greeter):
    variables = env.vars(greeter.port)
    del variables["WPECS_MEMORY_MB"]
    init = env.start(variables)
    init.wait_log("started httpd")
    assert any(
        s in init.lines()[1]
        for s in (
            "MiB cgroup memory.max",
            "MiB cgroup memory.limit_in_bytes",
            "MiB MemTotal (no cgroup limit)",
        )
    ), init.text()


@pytest.mark.parametrize(
    "extra, message",
    [
        (
            {"WPECS_MEMORY_MB": "1151"},
            "WPECS_MEMORY_MB: 1151 MiB is too small for 2 PHP-FPM workers of 256 MiB ({budget}) plus 640 MiB for OPcache, "
            "the health pool, Apache and headroom: needs at least 1152 MiB",
        ),
        (
            {"WPECS_MEMORY_MB": "lots"},
            'WPECS_MEMORY_MB: "lots" is not a whole number of MiB from 64 to 4194304',
        ),
        (
            {"WPECS_PHP_MEMORY_LIMIT_MB": "0"},
            'WPECS_PHP_MEMORY_LIMIT_MB: "0" is not a whole number of MiB from 16 to 65536',
        ),
        (
            {"WPECS_MEMORY_BUDGET": "/nonexistent/memory.env"},
            "WPECS_MEMORY_BUDGET: cannot read /nonexistent/memory.env: No such file or directory",
        ),
    ],
)
def test_too_little_memory_or_a_bad_setting_exits_64_before_anything(env, extra, message):
    p = subprocess.run(
        [wpinit_bin(), "run"], env=env.vars(1, **extra), capture_output=True, text=True, timeout=20
    )
    assert p.returncode == 64, p.stderr
    assert p.stderr == "wp-init: " + message.format(budget=env.memory_budget) + "\n"
    assert os.listdir(env.shared) == []
    assert env.event_lines() == []


def test_a_budget_without_a_number_names_it(env):
    env.memory_budget.write_text("PHP_MEMORY_LIMIT_MB=256\nOPCACHE_MB=lots\n")
    p = subprocess.run([wpinit_bin(), "run"], env=env.vars(1), capture_output=True, text=True, timeout=20)
    assert p.returncode == 64, p.stderr
    assert p.stderr == (
        f'wp-init: WPECS_MEMORY_BUDGET: {env.memory_budget}: OPCACHE_MB="lots" is not a whole number from 0\n'
    )
