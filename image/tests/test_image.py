"""Checks of the built image from outside: what is (not) in it, how it is
labelled, and how it behaves against a real MariaDB. The main container (the
`wp` fixture) is installed before its first test; a test that changes more
than the files it leaves behind starts a container of its own."""

import json
import os
import re
import subprocess
import tarfile
import tempfile
import threading
import time
from datetime import datetime

import pytest
import requests
from conftest import (
    DB_PASSWORD,
    DEBIAN_RELEASE,
    IMAGE_REF,
    PHP_VERSION,
    VERSION,
    WP_TITLE,
    docker,
    exec_,
    health,
    start_db,
    start_wp,
    wait_for,
    wp_env,
)


def sh(cmd, image=IMAGE_REF, user=None):
    """Run a shell command in a throwaway container of the image."""
    args = ["run", "--rm", "--entrypoint", "/bin/sh"]
    if user:
        args += ["-u", user]
    return docker(*args, image, "-c", cmd)


# --- What is in the image ------------------------------------------------------


@pytest.mark.parametrize(
    ("left", "cmd"),
    [
        (
            "build tools",
            "for t in gcc cc g++ c++ cpp make ansible ansible-playbook ansible-galaxy; do "
            "command -v $t; done; ls -d /usr/lib/python3/dist-packages/ansible* 2>/dev/null; true",
        ),
        (
            "apt lists, package files or build leftovers",
            "find /var/lib/apt/lists /var/cache/apt -type f 2>/dev/null; "
            "find / -xdev -name '*.deb' 2>/dev/null; find /tmp /var/tmp -mindepth 1; true",
        ),
        (
            "documentation",
            "find /usr/share/doc -type f ! -name copyright 2>/dev/null | head; "
            "find /usr/share/man -type f 2>/dev/null | head; true",
        ),
    ],
)
def test_nothing_left_in_the_image(image, left, cmd):
    out = sh(cmd).stdout
    assert out.strip() == "", f"{left} left in the image:\n{out}"


def test_debian_release_and_php_are_the_settings(image):
    """The image is DEBIAN_RELEASE of settings.env through and through: its
    release files, every apt source, every installed package (a Debian stable
    update of an older release carries +deb<NN>u in its version), and PHP is
    PHP_VERSION for the CLI and PHP-FPM."""
    os_release = dict(
        line.split("=", 1) for line in sh("cat /etc/os-release").stdout.splitlines() if "=" in line
    )
    assert os_release["VERSION_CODENAME"] == DEBIAN_RELEASE, os_release
    major = os_release["VERSION_ID"].strip('"')
    debian_version = sh("cat /etc/debian_version").stdout.strip()
    assert debian_version.split(".")[0] == major, (
        f"/etc/debian_version {debian_version!r}, os-release {major}"
    )
    sources = sh(
        "cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources "
        "2>/dev/null; true"
    ).stdout
    suites = []
    for line in sources.splitlines():
        words = line.split()
        if words[:1] == ["deb"] or words[:1] == ["deb-src"]:
            words = [w for w in words[1:] if not w.startswith("[")]
            suites.append(words[1])
        elif words[:1] == ["Suites:"]:
            suites += words[1:]
    assert suites, f"no apt source in the image:\n{sources}"
    assert all(s == DEBIAN_RELEASE or s.startswith(DEBIAN_RELEASE + "-") for s in suites), suites
    packages = sh("dpkg-query -W -f '${Package} ${Version}\\n'").stdout.splitlines()
    older = [p for p in packages if any(int(n) < int(major) for n in re.findall(r"deb(\d+)u", p.split()[1]))]
    assert older == [], f"packages of an older Debian release: {older}"
    for cmd in ("php -v", f"php-fpm{PHP_VERSION} -v"):
        out = sh(cmd).stdout
        assert re.match(rf"PHP {re.escape(PHP_VERSION)}\.\d+ ", out), f"{cmd}: {out[:80]!r}"


