"""Hardening of the image: private files, health endpoints (C1),
secrets from files, the installer gate (C3), URLs and client addresses that
a client cannot choose, resource limits (C2, C4), OPcache across replicas,
and the run-time restrictions of C6. Real containers of the image against a
real MariaDB; every request goes over HTTP from outside."""

import json
import os
import re
import socket
import tempfile
import threading
import time

import pytest
import requests
from conftest import (
    HARDENED,
    IMAGE_REF,
    PHP_VERSION,
    docker,
    exec_,
    install,
    network_subnet,
    start_db,
    start_wp,
    wait_for,
    wordpress,
    wordpress_php,
    wp_env,
)

CONTENT = "/var/www/shared/wp-content"
FATAL_TYPES_BODY = "critical error"


def put(container, path, text, user="www-data"):
    """Write a file on the shared volume through a container, as the web user."""
    docker(
        "exec",
        "-i",
        "-u",
        user,
        container,
        "sh",
        "-c",
        f"mkdir -p \"$(dirname '{path}')\" && cat > '{path}'",
        input=text,
    )


def get(url, **kw):
    kw.setdefault("timeout", 30)
    kw.setdefault("allow_redirects", False)
    return requests.get(url, **kw)


def logs_since(container, since):
    proc = docker("logs", "--since", since, container)
    return proc.stdout + proc.stderr


@pytest.fixture(scope="module")
def subnet(network):
    return network_subnet(network)


@pytest.fixture(scope="module")
def site(names, network, db, image, subnet):
    """An installed site with its own table prefix, reached as the load balancer
    would reach it (the test network may install and is a trusted proxy)."""
    env = wp_env(
        db["alias"], WORDPRESS_TABLE_PREFIX="hard_", WPECS_INSTALL_ALLOW=subnet, WPECS_TRUSTED_PROXIES=subnet
    )
    wp = start_wp(names, network, "hard", env)
    install(wp["url"], "Hardening test")
    return wp


# --- private files ----------------------------------------------------------

PROTECTED = {
    # Plugins' own deny files, in each syntax they use.
    "uploads/wpecs-deny/.htaccess": "Deny from all\n",
    "uploads/wpecs-order/.htaccess": "Order deny,allow\nDeny from all\n",
    "uploads/wpecs-require/.htaccess": "Require all denied\n",
    "uploads/wpecs-woo/.htaccess": (
        "<IfModule mod_authz_core.c>\n    Require all denied\n</IfModule>\n"
        "<IfModule !mod_authz_core.c>\n    Deny from all\n</IfModule>\n"
        "Options -Indexes\n"
    ),
}


def test_htaccess_deny_rules_under_wp_content_are_honoured(site):
    for path, rules in PROTECTED.items():
        put(site["name"], f"{CONTENT}/{path}", rules)
        put(site["name"], f"{CONTENT}/{os.path.dirname(path)}/secret.txt", "wpecs-secret\n")
    # A deny file that only switches off listings must not break the folder.
    put(site["name"], f"{CONTENT}/uploads/.htaccess", "Options -Indexes\n")
    put(site["name"], f"{CONTENT}/uploads/2024/01/public.txt", "public\n")
    for path in PROTECTED:
        r = get(f"{site['url']}/wp-content/{os.path.dirname(path)}/secret.txt")
        assert r.status_code == 403 and "wpecs-secret" not in r.text, f"{path}: {r.status_code}"
    r = get(site["url"] + "/wp-content/uploads/2024/01/public.txt")
    assert r.status_code == 200 and r.text == "public\n", r.status_code


