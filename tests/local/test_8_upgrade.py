"""A real major upgrade under load: a site installed and used on the previous
WordPress release line (WPECS_UPGRADE_FROM: Debian's package of
UPGRADE_FROM_SUITE) rolled, one replica at a time, to the current one
(WPECS_UPGRADE_TO), while anonymous and logged-in visitors keep coming.
What WordPress does while old and new code share one database, and what the
image does about it: local/README.md, "Upgrading WordPress"."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import threading
import time

import pytest
import requests
from loadgen import DEFAULT_PATHS, Load
from overrides import OFFLINE, write
from stack import ROOT, Stack, container_ip, create_post, docker_inspect, health, login, png_bytes, rest, run

# The two images (set by the upgrade_images fixture).
FROM = TO = ""
SEED = "/usr/share/wordpress-ecs/wp-content"

# Test only (on the volume, the user's mu-plugins folder): every answer names
# the core that made it and the database version it met, read from the table.
CORE_PROBE = r"""<?php
header('X-Test-Core: ' . $GLOBALS['wp_version'] . ' ' . $GLOBALS['wp_db_version'] . ' '
    . $GLOBALS['wpdb']->get_var("SELECT option_value FROM {$GLOBALS['wpdb']->options} WHERE option_name = 'db_version'"));
"""

# The site owner's own plugin, added on the shared volume and activated.
MINE_PHP = r"""<?php
/**
 * Plugin Name: Mine
 * Description: The site owner's own plugin.
 * Version: 1.0
 */
add_action('wp_footer', static function () {
    echo "<!-- mine: still running -->\n";
});
"""
MINE_MARK = "<!-- mine: still running -->"
THEME_MARK = "Footer changed by the site owner"

# "<kind> <path> [<sha256>]" for every entry under the current directory, then
# one digest of it all: types, paths and contents, not owners or modes (wp-init
# gives the volume to www-data; the image's seed is root's).
TREE_HASH = (
    "find {items} -printf '%y %p\\n' -type f -exec sha256sum {{}} + 2>/dev/null | LC_ALL=C sort "
    "| sha256sum | cut -c1-16"
)


def core_versions(image: str) -> tuple[str, int]:
    out = run(
        "docker", "run", "--rm", "--entrypoint", "cat", image, "/var/www/wordpress/wp-includes/version.php"
    ).stdout
    wp = re.search(r"^\$wp_version\s*=\s*'([^']+)'", out, re.M).group(1)
    db = int(re.search(r"^\$wp_db_version\s*=\s*(\d+)", out, re.M).group(1))
    return wp, db


def seed_items(image: str) -> dict[str, str]:
    """Bundled item (themes/x, plugins/y, top-level entries) -> tree hash, in an image's seed."""
    script = (
        f"cd {SEED} && for i in themes/* plugins/* *; do case $i in themes|plugins|uploads) continue;; esac; "
        f'echo "$i $({TREE_HASH.format(items="$i")})"; done'
    )
    out = run("docker", "run", "--rm", "--entrypoint", "sh", image, "-c", script).stdout
    return dict(line.split(" ", 1) for line in out.splitlines())


def volume_hash(s: Stack, *items: str) -> dict[str, str]:
    script = "cd /shared/wp-content && " + "; ".join(
        f'echo "{i} $(test -e {i} && {TREE_HASH.format(items=i)} || echo absent)"' for i in items
    )
    return dict(line.split(" ", 1) for line in s.shared(script).stdout.splitlines())


def header_version(text: str) -> str:
    m = re.search(r"^[ \t/*#@]*Version:\s*(\S+)", text, re.M)
    return m.group(1) if m else ""


def db_version(s: Stack) -> int:
    return int(s.sql("SELECT option_value FROM wp_options WHERE option_name = 'db_version'"))


def columns(s: Stack) -> set[str]:
    return set(
        s.sql(
            "SELECT CONCAT(table_name, '.', column_name) FROM information_schema.columns "
            "WHERE table_schema = 'wordpress'"
        ).split()
    )


def logs(name: str) -> str:
    p = run("docker", "logs", name)
    return p.stdout + p.stderr


def image_of(name: str) -> str:
    return docker_inspect(name)["Config"]["Image"]