def test_no_layer_carries_documentation_or_translations(image):
    """Deleting files in a later layer does not shrink an image: what the
    debootstrapped base layer holds is shipped (and counted in the compressed
    size) even when the final file system no longer shows it. So no layer may
    carry documentation, man pages or system translations."""
    unwanted = re.compile(
        r"^(?:\./)?usr/share/(?:man|info|lintian)/.+|"
        r"^(?:\./)?usr/share/locale/(?!locale\.alias$).+/.+|"
        r"^(?:\./)?usr/share/doc/[^/]+/(?!copyright$)[^/]+$"
    )
    save = subprocess.Popen(["docker", "save", IMAGE_REF], stdout=subprocess.PIPE)
    found, total = [], 0
    with tarfile.open(fileobj=save.stdout, mode="r|") as outer:
        for member in outer:
            if not member.isfile() or member.size < 1024:
                continue
            data = outer.extractfile(member)
            try:
                layer = tarfile.open(fileobj=data, mode="r|*")  # noqa: SIM115 - closed by the with below
            except tarfile.ReadError:
                continue  # the manifest, configs: not a layer
            with layer:
                for entry in layer:
                    if entry.isfile() and ".wh." not in entry.name and unwanted.match(entry.name):
                        total += entry.size
                        if len(found) < 10:
                            found.append(entry.name)
    assert save.wait() == 0, "docker save failed"
    assert total == 0, (
        f"{total // 1024} KiB of documentation or translations in the image's layers, e.g. {found}"
    )


def test_labels(image):
    labels = image["inspect"]["Config"]["Labels"]
    for key in ("version", "revision", "source", "title", "created"):
        assert labels.get(f"org.opencontainers.image.{key}"), f"label org.opencontainers.image.{key} missing"
    assert labels["org.opencontainers.image.version"] == VERSION
    assert re.fullmatch(r"[0-9a-f]{40}|unknown", labels["org.opencontainers.image.revision"])
    datetime.strptime(labels["org.opencontainers.image.created"], "%Y-%m-%dT%H:%M:%SZ")


def test_entrypoint_command_port_healthcheck(image):
    cfg = image["inspect"]["Config"]
    assert cfg["Entrypoint"] == ["/usr/local/bin/wp-init"]
    assert cfg["Cmd"] == ["run"]
    assert "80/tcp" in cfg["ExposedPorts"]
    assert cfg["Healthcheck"]["Test"] == ["CMD", "/usr/local/bin/wp-init", "healthcheck"]
    env = dict(e.split("=", 1) for e in cfg["Env"])
    # Apache and PHP-FPM through wrappers that exec them, so wp-init's SIGWINCH
    # reaches the Apache parent (test_workers_run_as_www_data: its parent is PID 1).
    # They are wp-init's built-in defaults (image/init/src/config.hpp): the image sets
    # no other command.
    for var, wrapper, binary in (
        ("WPECS_HTTPD_CMD", "/usr/local/sbin/wpecs-apache2", "/usr/sbin/apache2"),
        ("WPECS_FPM_CMD", "/usr/local/sbin/wpecs-php-fpm", f"/usr/sbin/php-fpm{PHP_VERSION}"),
    ):
        assert var not in env, f"{var} overrides wp-init's default"
        assert re.search(rf'^exec {re.escape(binary)} "\$@"$', sh(f"cat {wrapper}").stdout, re.M), var


def test_wrappers_pass_shellcheck(image):
    """The wrappers are templates of the webserver role (*.sh.j2), shell only
    once rendered: shellcheck reads them as the image has them."""
    for wrapper in ("/usr/local/sbin/wpecs-apache2", "/usr/local/sbin/wpecs-php-fpm"):
        script = sh(f"cat {wrapper}").stdout
        p = subprocess.run(["shellcheck", "-"], input=script, capture_output=True, text=True)
        assert p.returncode == 0, f"shellcheck of {wrapper} as rendered in the image:\n{p.stdout}{p.stderr}"


def test_wp_init_version_is_the_build_version(image):
    out = docker("run", "--rm", IMAGE_REF, "version").stdout
    assert VERSION in out.split(), f"wp-init version printed {out!r}, expected {VERSION}"


def test_release_file(image):
    release = image["release"]
    labels = image["inspect"]["Config"]["Labels"]
    assert release["IMAGE_VERSION"] == VERSION
    assert release["GIT_REVISION"] == labels["org.opencontainers.image.revision"]
    version_php = sh("cat /var/www/wordpress/wp-includes/version.php").stdout
    wp_version = re.search(r"\$wp_version = '([^']+)'", version_php).group(1)
    assert release["WORDPRESS_VERSION"] == wp_version
    seed = sh("cat /usr/share/wordpress-ecs/seed-version").stdout.strip()
    # "+wpecs.N": the image's own seed entries (object-cache.php) have a revision too.
    assert re.fullmatch(rf"wordpress-{re.escape(wp_version)}\+wpecs\.[0-9]+", seed), seed


