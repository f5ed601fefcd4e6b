"""Fixtures for the local stack suite: one shared stack for most tests (its own
compose project and port), installed once through a real headless Chromium."""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from browser import Browser
from stack import IMAGE, Stack, run


def pytest_configure(config):
    if not IMAGE:
        raise pytest.UsageError("IMAGE or VERSION is not set: run the suite with `make test-local`")
    if run("docker", "image", "inspect", IMAGE, check=False).returncode != 0:
        raise pytest.UsageError(f"image {IMAGE} is missing: run `make build`")


@pytest.fixture(scope="session")
def stack():
    s = Stack("main", replicas=2, cache_ttl=int(os.environ.get("WPECS_TEST_CACHE_TTL", "6")))
    try:
        s.up()
        wp_version = run("docker", "exec", s.one("wordpress"), "cat", "/etc/wordpress-ecs/release").stdout
        print(f"stack {s.project} on {s.base}; image {s.image}; {wp_version.strip()}", flush=True)
        yield s
    finally:
        s.close()


@pytest.fixture(scope="session")
def site(stack):
    """WordPress installed through its install form in a real browser."""
    creds = {
        "user": "wpecs-admin",
        "password": "Wpecs-" + secrets.token_urlsafe(18),
        "email": "admin@example.test",
        "title": "Production-shaped " + secrets.token_hex(3),
    }
    with Browser() as b:
        b.install(stack.base, creds["title"], creds["user"], creds["password"], creds["email"])
    return creds