def login_at(ip: str, s: Stack, user: str, password: str) -> tuple[int, str]:
    """Log in on one replica, bypassing the LB: (status, Cookie header of the session)."""
    r = requests.post(
        f"http://{ip}/wp-login.php",
        allow_redirects=False,
        timeout=30,
        headers={"Host": f"127.0.0.1:{s.port}", "Cookie": "wordpress_test_cookie=WP%20Cookie%20check"},
        data={
            "log": user,
            "pwd": password,
            "wp-submit": "Log In",
            "testcookie": "1",
            "redirect_to": s.url("/wp-admin/"),
        },
    )
    return r.status_code, "; ".join(f"{c.name}={c.value}" for c in r.cookies)


def admin_page(ip: str, s: Stack, cookie: str) -> requests.Response:
    return requests.get(
        f"http://{ip}/wp-admin/",
        headers={"Host": f"127.0.0.1:{s.port}", "Cookie": cookie},
        allow_redirects=False,
        timeout=30,
    )


def install(s: Stack, user: str, password: str) -> None:
    r = requests.post(
        s.url("/wp-admin/install.php?step=2"),
        timeout=120,
        data={
            "weblog_title": "Upgrade test",
            "user_name": user,
            "admin_password": password,
            "admin_password2": password,
            "pw_weak": "1",
            "admin_email": "upgrade@example.test",
            "blog_public": "1",
        },
    )
    assert r.status_code == 200 and "Success!" in r.text, r.text[:500]


def warm(s: Stack, anon_paths: list[str], logged_paths: list[str], cookie: str) -> None:
    """Every path of both mixes once on each replica, then each through the LB."""
    host = {"Host": f"127.0.0.1:{s.port}"}
    mixes = ((anon_paths, {}), (logged_paths, {"Cookie": cookie}))
    for ip in [container_ip(c) for c in s.containers("wordpress")]:
        for paths, headers in mixes:
            for path in dict.fromkeys(p.replace("{rand}", "0") for p in paths):
                r = requests.get(
                    f"http://{ip}{path}", headers={**host, **headers}, allow_redirects=False, timeout=60
                )
                assert r.status_code == 200, f"warming {ip}{path}: {r.status_code}"
    for paths, headers in mixes:
        for path in dict.fromkeys(p.replace("{rand}", "0") for p in paths):
            assert s.get(path, headers=headers).status_code == 200


@pytest.fixture(scope="module")
def upgrade_images():
    """The old and the new release's images, built here when missing, so a
    deselected or skipped test builds nothing: tests/local/upgrade-images.sh with
    make's settings (make test-local passes them), or WPECS_UPGRADE_FROM and
    WPECS_UPGRADE_TO naming two images already built."""
    global FROM, TO
    FROM, TO = os.environ.get("WPECS_UPGRADE_FROM", ""), os.environ.get("WPECS_UPGRADE_TO", "")
    if not (FROM and TO):
        assert os.environ.get("UPGRADE_FROM_SUITE"), (
            "the upgrade settings are not set: run through `make test-local`, or set WPECS_UPGRADE_FROM/_TO"
        )
        out = subprocess.run(
            [str(ROOT / "tests" / "local" / "upgrade-images.sh")],
            stdout=subprocess.PIPE,
            text=True,
            timeout=3600,
            check=True,
        ).stdout
        FROM, TO = out.strip().splitlines()[-1].split()
    return FROM, TO


@pytest.fixture
def upgrade_stack(tmp_path, upgrade_images):
    s = Stack("upgrade", replicas=2, image=FROM, override=write(tmp_path, "offline.yml", OFFLINE))
    try:
        yield s
    finally:
        s.close()