def test_dotfiles_and_private_paths_are_never_served(site):
    private = [
        ".git/config",
        ".env",
        "plugins/akismet/.env",
        "uploads/.hidden.txt",
        "themes/.svn/entries",
        "debug.log",
        "uploads/wc-logs/fatal-errors.log",
        "uploads/wc-logs/readme.txt",
        "uploads/woocommerce_uploads/order.pdf",
        "updraft/backup_db.gz",
        "ai1wm-backups/site.wpress",
        "backups-dup-lite/site.zip",
        "uploads/backwpup-abc-backups/site.zip",
        "wflogs/attack-data.php.txt",
        "dump.sql",
        "uploads/site.SQL",
        "plugins/akismet/composer.json",
        "plugins/akismet/composer.lock",
        "themes/twentytwentythree/package.json",
        "themes/twentytwentythree/package-lock.json",
        "uploads/error_log",
    ]
    for path in private:
        put(site["name"], f"{CONTENT}/{path}", "wpecs-private\n")
    served = {}
    for path in private:
        r = get(f"{site['url']}/wp-content/{path}")
        if r.status_code != 403 or "wpecs-private" in r.text:
            served[path] = r.status_code
    # The same, spelt with an encoded dot.
    r = get(site["url"] + "/wp-content/%2egit/config")
    if r.status_code != 403:
        served["%2egit/config"] = r.status_code
    assert served == {}, f"private files answered (path: status): {served}"
    # .well-known stays reachable (ACME challenges, security.txt): not a 403.
    assert get(site["url"] + "/.well-known/security.txt").status_code != 403


# --- C1: health ------------------------------------------------------------


def health_get(url, path):
    return get(url + path, timeout=15, headers={"Host": "example.invalid", "X-Forwarded-Proto": "https"})


def test_health_endpoints_never_redirect_nor_cache(site):
    for path in ("/healthz/live", "/healthz", "/healthz/app"):
        r = health_get(site["url"], path)
        assert r.status_code == 200, f"{path}: {r.status_code} {r.text[:300]!r}"
        assert "Location" not in r.headers, path
        assert "no-store" in r.headers.get("Cache-Control", ""), f"{path}: {r.headers}"
    assert get(site["url"] + "/healthz/live").text == "ok\n"
    # The whole front page rendered, even for a Host that is not the site's
    # (a load balancer checks the task's own address).
    assert health_get(site["url"], "/healthz/app").text == "ok\n"


def test_health_endpoints_answer_only_as_written(site):
    """Other spellings of the paths would pass a load balancer rule that hides them."""
    for raw in ("/%68ealthz/app", "//healthz/app", "/./healthz", "/healthz/%61pp", "/%68ealthz/live"):
        s = raw_request(
            site["url"], f"GET {raw} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode(), 10
        )
        try:
            status = read_response(s).split(b"\r\n", 1)[0]
        finally:
            s.close()
        assert status.split(b" ")[1] == b"404", (raw, status)
    assert health_get(site["url"], "/healthz/app").status_code == 200


def break_php_file(container, target):
    """Make the PHP file `target` die with a fatal error when it loads; returns
    the command that undoes it. An existing file is kept aside and put back."""
    if exec_(container, "test", "-e", target, check=False).returncode != 0:
        put(container, target, "<?php\nwpecs_imgtest_undefined_function();\n")
        return ["rm", "-f", target]
    kept = "/tmp/" + target.strip("/").replace("/", "_") + ".orig"
    exec_(container, "cp", "-p", target, kept, user="www-data")
    exec_(
        container,
        "sh",
        "-c",
        f"printf '\\n?><?php wpecs_imgtest_undefined_function();\\n' >> {target}",
        user="www-data",
    )
    return ["cp", "-p", kept, target]


@pytest.mark.parametrize("where", ["mu-plugin", "plugin", "theme"])
def test_healthz_app_is_500_when_code_dies(site, where):
    name = site["name"]
    fatal = "<?php\n/* Plugin Name: wpecs fatal */\nwpecs_imgtest_undefined_function();\n"
    if where == "mu-plugin":
        target = f"{CONTENT}/mu-plugins/wpecs-fatal.php"
        put(name, target, fatal)
        undo = ["rm", "-f", target]
    elif where == "plugin":
        # An active plugin that dies: akismet's main file, restored afterwards.
        wordpress_php(
            name,
            "require_once ABSPATH . 'wp-admin/includes/plugin.php'; var_dump(activate_plugin('akismet/akismet.php'));",
        )
        undo = break_php_file(name, f"{CONTENT}/plugins/akismet/akismet.php")
    else:
        # The active theme, whichever the release's default is (WordPress loads
        # its functions.php when there is one; some default themes ship one).
        theme = wordpress_php(name, "echo get_stylesheet();").stdout.strip()
        assert re.fullmatch(r"[a-z0-9-]+", theme), theme
        undo = break_php_file(name, f"{CONTENT}/themes/{theme}/functions.php")
    try:
        # The premise: every page is broken.
        assert get(site["url"] + "/").status_code == 500
        r = get(site["url"] + "/healthz/app", timeout=15)
        assert r.status_code == 500, f"{where}: {r.status_code} {r.text[:300]!r}"
        assert "Location" not in r.headers
        # Liveness and readiness do not load WordPress: they stay 200.
        assert get(site["url"] + "/healthz/live").status_code == 200
        assert get(site["url"] + "/healthz").status_code == 200
    finally:
        exec_(name, *undo, user="www-data")
    wait_for("/healthz/app back to 200", lambda: get(site["url"] + "/healthz/app").status_code == 200, 10)