def test_core_is_root_owned_and_content_is_seed(image):
    out = sh("find /var/www/wordpress ! -user root -o ! -group root -o -perm /022 ! -type l | head").stdout
    assert out.strip() == "", f"core files not root-owned or writable by others:\n{out}"
    layout = sh(
        "test ! -e /var/www/wordpress/wp-content && echo no-core-content; "
        "test -f /var/www/wordpress/wp-config.php && echo config; "
        "test -f /usr/share/wordpress-ecs/wp-content/themes/twentytwentythree/style.css && echo theme; "
        "test -f /usr/share/wordpress-ecs/wp-content/plugins/akismet/akismet.php && echo plugin; "
        "test -f /usr/local/lib/wordpress-ecs/healthz.php && echo healthz; "
        "test -f /usr/local/lib/wordpress-ecs/db-upgrade.php && echo db-upgrade; "
        'test -z "$(ls -A /var/www/shared)" && echo empty-mount'
    ).stdout.split()
    assert layout == ["no-core-content", "config", "theme", "plugin", "healthz", "db-upgrade", "empty-mount"]
    # www-data cannot change the core.
    denied = sh(
        "touch /var/www/wordpress/index.php 2>/dev/null && echo writable || echo denied", user="www-data"
    ).stdout.strip()
    assert denied == "denied"


def test_php_has_wordpress_extensions(image):
    mods = set(sh("php -m").stdout.split())
    for ext in ("mysqli", "curl", "gd", "mbstring", "xml", "zip", "intl", "exif", "fileinfo", "sodium"):
        assert ext in mods, f"PHP extension {ext} missing"
    fpm = sh(
        f"php-fpm{PHP_VERSION} -i | grep -E '^(opcache.enable|opcache.validate_timestamps|opcache.revalidate_freq) '"
    ).stdout
    assert "opcache.enable => On" in fpm
    # Every include checks the file's time: a plugin updated through another
    # replica is never served half old, half new (see test_hardening).
    assert "opcache.revalidate_freq => 0" in fpm


def test_apache_uses_event_mpm_and_fpm(image):
    out = sh(". /etc/apache2/envvars && apache2 -M 2>/dev/null").stdout
    assert "mpm_event_module" in out
    assert "proxy_fcgi_module" in out
    assert "php" not in re.sub(r"proxy_fcgi", "", out).lower(), "mod_php is loaded"


# --- Bad configuration -----------------------------------------------------------


@pytest.mark.parametrize(
    "env,variable",
    [
        (
            {"WORDPRESS_DB_HOST": "db:abc", "WORDPRESS_DB_USER": "u", "WORDPRESS_DB_PASSWORD": "p"},
            "WORDPRESS_DB_HOST",
        ),
        ({"WORDPRESS_DB_HOST": "db", "WORDPRESS_DB_PASSWORD": "p"}, "WORDPRESS_DB_USER"),
        (
            {
                "WORDPRESS_DB_HOST": "db",
                "WORDPRESS_DB_USER": "u",
                "WORDPRESS_DB_PASSWORD": "p",
                "WORDPRESS_DB_PASSWORD_FILE": "/run/secrets/x",
            },
            "WORDPRESS_DB_PASSWORD",
        ),
    ],
)
def test_bad_configuration_exits_64_and_writes_nothing(image, names, env, variable):
    with tempfile.TemporaryDirectory(prefix="wpecs-imgtest-") as shared:
        name = names.container(f"bad-{variable.lower()}-{len(names.containers)}")
        args = ["run", "--name", name, "-v", f"{shared}:/var/www/shared"]
        for k, v in env.items():
            args += ["-e", f"{k}={v}"]
        proc = docker(*args, IMAGE_REF, check=False, timeout=120)
        assert proc.returncode == 64, f"exit {proc.returncode}, stderr: {proc.stderr!r}"
        lines = [line for line in proc.stderr.splitlines() if line.strip()]
        assert len(lines) == 1, f"expected one line on stderr, got: {proc.stderr!r}"
        assert variable in lines[0]
        assert os.listdir(shared) == [], f"the volume was written to: {os.listdir(shared)}"