def test_major_upgrade_rolled_under_load(upgrade_stack):
    from_wp, from_db = core_versions(FROM)
    to_wp, to_db = core_versions(TO)
    print(f"from {FROM}: WordPress {from_wp} (db {from_db}); to {TO}: WordPress {to_wp} (db {to_db})")
    assert to_db > from_db and from_wp.split(".")[:2] != to_wp.split(".")[:2], (
        "not an upgrade between release lines"
    )
    from_seed, to_seed = seed_items(FROM), seed_items(TO)

    # -- a site made and used on the old release --------------------------
    s = upgrade_stack
    s.up()
    user, password = "upgrader", "Up-" + secrets.token_urlsafe(16)
    install(s, user, password)
    assert db_version(s) == from_db
    sess = login(s, user, password)
    editor, editor_password = "editor", "Ed-" + secrets.token_urlsafe(16)
    r = rest(
        s,
        sess,
        "POST",
        "/wp/v2/users",
        json={
            "username": editor,
            "password": editor_password,
            "email": "editor@example.test",
            "roles": ["editor"],
        },
    )
    assert r.status_code == 201, r.text[:300]
    png = png_bytes(64, 48, (1, 2, 3))
    r = rest(
        s,
        sess,
        "POST",
        "/wp/v2/media",
        data=png,
        headers={"Content-Type": "image/png", "Content-Disposition": 'attachment; filename="upgrade.png"'},
    )
    assert r.status_code == 201, r.text[:300]
    upload = r.json()["source_url"]
    title = "Survives the upgrade " + secrets.token_hex(4)
    post = create_post(s, sess, title, content=f'<p>{title}</p><figure><img src="{upload}" alt=""/></figure>')

    s.shared(
        "mkdir -p /shared/wp-content/mu-plugins /shared/wp-content/plugins/mine"
        f" && cat > /shared/wp-content/mu-plugins/wpecs-test-core.php <<'PHP'\n{CORE_PROBE}PHP\n"
        f"cat > /shared/wp-content/plugins/mine/mine.php <<'PHP'\n{MINE_PHP}PHP\n"
        "chown -R 33:33 /shared/wp-content/mu-plugins /shared/wp-content/plugins/mine"
    )
    r = rest(s, sess, "POST", "/wp/v2/plugins/mine/mine", json={"status": "active"})
    assert r.status_code == 200 and r.json()["status"] == "active", r.text[:300]

    # The site's own theme, edited in place: a bundled theme both releases ship.
    theme = s.sql("SELECT option_value FROM wp_options WHERE option_name = 'stylesheet'")
    assert f"themes/{theme}" in from_seed and f"themes/{theme}" in to_seed, (
        f"the active theme {theme} is not bundled with both releases: pick another to modify"
    )
    s.shared(
        f"cd /shared/wp-content/themes/{theme} && printf '\\n/* the site owner was here */\\n' >> style.css && "
        "if [ -f parts/footer.html ]; then printf '%s\\n' '<!-- wp:paragraph --><p>"
        + THEME_MARK
        + "</p><!-- /wp:paragraph -->' >> parts/footer.html; else printf '<p>"
        + THEME_MARK
        + "</p>\\n' >> footer.php; fi"
    )
    page = s.get(f"/?p={post['id']}&fresh={secrets.token_hex(4)}").text
    assert title in page and MINE_MARK in page and THEME_MARK in page, page[-2000:]

    modified = f"themes/{theme}"
    mine = "plugins/mine"
    old_only = sorted(set(from_seed) - set(to_seed))
    kept_before = volume_hash(s, modified, mine, *old_only)
    assert kept_before[modified] != from_seed[modified], "the theme edit did not change the theme"
    columns_before = columns(s)
    old = s.containers("wordpress")
    cookie = "; ".join(f"{c.name}={c.value}" for c in sess.cookies)

    # -- the roll, under load ---------------------------------------------
    # The usual mix (one anonymous request in five runs PHP) plus the post;
    # every logged-in one runs PHP.
    anon = Load(s.base, [*DEFAULT_PATHS, f"/?p={post['id']}"], rate=45, tag_header="X-Test-Core")
    logged = Load(
        s.base,
        [
            "/wp-admin/",
            f"/?p={post['id']}",
            "/wp-admin/edit.php",
            "/wp-admin/admin-ajax.php?action=rest-nonce",
            "/",
        ],
        rate=5,
        headers={"Cookie": cookie},
        tag_header="X-Test-Core",
    )
    deploy_error: list[BaseException] = []

    def roll() -> None:
        try:
            s.deploy(TO)
        except BaseException as e:
            deploy_error.append(e)

    old_replica_probe: dict[str, object] = {}
    # A site in use when its upgrade starts: every replica has compiled its
    # pages (OPcache) and the object cache and the LB cache are filled. The
    # load then runs one cache lifetime before the roll, so the roll starts
    # from a steady state, not from the herd a cold stack meets.
    warm(s, anon.paths, logged.paths, cookie)
    with anon, logged:
        time.sleep(s.cache_ttl + 2)
        t_roll = anon.now()
        roller = threading.Thread(target=roll)
        roller.start()
        # While an old replica still serves on the upgraded database and a new
        # one is up: what an administrator and anybody at all get from the old
        # one, and whether a login on the new one also holds on the old one.
        while roller.is_alive() and not old_replica_probe:
            running = s.containers("wordpress")
            still_old = [c for c in running if c in old]
            up_new = [c for c in running if c not in old and health(c) == "healthy"]
            if still_old and up_new and db_version(s) == to_db:
                ip, new_ip = container_ip(still_old[-1]), container_ip(up_new[0])
                try:
                    admin = admin_page(ip, s, cookie)
                    upgrade = requests.get(
                        f"http://{ip}/wp-admin/upgrade.php?step=upgrade_db",
                        allow_redirects=False,
                        headers={"Host": f"127.0.0.1:{s.port}"},
                        timeout=30,
                    )
                    login_new = login_at(new_ip, s, editor, editor_password)
                    editor_hash = s.sql(f"SELECT user_pass FROM wp_users WHERE user_login = '{editor}'")
                    editor_on_old = admin_page(ip, s, login_new[1])
                    login_old = login_at(ip, s, editor, editor_password)
                    alive = still_old[-1] in s.containers("wordpress")
                except requests.ConnectionError:
                    alive = False
                if alive:  # not drained and stopped meanwhile
                    old_replica_probe.update(
                        replica=still_old[-1],
                        admin=admin,
                        upgrade=upgrade,
                        db_after=db_version(s),
                        login_new=login_new[0],
                        editor_hash=editor_hash,
                        editor_on_old=editor_on_old,
                        login_old=login_old[0],
                    )
            time.sleep(0.2)
        roller.join()
        time.sleep(3)
    if deploy_error:
        raise deploy_error[0]

    # -- no failed request, for anybody -----------------------------------
    for name, load in (("anonymous", anon), ("logged-in", logged)):
        print(f"{name}: {load.summary()}")
    failed = anon.failures() + logged.failures()
    before_roll = [f for f in failed if f.t < t_roll]
    assert not failed, (
        f"{len(failed)} failed requests, {len(before_roll)} of them before the roll started at "
        f"{t_roll:.1f} s (machine load average {os.getloadavg()[0]:.1f}): "
        f"{[(round(f.t, 2), f.path, f.status, f.error) for f in failed][:10]}"
    )
    # A logged-in visitor gets the page itself: not the login form (a lost
    # session) and not wp-admin/upgrade.php (old code asking for a database update).
    redirected = [r for r in logged.snapshot() if r.status != 200]
    assert not redirected, (
        "logged-in visitors were sent elsewhere: "
        f"{[(round(r.t, 2), r.path, r.status, r.location, r.tag) for r in redirected][:10]}"
    )

    # -- old and new code served side by side, on the upgraded database ---
    def served(load: Load, wp_db: int, stored: int) -> list:
        return [
            r
            for r in load.snapshot()
            if r.cache != "HIT" and r.tag.split()[1:] == [str(wp_db), str(stored)] and r.t >= t_roll
        ]

    for name, load in (("anonymous", anon), ("logged-in", logged)):
        old_on_new = served(load, from_db, to_db)
        new_on_new = served(load, to_db, to_db)
        print(
            f"{name}: {len(old_on_new)} answers by {from_wp} code on the {to_wp} database, {len(new_on_new)} by {to_wp}"
        )
        assert old_on_new and new_on_new, (
            f"{name}: old and new replicas did not both serve on the upgraded database"
        )
    admin_old = [
        r
        for r in served(logged, from_db, to_db)
        if r.path.startswith("/wp-admin/") and "admin-ajax" not in r.path
    ]
    assert admin_old, (
        "no wp-admin page was served by old code on the upgraded database: the case is not covered"
    )

    assert old_replica_probe, "the roll ended before an old replica could be probed on the upgraded database"
    p = old_replica_probe
    admin, upgrade, editor_on_old = p["admin"], p["upgrade"], p["editor_on_old"]
    print(
        f"old replica {p['replica']} on the upgraded database: /wp-admin/ -> {admin.status_code} "
        f"{admin.headers.get('Location', '')}; upgrade.php?step=upgrade_db -> {upgrade.status_code} "
        f"{upgrade.text.strip()[:80]!r}; db_version then {p['db_after']}; editor's login on a new replica "
        f"-> {p['login_new']}, password hash {p['editor_hash'][:4]}..., that session on the old replica -> "
        f"{editor_on_old.status_code} {editor_on_old.headers.get('Location', '')}; login on the old replica "
        f"-> {p['login_old']}"
    )
    assert admin.status_code == 200 and "wp-admin-bar-my-account" in admin.text, (
        f"old code's wp-admin: {admin.status_code} {admin.headers.get('Location', '')}"
    )
    assert p["db_after"] == to_db, (
        f"old code's upgrade.php wrote db_version {p['db_after']} back over {to_db}"
    )
    assert upgrade.status_code == 503 and upgrade.headers.get("Retry-After"), (
        f"old code's upgrade.php: {upgrade.status_code} {upgrade.text[:200]!r}"
    )
    assert p["login_new"] == 302, "the editor could not log in on a new replica"
    assert p["editor_hash"].startswith("$P$"), "the new code rehashed a password while old code still serves"
    assert editor_on_old.status_code == 200 and "wp-admin-bar-my-account" in editor_on_old.text, (
        f"a session made on a new replica, on an old one: {editor_on_old.status_code} {editor_on_old.headers.get('Location', '')}"
    )
    assert p["login_old"] == 302, "the editor could not log in on an old replica"

    # -- the database upgrade ran once --------------------------------------
    new = s.containers("wordpress")
    assert not set(new) & set(old) and all(image_of(c) == TO for c in new)
    assert db_version(s) == to_db
    texts = {c: logs(c) for c in new}
    print({c: [ln for ln in t.splitlines() if "database up" in ln] for c, t in texts.items()})
    upgraded = [c for c, t in texts.items() if f"database upgraded from {from_db} to {to_db}" in t]
    assert len(upgraded) == 1, "the database upgrade must run exactly once"
    assert all("database up to date" in t for c, t in texts.items() if c not in upgraded)
    seeding = "\n".join(ln for ln in texts[upgraded[0]].splitlines() if "bundled" in ln or "untouched" in ln)
    print(seeding)
    assert re.search(rf"kept \S*{modified} untouched: modified on the volume", seeding), seeding
    lost = columns_before - columns(s)
    assert not lost, f"the upgrade removed columns the old code uses: {sorted(lost)}"

    # -- the site's own things kept, bundled ones upgraded ---------------
    kept_after = volume_hash(s, modified, mine, *old_only)
    assert kept_after == kept_before, (
        "the modified theme, the user's plugin or an item the new release dropped changed"
    )
    bundled = [i for i in to_seed if i != modified]
    on_volume = volume_hash(s, *bundled)
    stale = {i: (on_volume[i], to_seed[i]) for i in bundled if on_volume[i] != to_seed[i]}
    assert not stale, f"bundled items not at the new release's version: {stale}"
    versions = {}
    for item, main in (
        ("plugins/akismet", "akismet.php"),
        *((t, "style.css") for t in bundled if t.startswith("themes/") and not t.endswith(".php")),
    ):
        if item in to_seed:
            got = header_version(s.shared(f"cat /shared/wp-content/{item}/{main}").stdout)
            want = header_version(
                run("docker", "run", "--rm", "--entrypoint", "cat", TO, f"{SEED}/{item}/{main}").stdout
            )
            assert got == want and got, f"{item}: version {got}, the new release ships {want}"
            versions[item] = got
    print(
        f"bundled items now at the new release's versions: {versions}; kept untouched: {modified}, {mine}, {old_only}"
    )

    # -- the content is there, served by the new core ---------------------
    page = requests.get(post["link"], timeout=30)
    assert (
        page.status_code == 200 and title in page.text and MINE_MARK in page.text and THEME_MARK in page.text
    )
    img = requests.get(upload, timeout=30)
    assert img.status_code == 200 and img.content == png
    assert (s.get(f"/?p={post['id']}&fresh=1").headers.get("X-Test-Core") or "").startswith(to_wp + " ")
    r = s.get("/wp-admin/", session=sess)
    assert r.status_code == 200 and "wp-admin-bar-my-account" in r.text