def test_database_outage_leaves_live_and_app_healthy(names, network, image, subnet):
    db = start_db(names, network, "hdb", "hdb")
    wp = start_wp(names, network, "hdbwp", wp_env("hdb", WPECS_INSTALL_ALLOW=subnet))
    install(wp["url"], "Outage test")
    for path in ("/healthz/live", "/healthz", "/healthz/app"):
        assert get(wp["url"] + path).status_code == 200, path
    docker("stop", "-t", "20", db["name"])
    try:
        wait_for("/healthz to say 503", lambda: get(wp["url"] + "/healthz").status_code == 503, 30)
        live = get(wp["url"] + "/healthz/live", timeout=10)
        assert live.status_code == 200 and live.text == "ok\n"
        app = get(wp["url"] + "/healthz/app", timeout=15)
        assert app.status_code == 200, f"{app.status_code} {app.text[:300]!r}"
        assert "degraded: database unavailable" in app.text
        assert "Location" not in app.headers
    finally:
        docker("start", db["name"])
    wait_for("/healthz back to 200", lambda: get(wp["url"] + "/healthz").status_code == 200, 120)
    assert get(wp["url"] + "/healthz/app").text.startswith("ok")


def test_a_flood_of_slow_requests_does_not_starve_the_health_checks(names, network, db, image):
    """More slow PHP requests than Apache has threads: the three health checks
    still answer quickly."""
    wp = start_wp(names, network, "flood", wp_env(db["alias"], WORDPRESS_TABLE_PREFIX="flood_"))
    put(wp["name"], f"{CONTENT}/wpecs-slow.php", "<?php sleep(4); echo 'slow';")
    threads = [
        threading.Thread(
            target=lambda: requests.get(wp["url"] + "/wp-content/wpecs-slow.php", timeout=20), daemon=True
        )
        for _ in range(180)
    ]
    for t in threads:
        t.start()
    time.sleep(3)
    took = {}
    try:
        for path in ("/healthz/live", "/healthz", "/healthz/app"):
            started = time.monotonic()
            try:
                code = requests.get(wp["url"] + path, timeout=8).status_code
            except requests.RequestException as exc:
                code = type(exc).__name__
            took[path] = (code, round(time.monotonic() - started, 1))
    finally:
        for t in threads:
            t.join(25)
        docker("rm", "-f", wp["name"], check=False)
    slow = {p: v for p, v in took.items() if v[0] != 200 or v[1] > 3}
    assert slow == {}, f"health checks under a flood (status, seconds): {took}"


# --- secrets from files ------------------------------------------------------