# --- A running container -----------------------------------------------------------


def processes(container):
    out = exec_(container, "ps", "-eo", "pid=,ppid=,user:20=,comm=").stdout
    rows = []
    for line in out.splitlines():
        pid, ppid, user, comm = line.split(None, 3)
        rows.append({"pid": int(pid), "ppid": int(ppid), "user": user, "comm": comm.strip()})
    return rows


def test_workers_run_as_www_data(wp):
    rows = processes(wp["name"])
    by_comm = {}
    for r in rows:
        by_comm.setdefault(r["comm"], []).append(r)
    apache = by_comm.get("apache2", [])
    fpm = [r for r in rows if r["comm"].startswith("php-fpm")]
    assert apache and fpm, f"apache2 or php-fpm not running: {rows}"
    # The Apache parent is a direct child of wp-init (PID 1): signals reach it.
    parents = [r for r in apache if r["ppid"] == 1]
    assert len(parents) == 1 and parents[0]["user"] == "root", f"Apache parent: {apache}"
    workers = [r for r in apache if r["ppid"] == parents[0]["pid"]]
    assert workers and all(r["user"] == "www-data" for r in workers), f"Apache workers: {apache}"
    fpm_master = [r for r in fpm if r["ppid"] == 1]
    fpm_workers = [r for r in fpm if r["ppid"] != 1]
    assert len(fpm_master) == 1, f"PHP-FPM master: {fpm}"
    assert fpm_workers and all(r["user"] == "www-data" for r in fpm_workers), f"PHP-FPM workers: {fpm}"


def test_healthz_ok_and_never_redirects(wp):
    for headers in (
        {},
        {"X-Forwarded-Proto": "https"},
        {"X-Forwarded-Proto": "http"},
        {"Host": "example.invalid"},
    ):
        r = requests.get(wp["url"] + "/healthz", headers=headers, timeout=10, allow_redirects=False)
        assert r.status_code == 200, f"{headers}: {r.status_code} {r.text!r}"
        assert r.text.strip() == "ok"
        assert "Location" not in r.headers


def test_docker_healthcheck_reports_healthy(wp):
    # The image's HEALTHCHECK (wp-init healthcheck, every 10 s), as ECS runs it.
    wait_for("docker to report the container healthy", lambda: health(wp["name"]) == "healthy", 45)
    probe = exec_(wp["name"], "/usr/local/bin/wp-init", "healthcheck", check=False)
    assert probe.returncode == 0, probe.stderr


def test_shared_volume_seeded_and_owned_by_www_data(wp, image):
    out = exec_(
        wp["name"],
        "stat",
        "-c",
        "%u:%g %a %n",
        "/var/www/shared/wp-content",
        "/var/www/shared/wp-content/themes/twentytwentythree/style.css",
        "/var/www/shared/wp-content/plugins/akismet/akismet.php",
        "/var/www/shared/.wpecs/salts.php",
    ).stdout.splitlines()
    owners = [line.split()[0] for line in out]
    assert owners == ["33:33"] * 4, out
    assert out[3].split()[1] == "640", f"salts.php mode: {out[3]}"
    # wp-init's seed marker: `key value` lines (image/init/src/marker.hpp)
    lines = exec_(wp["name"], "cat", "/var/www/shared/.wpecs/seed.marker").stdout.splitlines()
    marker = dict(line.split(" ", 1) for line in lines[1:] if not line.startswith("item "))
    assert marker["seed_version"] == sh("cat /usr/share/wordpress-ecs/seed-version").stdout.strip()
    assert marker["seed_version"].startswith(f"wordpress-{image['release']['WORDPRESS_VERSION']}+wpecs.")


def test_db_upgrade_before_install(wp):
    # A table prefix no site uses: a database where WordPress is not installed yet.
    run = ["exec", "-u", "www-data", "-e", "WORDPRESS_TABLE_PREFIX=fresh_", wp["name"]]
    out = docker(*run, "php", "/usr/local/lib/wordpress-ecs/db-upgrade.php")
    assert out.stdout.strip() == "WordPress not installed yet"


def test_home_page_after_the_install_through_the_form(wp):
    # The fixture installed the site through the form (conftest.install).
    home = requests.get(wp["url"] + "/", timeout=30, allow_redirects=False)
    assert home.status_code == 200
    title = re.search(r"<title>(.*?)</title>", home.text, re.S).group(1)
    assert WP_TITLE in title


