"""Upgrade: a stack on image A rolled to image B, whose WordPress core is newer
($wp_version and $wp_db_version bumped, see prepare-upgrade-image.sh): the site
stays up, wp-content is kept, and the database upgrade runs exactly once."""

import os
import re
import secrets
import time

import pytest
import requests

from loadgen import DEFAULT_PATHS, Load
from stack import IMAGE, Stack, create_post, login, png_bytes, rest, run

IMAGE_NEXT = os.environ.get("WPECS_IMAGE_NEXT", "")


def core_versions(image: str) -> tuple[str, int]:
    out = run("docker", "run", "--rm", "--entrypoint", "cat", image, "/var/www/wordpress/wp-includes/version.php").stdout
    wp = re.search(r"^\$wp_version\s*=\s*'([^']+)'", out, re.M).group(1)
    db = int(re.search(r"^\$wp_db_version\s*=\s*(\d+)", out, re.M).group(1))
    return wp, db


def install(stack: Stack, user: str, password: str) -> None:
    r = requests.post(stack.url("/wp-admin/install.php?step=2"), timeout=120, data={
        "weblog_title": "Upgrade test", "user_name": user, "admin_password": password, "admin_password2": password,
        "pw_weak": "1", "admin_email": "upgrade@example.test", "blog_public": "1"})
    assert r.status_code == 200 and "Success!" in r.text, r.text[:500]


def logs(name: str) -> str:
    p = run("docker", "logs", name)
    return p.stdout + p.stderr


@pytest.fixture
def upgrade_stack():
    s = Stack("upgrade", replicas=2, image=IMAGE)
    try:
        yield s
    finally:
        s.destroy()


def test_rolling_to_a_newer_wordpress_upgrades_the_database_once(upgrade_stack):
    assert IMAGE_NEXT, "WPECS_IMAGE_NEXT is not set: run through `make test-local` (it builds image B)"
    a_wp, a_db = core_versions(IMAGE)
    b_wp, b_db = core_versions(IMAGE_NEXT)
    print(f"image A {IMAGE}: WordPress {a_wp} (db {a_db}); image B {IMAGE_NEXT}: WordPress {b_wp} (db {b_db})")
    assert b_db > a_db and b_wp != a_wp

    s = upgrade_stack
    s.up()
    user, password = "upgrader", "Up-" + secrets.token_urlsafe(16)
    install(s, user, password)
    assert s.sql("SELECT option_value FROM wp_options WHERE option_name = 'db_version'") == str(a_db)
    sess = login(s, user, password)
    title = "Survives the upgrade " + secrets.token_hex(4)
    post = create_post(s, sess, title)
    png = png_bytes(20, 20, (1, 2, 3))
    r = rest(s, sess, "POST", "/wp/v2/media", data=png,
             headers={"Content-Type": "image/png", "Content-Disposition": 'attachment; filename="upgrade.png"'})
    assert r.status_code == 201, r.text[:300]
    upload = r.json()["source_url"]
    # Something of the user's own in wp-content, as a plugin author would add.
    s.shared("mkdir -p /shared/wp-content/plugins/mine && printf '<?php\\n/* Plugin Name: Mine */\\n' "
             "> /shared/wp-content/plugins/mine/mine.php && chown -R 33:33 /shared/wp-content/plugins/mine")
    old = s.containers("wordpress")

    with Load(s.base, DEFAULT_PATHS + [f"/?p={post['id']}"], rate=50) as load:
        time.sleep(3)
        s.deploy(IMAGE_NEXT)
        time.sleep(3)
    print(load.summary())
    failed = load.failures()
    assert not failed, f"{len(failed)} failed requests: {[(round(f.t, 2), f.path, f.status, f.error) for f in failed][:10]}"

    new = s.containers("wordpress")
    assert not set(new) & set(old)
    assert s.sql("SELECT option_value FROM wp_options WHERE option_name = 'db_version'") == str(b_db)
    texts = {c: logs(c) for c in new}
    upgraded = [c for c, t in texts.items() if f"database upgraded from {a_db} to {b_db}" in t]
    print({c: [ln for ln in t.splitlines() if "database up" in ln] for c, t in texts.items()})
    assert len(upgraded) == 1, "the database upgrade must run exactly once"
    for c, t in texts.items():
        if c not in upgraded:
            assert "database up to date" in t
    release = run("docker", "exec", new[0], "cat", "/etc/wordpress-ecs/release").stdout
    assert f"WORDPRESS_VERSION={b_wp}" in release, release

    # wp-content kept: the post, the upload, the user's own plugin.
    assert title in requests.get(post["link"], timeout=30).text
    assert requests.get(upload, timeout=30).content == png
    assert "Plugin Name: Mine" in s.shared("cat /shared/wp-content/plugins/mine/mine.php").stdout
    # The admin works on the new core without an upgrade prompt.
    r = s.get("/wp-admin/", session=login(s, user, password))
    assert r.status_code == 200 and "wp-admin-bar-my-account" in r.text