def test_an_unreadable_secret_file_fails_the_request_and_names_the_variable(
    names, network, db, image, subnet
):
    from conftest import DB_PASSWORD

    secrets_dir = tempfile.mkdtemp(prefix="wpecs-imgtest-secret-")
    os.chmod(secrets_dir, 0o755)
    secret = os.path.join(secrets_dir, "db-password")
    with open(secret, "w") as f:
        f.write(DB_PASSWORD + "\n")
    os.chmod(secret, 0o644)
    env = wp_env(db["alias"], WORDPRESS_TABLE_PREFIX="hard_")
    del env["WORDPRESS_DB_PASSWORD"]
    env["WORDPRESS_DB_PASSWORD_FILE"] = "/run/wpecs-secrets/db-password"
    wp = start_wp(
        names,
        network,
        "secret",
        env,
        docker_args=["-v", f"{secrets_dir}:/run/wpecs-secrets:ro"],
    )
    try:
        # (the site's stored URL names another port: WordPress redirects there)
        assert get(wp["url"] + "/").status_code in (200, 301, 302)
        since = str(int(time.time()) - 1)
        os.unlink(secret)  # the secret disappears under a running task
        for path in ("/", "/healthz"):
            r = get(wp["url"] + path)
            assert r.status_code == 500, f"{path}: {r.status_code} {r.text[:200]!r}"
            assert DB_PASSWORD not in r.text
        # Loaded by PHP on the command line too (install.php, db-upgrade.php).
        cli = exec_(
            wp["name"],
            "php",
            "-r",
            "define('ABSPATH', '/tmp/x/'); require '/var/www/wordpress/wp-config.php';",
            user="www-data",
            check=False,
        )
        assert cli.returncode != 0
        assert "WORDPRESS_DB_PASSWORD_FILE" in cli.stderr + cli.stdout
        log = wait_for(
            "the log line",
            lambda: [
                line
                for line in logs_since(wp["name"], since).splitlines()
                if "WORDPRESS_DB_PASSWORD_FILE" in line
            ],
            10,
        )
        assert all(DB_PASSWORD not in line for line in logs_since(wp["name"], since).splitlines())
        assert len(log) >= 2, log  # the page and /healthz each said so
    finally:
        docker("rm", "-f", wp["name"], check=False)
        for p in (secret,):
            if os.path.exists(p):
                os.unlink(p)
        os.rmdir(secrets_dir)


# --- C3: the installer gate --------------------------------------------------


def test_installer_answers_403_to_clients_outside_the_allow_list(names, network, db, image):
    with wordpress(names, network, "gate", wp_env(db["alias"], WORDPRESS_TABLE_PREFIX="gate_")) as wp:
        for path in ("/wp-admin/install.php", "/wp-admin/install.php?step=1", "/wp-admin/setup-config.php"):
            r = get(wp["url"] + path)
            assert r.status_code == 403, f"{path}: {r.status_code}"
        r = requests.post(
            wp["url"] + "/wp-admin/install.php?step=2",
            timeout=60,
            data={
                "weblog_title": "taken",
                "user_name": "attacker",
                "admin_password": "x-Pass-1234",
                "admin_password2": "x-Pass-1234",
                "pw_weak": "1",
                "admin_email": "a@example.invalid",
            },
        )
        assert r.status_code == 403
        # X-Forwarded-For from a client that is not a trusted proxy changes nothing.
        assert (
            get(wp["url"] + "/wp-admin/install.php", headers={"X-Forwarded-For": "127.0.0.1"}).status_code
            == 403
        )
        # Loopback (the default allow list) still may.
        local = exec_(
            wp["name"],
            "php",
            "-r",
            "echo file_get_contents('http://127.0.0.1/wp-admin/install.php') === false ? 'fail' : 'ok';",
            check=False,
        )
        assert local.stdout == "ok", local.stderr
        # Nothing was installed by the refused POST.
        home = get(wp["url"] + "/")
        assert home.status_code == 302 and "install.php" in home.headers["Location"]


@pytest.mark.parametrize(
    "addr,allow,expected",
    [
        ("127.0.0.1", "", True),
        ("::1", "", True),
        ("10.1.2.3", "", False),
        ("10.1.2.3", "10.0.0.0/8", True),
        ("10.1.2.3", "192.168.0.0/16, 10.1.2.3/32", True),
        ("10.1.2.3", "10.1.2.4", False),
        ("2001:db8::5", "2001:db8::/32", True),
        ("2001:db9::5", "2001:db8::/32", False),
        ("::ffff:192.0.2.1", "192.0.2.0/24", True),
        ("192.0.2.1", "::/0", False),
        ("192.0.2.1", "0.0.0.0/0", True),
    ],
)
def test_install_allow_list_matching(image, addr, allow, expected):
    code = (
        "require '/usr/local/lib/wordpress-ecs/install-gate.php';"
        "echo json_encode(wpecs_ip_allowed($argv[1], wpecs_install_allow_list()));"
    )
    env = ["-e", f"WPECS_INSTALL_ALLOW={allow}"] if allow else []
    out = docker("run", "--rm", *env, "--entrypoint", "php", IMAGE_REF, "-r", code, addr).stdout
    assert json.loads(out) is expected