def test_wp_content_served_from_the_volume(wp):
    css = requests.get(wp["url"] + "/wp-content/themes/twentytwentythree/style.css", timeout=10)
    assert css.status_code == 200 and css.headers["Content-Type"].startswith("text/css")
    # PHP dropped into uploads is never run.
    exec_(
        wp["name"],
        "sh",
        "-c",
        "mkdir -p /var/www/shared/wp-content/uploads && "
        "printf '<?php echo 42;' > /var/www/shared/wp-content/uploads/x.php",
        user="www-data",
    )
    r = requests.get(wp["url"] + "/wp-content/uploads/x.php", timeout=10)
    assert r.status_code == 403 and "42" not in r.text
    # Nor is wp-config.php served.
    assert requests.get(wp["url"] + "/wp-config.php", timeout=10).status_code == 403


def test_client_address_from_x_forwarded_for(wp):
    marker = f"/?wpecs-imgtest-{time.time_ns()}"
    requests.get(wp["url"] + marker, headers={"X-Forwarded-For": "203.0.113.7"}, timeout=30)

    def logged():
        logs = docker("logs", "--tail", "200", wp["name"]).stdout
        return [line for line in logs.splitlines() if marker in line and " HTTP/1.1" in line]

    line = wait_for("the access log line", logged, 10)[0]
    assert line.startswith("203.0.113.7 "), line


def test_https_from_the_load_balancer(wp):
    headers = {"X-Forwarded-Proto": "https"}
    r = requests.get(wp["url"] + "/", headers=headers, timeout=30, allow_redirects=False)
    assert r.status_code == 200, f"{r.status_code} {r.headers.get('Location')}"
    host = wp["url"].split("://", 1)[1]
    assert f"https://{host}/" in r.text
    assert f"http://{host}/wp-content" not in r.text and f"http://{host}/wp-includes" not in r.text
    login = requests.get(wp["url"] + "/wp-login.php", headers=headers, timeout=30, allow_redirects=False)
    assert login.status_code == 200, f"redirect loop? {login.status_code} {login.headers.get('Location')}"
    admin = requests.get(wp["url"] + "/wp-admin/", headers=headers, timeout=30, allow_redirects=False)
    assert admin.status_code == 302 and admin.headers["Location"].startswith("https://")


def test_db_upgrade_after_install(wp):
    run = ["php", "/usr/local/lib/wordpress-ecs/db-upgrade.php"]
    assert exec_(wp["name"], *run, user="www-data").stdout.strip() == "database up to date"
    current = exec_(
        wp["name"], "php", "-r", "require '/var/www/wordpress/wp-includes/version.php'; echo $wp_db_version;"
    ).stdout.strip()
    # Pretend the database comes from an older WordPress.
    exec_(
        wp["name"],
        "php",
        "-r",
        "$db = new mysqli(getenv('WORDPRESS_DB_HOST'), getenv('WORDPRESS_DB_USER'), "
        "getenv('WORDPRESS_DB_PASSWORD'), getenv('WORDPRESS_DB_NAME'));"
        "$db->query(\"UPDATE wp_options SET option_value='51917' WHERE option_name='db_version'\");",
    )
    out = exec_(wp["name"], *run, user="www-data").stdout.strip()
    assert out == f"database upgraded from 51917 to {current}"
    assert exec_(wp["name"], *run, user="www-data").stdout.strip() == "database up to date"


