"""The arm64 image (make build ARCH=arm64, tagged <version>-arm64), run under
qemu on an amd64 machine against the amd64 MariaDB of the other image tests:
it is an arm64 image throughout, its readiness answers, and wp-init's first
install (contract C3, WORDPRESS_ADMIN_PASSWORD) gives a site one can log in
to. `make test-arm64` runs it with VERSION=<version>-arm64 and aarch64
registered with binfmt_misc (tools/binfmt.sh); emulation makes every step
several times slower, hence the long waits."""

import re
import secrets
import socket
import time

import requests
from conftest import HARDENED, IMAGE_REF, VERSION, docker, exec_, start_wp, wp_env

ADMIN_PASSWORD = "arm64-" + secrets.token_hex(8)
TITLE = "Graviton test site"
ELF_AARCH64 = 0xB7


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def elf_machine(image_ref, path):
    """e_machine of an executable in the image, read with the image's own od."""
    out = docker("run", "--rm", "--entrypoint", "od", image_ref, "-An", "-tu2", "-j18", "-N2", path).stdout
    return int(out.split()[0])


def test_image_is_arm64_throughout(image):
    assert VERSION.endswith("-arm64"), f"run with VERSION=<version>-arm64, not {VERSION}"
    assert image["inspect"]["Architecture"] == "arm64"
    assert docker("run", "--rm", "--entrypoint", "uname", IMAGE_REF, "-m").stdout.strip() == "aarch64"
    for path in ("/usr/local/bin/wp-init", "/usr/sbin/apache2", "/bin/dash"):
        assert elf_machine(IMAGE_REF, path) == ELF_AARCH64, path
    # The same wp-init version as the amd64 image of this VERSION.
    version = docker("run", "--rm", IMAGE_REF, "version").stdout
    assert VERSION.removesuffix("-arm64") in version.split()


def test_healthz_and_first_install_against_the_database(names, network, db, image):
    db_arch = exec_(db["name"], "uname", "-m").stdout.strip()
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = wp_env(
        db["alias"],
        WORDPRESS_SITE_URL=url,
        WORDPRESS_SITE_TITLE=TITLE,
        WORDPRESS_ADMIN_USER="admin",
        WORDPRESS_ADMIN_EMAIL="admin@example.invalid",
        WORDPRESS_ADMIN_PASSWORD=ADMIN_PASSWORD,
    )
    started = time.monotonic()
    # Ready: /healthz answers 200 without a redirect (start_wp waits for that).
    wp = start_wp(
        names,
        network,
        "wp-arm64",
        env,
        docker_args=HARDENED,
        port=port,
        timeout=900,
    )
    name = wp["name"]
    print(f"\narm64 container ready after {time.monotonic() - started:.0f}s (database: {db_arch})")
    assert exec_(name, "uname", "-m").stdout.strip() == "aarch64"

    # wp-init installed the site before the servers started: no install page.
    home = requests.get(url + "/", timeout=120, allow_redirects=False)
    assert home.status_code == 200, (home.status_code, home.headers.get("Location"))
    assert TITLE in re.search(r"<title>(.*?)</title>", home.text, re.S).group(1)
    s = requests.Session()
    s.cookies.set("wordpress_test_cookie", "WP Cookie check")
    r = s.post(
        url + "/wp-login.php",
        timeout=120,
        allow_redirects=False,
        data={
            "log": "admin",
            "pwd": ADMIN_PASSWORD,
            "wp-submit": "Log In",
            "testcookie": "1",
            "redirect_to": url + "/wp-admin/",
        },
    )
    assert r.status_code == 302 and r.headers["Location"] == url + "/wp-admin/", (r.status_code, r.text[:500])
    assert any(c.name.startswith("wordpress_logged_in_") for c in s.cookies)
    admin = s.get(url + "/wp-admin/", timeout=120, allow_redirects=False)
    assert admin.status_code == 200 and "Dashboard" in admin.text
    # A wrong password is refused: the login above proves the password wp-init was given.
    bad = requests.post(
        url + "/wp-login.php",
        timeout=120,
        allow_redirects=False,
        cookies={"wordpress_test_cookie": "WP Cookie check"},
        data={"log": "admin", "pwd": ADMIN_PASSWORD + "x", "testcookie": "1"},
    )
    assert bad.status_code == 200 and not any(c.name.startswith("wordpress_logged_in_") for c in bad.cookies)
    # The password never reaches the servers' environment or the logs.
    logs = docker("logs", name, check=False)
    assert ADMIN_PASSWORD not in logs.stdout + logs.stderr