def test_a_malformed_allow_list_refuses_everyone_and_names_the_variable(image):
    code = (
        "require '/usr/local/lib/wordpress-ecs/install-gate.php';"
        "var_dump(wpecs_ip_allowed('127.0.0.1', wpecs_install_allow_list()));"
    )
    proc = docker(
        "run",
        "--rm",
        "-e",
        "WPECS_INSTALL_ALLOW=127.0.0.0/8 not-an-address",
        "--entrypoint",
        "php",
        IMAGE_REF,
        "-r",
        code,
        check=False,
    )
    assert "bool(false)" in proc.stdout
    assert "WPECS_INSTALL_ALLOW" in proc.stderr + proc.stdout


# --- URLs and client addresses ------------------------------------------------


def test_asset_urls_do_not_follow_the_host_header(site):
    page = get(site["url"] + "/").text
    assert "/wp-content/" in page
    # Same port as the stored site URL, so WordPress renders instead of redirecting.
    port = site["url"].rsplit(":", 1)[1]
    r = get(site["url"] + "/", headers={"Host": f"evil.example:{port}"})
    assert r.status_code == 200 and "/wp-content/" in r.text, r.status_code
    assert "evil.example" not in r.text, re.findall(r".{40}evil\.example.{40}", r.text)[:3]


def test_site_url_setting_pins_the_urls(names, network, db, image):
    with wordpress(
        names,
        network,
        "siteurl",
        wp_env(db["alias"], WORDPRESS_TABLE_PREFIX="hard_", WORDPRESS_SITE_URL="https://www.example.org"),
    ) as wp:
        r = get(wp["url"] + "/", headers={"Host": "evil.example", "X-Forwarded-Proto": "https"})
        assert r.status_code == 200, r.status_code
        assert "https://www.example.org/" in r.text
        assert "evil.example" not in r.text
        # wp-config.php on its own: the three URLs come from the setting.
        probe = (
            "define('ABSPATH', '/tmp/wpecs-siteurl/'); @mkdir(ABSPATH); touch(ABSPATH . 'wp-settings.php');"
            "require '/var/www/wordpress/wp-config.php'; echo WP_HOME, ' ', WP_SITEURL, ' ', WP_CONTENT_URL;"
        )
        out = exec_(wp["name"], "php", "-r", probe, user="www-data").stdout
        assert out == "https://www.example.org https://www.example.org https://www.example.org/wp-content", (
            out
        )


def test_x_forwarded_for_from_a_client_that_is_not_a_proxy_is_ignored(names, network, db, image):
    with wordpress(names, network, "xff", wp_env(db["alias"], WORDPRESS_TABLE_PREFIX="hard_")) as wp:
        marker = f"/?wpecs-xff-{time.time_ns()}"
        get(wp["url"] + marker, headers={"X-Forwarded-For": "203.0.113.9"})
        line = wait_for(
            "the access log line",
            lambda: [line for line in docker("logs", wp["name"]).stdout.splitlines() if marker in line],
            10,
        )[0]
        assert not line.startswith("203.0.113.9 "), line


# --- C2, C4: limits ----------------------------------------------------------


def pool_workers(container, pool):
    out = exec_(container, "ps", "-eo", "args=").stdout
    return sum(1 for line in out.splitlines() if line.strip() == f"php-fpm: pool {pool}")


def test_fpm_workers_come_from_the_environment(site):
    conf = exec_(site["name"], "cat", f"/etc/php/{PHP_VERSION}/fpm/pool.d/www.conf").stdout
    assert re.search(r"^pm\.max_children = \$\{WPECS_FPM_MAX_CHILDREN\}$", conf, re.M), conf
    assert pool_workers(site["name"], "www") == 3


def test_memory_label(image):
    """The label is the budget wp-init enforces: 2 page workers, the health pool, OPcache, Apache, headroom."""
    labels = image["inspect"]["Config"]["Labels"]
    env = docker("run", "--rm", "--entrypoint", "cat", IMAGE_REF, "/etc/wordpress-ecs/memory.env").stdout
    budget = dict(line.split("=", 1) for line in env.splitlines() if re.match(r"^[A-Z_]+=", line))
    fixed = sum(int(budget[k]) for k in ("OPCACHE_MB", "HEALTH_POOL_MB", "APACHE_MB", "HEADROOM_MB"))
    assert int(budget["MIN_MB"]) == fixed + 2 * int(budget["PHP_MEMORY_LIMIT_MB"]), budget
    assert labels.get("org.wpecs.memory.min-mb") == budget["MIN_MB"], labels