# The image's command-line scripts share cli.php's guard: WordPress stops with
# exit status 0 on a database error; each script turns that into its own exit
# status and one line with the reason from WordPress's error page.
@pytest.mark.parametrize(
    ("script", "args", "status", "line"),
    [
        (
            "/usr/local/lib/wordpress-ecs/db-upgrade.php",
            (),
            1,
            "db-upgrade: WordPress stopped before the upgrade check finished",
        ),
        (
            "/usr/local/share/wpecs/install.php",
            (),
            70,
            "install: WordPress stopped before the install finished",
        ),
        (
            "/usr/local/lib/wordpress-ecs/cron.php",
            (),
            1,
            "cron: WordPress stopped before the due events were run",
        ),
        (
            "/usr/local/lib/wordpress-ecs/maint.php",
            ("users",),
            70,
            "maint: WordPress stopped before the command finished",
        ),
    ],
)
def test_cli_scripts_fail_when_the_database_does_not_answer(wp, script, args, status, line):
    settings = {
        "WORDPRESS_DB_HOST": "127.0.0.1:9",  # nothing listens there
        "WORDPRESS_SITE_URL": "http://imgtest.invalid",
        "WORDPRESS_SITE_TITLE": WP_TITLE,
        "WORDPRESS_ADMIN_USER": "admin",
        "WORDPRESS_ADMIN_EMAIL": "admin@example.invalid",
        "WORDPRESS_ADMIN_PASSWORD": "imgtest-Pass-1234",
    }
    env = [a for k, v in settings.items() for a in ("-e", f"{k}={v}")]
    user = [] if script.endswith("maint.php") else ["-u", "www-data"]  # maint.php drops root itself
    r = docker("exec", *user, *env, wp["name"], "php", script, *args, check=False)
    assert r.returncode == status, r
    assert r.stdout == "", r
    assert r.stderr.startswith(line + ": "), r
    assert r.stderr.count("\n") == 1 and "Error establishing a database connection" in r.stderr, r


def test_wp_config_reads_the_environment(wp):
    """wp-config.php on its own (WordPress replaced by an empty wp-settings.php):
    NAME_FILE, NAME, defaults, salts from the volume unless given, CONFIG_EXTRA."""
    probe = (
        "define('ABSPATH', '/tmp/wpecs-imgtest/'); @mkdir(ABSPATH); touch(ABSPATH . 'wp-settings.php');"
        "file_put_contents('/tmp/wpecs-imgtest/prefix', \"xy_\\n\");"
        "require '/var/www/wordpress/wp-config.php';"
        "echo json_encode(array('prefix' => $table_prefix, 'name' => DB_NAME, 'host' => DB_HOST,"
        " 'auth_key' => AUTH_KEY, 'nonce_salt' => NONCE_SALT, 'content' => WP_CONTENT_DIR,"
        " 'extra' => defined('WPECS_IMGTEST') ? WPECS_IMGTEST : null, 'debug' => WP_DEBUG,"
        " 'file_edit' => DISALLOW_FILE_EDIT, 'fs' => FS_METHOD));"
    )
    out = docker(
        "exec",
        "-u",
        "www-data",
        "-e",
        "WORDPRESS_TABLE_PREFIX_FILE=/tmp/wpecs-imgtest/prefix",
        "-e",
        "WORDPRESS_AUTH_KEY=from-env",
        "-e",
        "WORDPRESS_CONFIG_EXTRA=define('WPECS_IMGTEST', 'extra-ok');",
        "-e",
        "WORDPRESS_DEBUG=1",
        wp["name"],
        "php",
        "-r",
        probe,
    ).stdout
    cfg = json.loads(out)
    salts = exec_(
        wp["name"],
        "php",
        "-r",
        "$s = include '/var/www/shared/.wpecs/salts.php'; echo $s['NONCE_SALT'];",
        user="www-data",
    ).stdout
    assert cfg["prefix"] == "xy_"  # NAME_FILE, trailing newline dropped
    assert cfg["name"] == "wordpress" and cfg["host"] == "db"
    assert cfg["auth_key"] == "from-env"  # environment wins over the volume
    assert cfg["nonce_salt"] == salts and len(salts) >= 32  # generated once on the volume
    assert cfg["content"] == "/var/www/shared/wp-content"
    assert cfg["extra"] == "extra-ok" and cfg["debug"] is True
    assert cfg["file_edit"] is True and cfg["fs"] == "direct"


def test_healthz_follows_the_database(names, network, image):
    """Own database and container: stopping a database must not disturb the others."""
    db2 = start_db(names, network, "db2", "db2")
    wp2 = start_wp(names, network, "wp2", wp_env("db2"))
    url = wp2["url"] + "/healthz"
    assert requests.get(url, timeout=10).status_code == 200
    docker("stop", "-t", "20", db2["name"])
    # (a Response is falsy for 4xx/5xx, so wrap it)
    (r,) = wait_for(
        "503 with the database stopped",
        lambda: (lambda r: (r,) if r.status_code == 503 else None)(requests.get(url, timeout=10)),
        30,
    )
    assert "ok" not in r.text and DB_PASSWORD not in r.text
    assert "Location" not in r.headers
    docker("start", db2["name"])
    wait_for(
        "200 after the database restarted", lambda: requests.get(url, timeout=10).status_code == 200, 120
    )


