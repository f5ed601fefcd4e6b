"""PHP-FPM sizing (contract C2, issue 13 item 9): wp-init derives the worker count
from the container memory and the PHP settings, logs the derivation in one line,
exports it to php-fpm's environment, and refuses a memory too small for 2 workers."""

import os
import subprocess

import pytest

from conftest import wpinit_bin

IMAGE_INI = """; like the image's 90-wordpress-ecs.ini
memory_limit = 256M
opcache.memory_consumption = 192
opcache.interned_strings_buffer = 16
opcache.jit = tracing
opcache.jit_buffer_size = 64M
"""


@pytest.fixture
def ini(env):
    path = env.tmp / "php.ini"
    path.write_text(IMAGE_INI)
    return path


def fpm_env(env) -> str:
    return next(l for l in env.event_lines() if l.startswith("php-fpm env "))


def test_max_children_is_derived_logged_and_exported_to_php_fpm(env, greeter, ini):
    init = env.start_running(greeter.port, WPECS_MEMORY_MB=2048, WPECS_PHP_INI=ini)
    # (2048 - 192 - 64 JIT - 64 Apache - 205 headroom) / 256 = 5, minus the health worker
    assert ("php-fpm max children 4 = (2048 MiB WPECS_MEMORY_MB - 256 MiB OPcache "
            f"({ini}) - 64 MiB Apache - 205 MiB headroom) / 256 MiB memory_limit ({ini}) - 1 health worker"
            in init.lines()[1]), init.text()
    assert fpm_env(env) == "php-fpm env WPECS_FPM_MAX_CHILDREN=4 WPECS_PHP_MEMORY_LIMIT_MB=256"


def test_php_memory_limit_setting_overrides_the_ini(env, greeter, ini):
    env.start_running(greeter.port, WPECS_MEMORY_MB=2048, WPECS_PHP_INI=ini, WPECS_PHP_MEMORY_LIMIT_MB=128)
    assert fpm_env(env) == "php-fpm env WPECS_FPM_MAX_CHILDREN=10 WPECS_PHP_MEMORY_LIMIT_MB=128"


def test_a_large_memory_is_capped(env, greeter, ini):
    init = env.start_running(greeter.port, WPECS_MEMORY_MB=65536, WPECS_PHP_INI=ini)
    assert fpm_env(env) == "php-fpm env WPECS_FPM_MAX_CHILDREN=64 WPECS_PHP_MEMORY_LIMIT_MB=256"
    assert ", capped at 64" in init.text()


@pytest.mark.parametrize("extra, message", [
    ({"WPECS_MEMORY_MB": "512"},
     "WPECS_MEMORY_MB: 512 MiB is too small for 2 PHP-FPM workers of 256 MiB ({ini}) plus 256 MiB OPcache: "
     "needs at least 1209 MiB"),
    ({"WPECS_MEMORY_MB": "lots"}, 'WPECS_MEMORY_MB: "lots" is not a whole number of MiB from 64 to 4194304'),
    ({"WPECS_PHP_MEMORY_LIMIT_MB": "0"},
     'WPECS_PHP_MEMORY_LIMIT_MB: "0" is not a whole number of MiB from 16 to 65536'),
    ({"WPECS_PHP_INI": "/nonexistent/php.ini"},
     "WPECS_PHP_INI: cannot read /nonexistent/php.ini: No such file or directory"),
])
def test_too_little_memory_or_a_bad_setting_exits_64_before_anything(env, ini, extra, message):
    variables = env.vars(1, **{"WPECS_PHP_INI": ini, **extra})
    p = subprocess.run([wpinit_bin(), "run"], env=variables, capture_output=True, text=True, timeout=20)
    assert p.returncode == 64, p.stderr
    assert p.stderr == "wp-init: " + message.format(ini=ini) + "\n"
    assert os.listdir(env.shared) == []
    assert env.event_lines() == []