def test_page_workers_memory_limit_follows_the_sizing(site):
    conf = exec_(site["name"], "cat", f"/etc/php/{PHP_VERSION}/fpm/pool.d/www.conf").stdout
    assert re.search(r"^php_admin_value\[memory_limit\] = \$\{WPECS_PHP_MEMORY_LIMIT_MB\}M$", conf, re.M), (
        conf
    )


def raw_request(url, request, read_timeout):
    host, port = url.split("://", 1)[1].split(":")
    s = socket.create_connection((host, int(port)), timeout=read_timeout)
    s.sendall(request)
    return s


def read_response(s):
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = s.recv(65536)
        if not chunk:
            raise AssertionError(f"closed before the headers: {data!r}")
        data += chunk
    head, body = data.split(b"\r\n\r\n", 1)
    length = int(re.search(rb"(?i)content-length:\s*(\d+)", head).group(1))
    while len(body) < length:
        body += s.recv(65536)
    return head


def seconds_until_closed(s, limit):
    started = time.monotonic()
    s.settimeout(limit)
    try:
        while s.recv(65536):
            pass
    except TimeoutError:
        return None
    except ConnectionResetError:
        pass
    return time.monotonic() - started


def test_request_body_limit(site):
    s = raw_request(
        site["url"],
        b"POST /wp-login.php HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\n"
        b"Content-Length: 200000000\r\n\r\n",
        10,
    )
    try:
        head = s.recv(4096)
    except TimeoutError:
        head = b"(no answer within 10 s)"
    s.close()
    assert head.startswith(b"HTTP/1.1 413"), head[:200]


def test_a_slow_request_body_cannot_hold_a_worker_for_long(site):
    """PHP-FPM holds a worker while Apache streams the body to it, so a body
    trickled in just above the minimum rate must still be cut off: the whole
    body gets at most 60 s (RequestReadTimeout body=...-60)."""
    s = raw_request(
        site["url"],
        b"POST /wp-login.php HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\n"
        b"Content-Length: 10000000\r\n\r\n",
        5,
    )
    started = time.monotonic()
    closed = None
    s.settimeout(0.25)
    try:
        while time.monotonic() - started < 90:
            s.sendall(b"a" * 500)  # 2 kB/s: four times Apache's minimum rate
            try:
                s.recv(4096)  # an error page or the end of the connection: cut off
                closed = time.monotonic() - started
                break
            except TimeoutError:
                pass
    except (BrokenPipeError, ConnectionResetError):
        closed = time.monotonic() - started
    s.close()
    assert closed is not None and closed <= 70, f"a trickled body held the connection {closed} s"


def test_keepalive_timeout_follows_the_setting(names, network, db, image):
    with wordpress(names, network, "keepalive", wp_env(db["alias"], WPECS_KEEPALIVE_TIMEOUT="3")) as wp:
        s = raw_request(wp["url"], b"GET /wp-includes/images/blank.gif HTTP/1.1\r\nHost: x\r\n\r\n", 10)
        read_response(s)
        idle = seconds_until_closed(s, 20)
        assert idle is not None and 2.5 <= idle <= 4.5, f"idle connection closed after {idle} s, expected ~3"
    # The default the Apache wrapper gives it (/etc/apache2/envvars).
    default = docker(
        "run",
        "--rm",
        "--entrypoint",
        "/bin/sh",
        IMAGE_REF,
        "-c",
        ". /etc/apache2/envvars && echo $WPECS_KEEPALIVE_TIMEOUT",
    ).stdout.strip()
    assert default == "75"