def test_shared_dir_can_move(names, network, db, wp):
    """WPECS_SHARED_DIR elsewhere (e.g. an EFS mount path): seeding, wp-config.php
    and Apache's /wp-content alias all follow it."""
    wp3 = start_wp(
        names,
        network,
        "wp3",
        wp_env(db["alias"], WPECS_SHARED_DIR="/mnt/efs/site"),
        mount="/mnt/efs/site",
    )
    css = requests.get(wp3["url"] + "/wp-content/themes/twentytwentythree/style.css", timeout=10)
    assert css.status_code == 200
    assert exec_(wp3["name"], "test", "-f", "/mnt/efs/site/.wpecs/seed.marker", check=False).returncode == 0
    # Same database as the main container (installed); its siteurl names that host.
    home = requests.get(
        wp3["url"] + "/", headers={"Host": wp["url"].split("://", 1)[1]}, timeout=30, allow_redirects=False
    )
    assert home.status_code == 200, home.headers.get("Location")


def test_healthz_answers_while_every_page_worker_is_busy(wp):
    content = "/var/www/shared/wp-content"
    # Each request leaves one byte in a counter file, then holds its worker 6 s.
    exec_(
        wp["name"],
        "sh",
        "-c",
        f'printf \'<?php file_put_contents(__DIR__ . "/wpecs-imgtest-busy.count", "x", FILE_APPEND);'
        f' sleep(6); echo "busy";\' > {content}/wpecs-imgtest-busy.php',
        user="www-data",
    )
    workers = sum(
        1
        for line in exec_(wp["name"], "ps", "-eo", "args=").stdout.splitlines()
        if line.strip() == "php-fpm: pool www"
    )
    threads = [
        threading.Thread(
            target=lambda: requests.get(wp["url"] + "/wp-content/wpecs-imgtest-busy.php", timeout=60)
        )
        for _ in range(workers + 2)
    ]
    for t in threads:
        t.start()
    wait_for(
        "every page worker to be busy",
        lambda: (
            int(
                exec_(
                    wp["name"],
                    "sh",
                    "-c",
                    f"wc -c < {content}/wpecs-imgtest-busy.count 2>/dev/null || echo 0",
                    check=False,
                ).stdout.strip()
                or 0
            )
            >= workers
        ),
        5,
        0.1,
    )
    started = time.monotonic()
    r = requests.get(wp["url"] + "/healthz", timeout=10)
    took = time.monotonic() - started
    for t in threads:
        t.join(60)
    assert r.status_code == 200
    assert took < 3, f"/healthz took {took:.1f}s while the page workers were busy"


def test_graceful_stop_finishes_in_flight_requests(names, network, db):
    # A container of its own: the test stops it.
    wp = start_wp(names, network, "wp-stop", wp_env(db["alias"]))
    # A slow script on the shared volume (served through the /wp-content alias)
    # that leaves a mark when PHP starts running it.
    content = "/var/www/shared/wp-content"
    exec_(
        wp["name"],
        "sh",
        "-c",
        f'printf \'<?php touch(__DIR__ . "/wpecs-imgtest-started"); sleep(3); echo "done";\' '
        f"> {content}/wpecs-imgtest-slow.php",
        user="www-data",
    )
    result = {}

    def call():
        try:
            result["r"] = requests.get(wp["url"] + "/wp-content/wpecs-imgtest-slow.php", timeout=30)
        except requests.RequestException as exc:
            result["e"] = exc

    t = threading.Thread(target=call)
    t.start()
    wait_for(
        "the slow request to reach PHP",
        lambda: (
            exec_(wp["name"], "test", "-f", f"{content}/wpecs-imgtest-started", check=False).returncode == 0
        ),
        10,
        0.1,
    )
    started = time.monotonic()
    docker("stop", "-t", "30", wp["name"], timeout=60)
    elapsed = time.monotonic() - started
    t.join(30)
    state = json.loads(docker("inspect", wp["name"]).stdout)[0]["State"]
    assert state["ExitCode"] == 0, f"exit code {state['ExitCode']}"
    assert elapsed < 30, f"docker stop took {elapsed:.1f}s (killed at the timeout?)"
    assert "r" in result, f"in-flight request failed: {result.get('e')}"
    assert result["r"].status_code == 200 and result["r"].text == "done"