def test_a_plugin_updated_through_one_replica_is_served_by_another_at_once(names, network, db, site):
    other = start_wp(
        names, network, "replica2", wp_env(db["alias"], WORDPRESS_TABLE_PREFIX="hard_"), site["volume"]
    )
    plugin = f"{CONTENT}/plugins/wpecs-op"
    put(site["name"], f"{plugin}/lib.php", "<?php function wpecs_op_lib() { return 'v1'; }\n")
    put(
        site["name"],
        f"{plugin}/main.php",
        "<?php require __DIR__ . '/lib.php'; echo 'main-v1 lib-' . wpecs_op_lib();\n",
    )
    time.sleep(3)  # older than opcache.file_update_protection: cacheable
    url = other["url"] + "/wp-content/plugins/wpecs-op/main.php"
    for _ in range(5):  # every worker of the other replica has compiled it
        assert get(url).text == "main-v1 lib-v1"
    # The update, through the first replica (as WordPress' upgrader would write it).
    put(site["name"], f"{plugin}/lib.php", "<?php function wpecs_op_lib() { return 'v2'; }\n")
    put(
        site["name"],
        f"{plugin}/main.php",
        "<?php require __DIR__ . '/lib.php'; echo 'main-v2 lib-' . wpecs_op_lib();\n",
    )
    seen = {get(url).text for _ in range(6)}
    assert seen == {"main-v2 lib-v2"}, f"the other replica served {seen}"


# --- C6: least privilege ------------------------------------------------------


def test_no_setuid_or_setgid_files(image):
    out = docker(
        "run", "--rm", "--entrypoint", "find", IMAGE_REF, "/", "-xdev", "-type", "f", "-perm", "/6000"
    ).stdout
    assert out.strip() == "", f"setuid/setgid files left:\n{out}"


def test_runs_read_only_without_privileges(names, network, db, image, subnet):
    """C6, and the memory label: the smallest memory the image claims to work in."""
    min_mb = image["inspect"]["Config"]["Labels"]["org.wpecs.memory.min-mb"]
    with wordpress(
        names,
        network,
        "readonly",
        wp_env(db["alias"], WORDPRESS_TABLE_PREFIX="ro_", WPECS_INSTALL_ALLOW=subnet, WPECS_MEMORY_MB=min_mb),
        docker_args=[*HARDENED, "--memory", f"{min_mb}m"],
    ) as wp:
        for path in ("/healthz/live", "/healthz"):
            assert get(wp["url"] + path).status_code == 200, path
        install(wp["url"], "Read-only test")
        assert get(wp["url"] + "/").status_code == 200
        assert get(wp["url"] + "/healthz/app").status_code == 200
        put(wp["name"], f"{CONTENT}/uploads/ro.txt", "written\n")
        assert get(wp["url"] + "/wp-content/uploads/ro.txt").text == "written\n"
        # The container's own checks pass, and nothing outside the volume and tmpfs is writable.
        probe = exec_(wp["name"], "/usr/local/bin/wp-init", "healthcheck", check=False)
        assert probe.returncode == 0, probe.stderr
        ro = exec_(wp["name"], "sh", "-c", "touch /etc/x /var/www/wordpress/x /var/tmp/x 2>&1; true").stdout
        assert ro.count("Read-only file system") == 3, ro
        status = exec_(wp["name"], "grep", "-E", "^(NoNewPrivs|CapEff)", "/proc/1/status").stdout
        assert re.search(r"NoNewPrivs:\s+1", status), status
        state = json.loads(docker("inspect", wp["name"]).stdout)[0]["State"]
        assert state["Running"] and not state["OOMKilled"], state


def test_xmlrpc_is_off_unless_switched_on(site, names, network, db):
    call = "<?xml version='1.0'?><methodCall><methodName>system.listMethods</methodName></methodCall>"
    r = requests.post(site["url"] + "/xmlrpc.php", data=call, timeout=30)
    assert r.status_code == 403 and "methodResponse" not in r.text, r.status_code
    with wordpress(
        names,
        network,
        "xmlrpc",
        wp_env(db["alias"], WORDPRESS_TABLE_PREFIX="hard_", WPECS_XMLRPC="1"),
        site["volume"],
    ) as wp:
        r = requests.post(wp["url"] + "/xmlrpc.php", data=call, timeout=30)
        assert r.status_code == 200 and "methodResponse" in r.text


# --- Cron ----------------------------------------------------------

# A must-use plugin on the volume: a hook that appends one line per run to a file, and
# one that throws.
CRON_PLUGIN = r"""<?php
add_action('wpecs_imgtest_count', function ($tag) {
	file_put_contents(WP_CONTENT_DIR . '/uploads/wpecs-cron-count.txt', $tag . "\n", FILE_APPEND | LOCK_EX);
});
add_action('wpecs_imgtest_throw', function () {
	throw new RuntimeException('imgtest hook failure');
});
"""


def test_external_cron_turns_page_view_cron_off_and_wp_init_cron_runs_due_events_once(
    site, names, network, db
):
    put(site["name"], f"{CONTENT}/mu-plugins/wpecs-imgtest-cron.php", CRON_PLUGIN)
    # Where its hook counts runs: a new site has no uploads folder yet.
    exec_(site["name"], "mkdir", "-p", f"{CONTENT}/uploads", user="www-data")
    code = "echo defined('DISABLE_WP_CRON') ? 'off' : 'on';"
    assert wordpress_php(site["name"], code).stdout == "on"
    with wordpress(
        names,
        network,
        "cron",
        wp_env(db["alias"], WORDPRESS_TABLE_PREFIX="hard_", WPECS_CRON="external"),
        site["volume"],
    ) as wp:
        try:
            assert wordpress_php(wp["name"], code).stdout == "off"
            # The site's page views (and the check above) ran WordPress's own cron, whose
            # lock (doing_cron) the runner respects for 60 s: a rollout from wp to
            # external never runs an event twice. Here, nothing spawns it any more.
            schedule = (
                "delete_transient('doing_cron'); "
                "wp_schedule_single_event(time() - 5, 'wpecs_imgtest_count', array('a')); "
                "wp_schedule_single_event(time() - 5, 'wpecs_imgtest_count', array('b')); "
                "wp_schedule_single_event(time() + 3600, 'wpecs_imgtest_count', array('later'));"
            )
            wordpress_php(wp["name"], schedule)
            first = docker("exec", wp["name"], "wp-init", "cron", check=False)
            assert first.returncode == 0, first.stderr + first.stdout
            # WordPress's own due events may run too; ours ran, each once.
            assert re.search(
                r"^cron: ran \d+ due event\(s\) in [\d.]+ s: .*wpecs_imgtest_count x2", first.stdout, re.M
            ), first
            assert "wp-init: cron: done" in first.stderr, first.stderr
            second = docker("exec", wp["name"], "wp-init", "cron", check=False)
            assert second.returncode == 0 and "wpecs_imgtest_count" not in second.stdout, second
            count = exec_(wp["name"], "cat", f"{CONTENT}/uploads/wpecs-cron-count.txt").stdout
            assert sorted(count.split()) == ["a", "b"], count
            # A hook that throws fails the run (70) after the other due events ran, and the
            # message names it.
            wordpress_php(
                wp["name"],
                "wp_schedule_single_event(time() - 5, 'wpecs_imgtest_throw'); "
                "wp_schedule_single_event(time() - 4, 'wpecs_imgtest_count', array('c'));",
            )
            failed = docker("exec", wp["name"], "wp-init", "cron", check=False)
            assert failed.returncode == 70, failed
            assert (
                "cron: wpecs_imgtest_throw failed: RuntimeException: imgtest hook failure" in failed.stderr
            ), failed
            assert "wp-init: cron command failed (exit status 1)" in failed.stderr, failed
            count = exec_(wp["name"], "cat", f"{CONTENT}/uploads/wpecs-cron-count.txt").stdout
            assert sorted(count.split()) == ["a", "b", "c"], count
        finally:
            exec_(
                site["name"],
                "rm",
                "-f",
                f"{CONTENT}/mu-plugins/wpecs-imgtest-cron.php",
                f"{CONTENT}/uploads/wpecs-cron-count.txt",
                check=False,
            )


def test_a_bad_cron_setting_is_one_line_naming_it(site):
    bad = docker("exec", "-e", "WPECS_CRON=on", site["name"], "wp-init", "cron", check=False)
    assert bad.returncode == 64, bad
    assert bad.stderr.strip().startswith('wp-init: WPECS_CRON: "on" is neither wp'), bad.stderr
    php = docker(
        "exec",
        "-u",
        "www-data",
        "-e",
        "WPECS_CRON=on",
        site["name"],
        "php",
        "-r",
        "require '/var/www/wordpress/wp-config.php';",
        check=False,
    )
    assert php.returncode == 1, php
    assert "wordpress-ecs: WPECS_CRON must be wp" in php.stderr + php.stdout, php
