"""Mail: the image's must-use plugin sends wp_mail()
through the SMTP server the WPECS_SMTP_* variables name, with AUTH, and a bad
setting is one log line naming the variable. Real containers: the image, a
real MariaDB, and the local stack's SMTP capture (local/mail, aiosmtpd)."""

import secrets
import time

import pytest
from conftest import (
    IMAGE_REF,
    aux_image,
    docker,
    env_args,
    exec_,
    install,
    start_service,
    start_wp,
    wait_for,
    wordpress_php,
    wp_env,
)

SMTP_USER = "wordpress"
SMTP_PASSWORD = "imgtest-smtp-" + secrets.token_hex(8)
PLUGIN = "/usr/local/lib/wordpress-ecs/mu-plugins/wpecs-mail.php"


@pytest.fixture(scope="module")
def capture(names, network):
    """The SMTP capture, reachable as `smtp` on the test network (port 2525)."""
    env = {"MAIL_CAPTURE_USER": SMTP_USER, "MAIL_CAPTURE_PASSWORD": SMTP_PASSWORD}
    # A named volume, as in the local stack: Docker gives a new one the
    # image folder's owner (a tmpfs here would be root's).
    args = ["--read-only", "-v", f"{names.volume('smtp-spool')}:/var/spool/mail-capture"]
    args += ["--cap-drop", "ALL", "--security-opt", "no-new-privileges"]
    return start_service(names, network, "smtp", "smtp", aux_image("mail"), env, args, timeout=60)


def captured(capture):
    """The messages the capture kept: (name, raw text) oldest first."""
    out = docker(
        "exec", capture, "sh", "-c", "ls /var/spool/mail-capture | grep -v '^\\.' || true"
    ).stdout.split()
    return [(n, docker("exec", capture, "mail-list", "--raw", n).stdout) for n in sorted(out)]


@pytest.fixture(scope="module")
def site(names, network, db, image):
    """An installed site (own table prefix and volume), not hardened so the
    tests can put secret files into its /run."""
    subnet = docker("network", "inspect", "-f", "{{(index .IPAM.Config 0).Subnet}}", network).stdout.strip()
    env = wp_env(
        db["alias"], WORDPRESS_TABLE_PREFIX="mail_", WPECS_INSTALL_ALLOW=subnet, WPECS_TRUSTED_PROXIES=subnet
    )
    wp = start_wp(names, network, "mail", env)
    install(wp["url"], "Mail test")
    return wp


def php(site, code, **env):
    """PHP on the command line in the site's container, as the web user, with
    WordPress loaded and the given WPECS_* settings (the page workers read
    the same variables)."""
    return wordpress_php(site["name"], code, env=env, check=False)


# WordPress's default From is wordpress@<site host>, here an IP address that
# PHPMailer refuses before it connects: a From of its own.
SMTP = {
    "WPECS_SMTP_HOST": "smtp",
    "WPECS_SMTP_PORT": "2525",
    "WPECS_SMTP_TLS": "none",
    "WPECS_SMTP_USER": SMTP_USER,
    "WPECS_MAIL_FROM": "site@example.test",
}


def test_the_plugin_is_in_the_image_read_only(image):
    out = docker(
        "run",
        "--rm",
        "--entrypoint",
        "stat",
        image["ref"],
        "-c",
        "%U:%G %a",
        PLUGIN.rsplit("/", 1)[0],
        PLUGIN,
    ).stdout.split("\n")
    # The folder must let the web user in (it did not at first: 0644).
    assert out[:2] == ["root:root 755", "root:root 644"], out


def test_without_a_host_wordpress_keeps_phps_mail(site):
    p = php(site, "echo has_action('phpmailer_init') ? 'smtp' : 'mail';")
    assert p.returncode == 0 and p.stdout == "mail", p.stdout + p.stderr
    p = php(site, "echo has_action('phpmailer_init') ? 'smtp' : 'mail';", **SMTP)
    assert p.returncode == 0 and p.stdout == "smtp", p.stdout + p.stderr


def test_mail_goes_through_smtp_with_auth_and_the_from_settings(site, capture):
    exec_(
        site["name"],
        "sh",
        "-c",
        f"umask 077 && printf '%s\\n' '{SMTP_PASSWORD}' > /tmp/smtp-password",
        user="www-data",
    )
    before = len(captured(capture))
    subject = "imgtest " + secrets.token_hex(4)
    p = php(
        site,
        f"var_export(wp_mail('someone@example.test', '{subject}', 'Hello through SMTP'));",
        **SMTP,
        WPECS_SMTP_PASSWORD_FILE="/tmp/smtp-password",
        WPECS_MAIL_FROM_NAME="Image Test",
    )
    assert p.returncode == 0 and p.stdout == "true", p.stdout + p.stderr
    assert p.stderr == "", p.stderr
    msgs = wait_for("the message in the capture", lambda: captured(capture)[before:] or None, 10)
    assert len(msgs) == 1, msgs
    raw = msgs[0][1]
    assert f"Subject: {subject}" in raw
    assert "From: Image Test <site@example.test>" in raw
    assert "X-Capture-Envelope-To: someone@example.test" in raw
    assert "X-Capture-Envelope-From: site@example.test" in raw


def test_a_wrong_password_is_one_log_line_without_the_password(site, capture):
    before = len(captured(capture))
    wrong = "wrong-" + secrets.token_hex(8)
    p = php(
        site,
        "var_export(wp_mail('someone@example.test', 'never', 'never sent'));",
        **SMTP,
        WPECS_SMTP_PASSWORD=wrong,
    )
    assert p.returncode == 0 and p.stdout == "false", p.stdout + p.stderr
    lines = [ln for ln in p.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, lines
    assert "wordpress-ecs: mail not sent through smtp:2525" in lines[0], lines
    assert "Could not authenticate" in lines[0] and "WPECS_SMTP_PASSWORD" in lines[0], lines
    assert wrong not in p.stderr
    time.sleep(1)
    assert len(captured(capture)) == before, "a message refused at AUTH must not be kept"


@pytest.mark.parametrize(
    "env,variable",
    [
        ({"WPECS_SMTP_TLS": "ssl"}, "WPECS_SMTP_TLS must be none, starttls or tls"),
        ({"WPECS_SMTP_PORT": "smtp"}, "WPECS_SMTP_PORT must be a TCP port number"),
        ({"WPECS_SMTP_PORT": "70000"}, "WPECS_SMTP_PORT must be a TCP port number"),
        ({"WPECS_SMTP_HOST": "smtp://smtp"}, "WPECS_SMTP_HOST must be a host name"),
        (
            {"WPECS_SMTP_PASSWORD_FILE": "/run/no-such-secret"},
            "WPECS_SMTP_PASSWORD_FILE names a path that is not a regular file",
        ),
        (
            {"WPECS_SMTP_PASSWORD_FILE": "/etc/shadow"},
            "WPECS_SMTP_PASSWORD_FILE names a file the web user cannot read",
        ),
        (
            {"WPECS_SMTP_PASSWORD": "x", "WPECS_SMTP_PASSWORD_FILE": "/tmp/smtp-password"},
            "WPECS_SMTP_PASSWORD and WPECS_SMTP_PASSWORD_FILE are both set",
        ),
        (
            {"WPECS_SMTP_USER": "", "WPECS_SMTP_PASSWORD": "x"},
            "WPECS_SMTP_PASSWORD is set but WPECS_SMTP_USER is not",
        ),
        ({"WPECS_MAIL_FROM": "not an address"}, "WPECS_MAIL_FROM must be an e-mail address"),
    ],
)
def test_a_bad_setting_stops_with_one_line_naming_it(site, env, variable):
    settings = dict(SMTP, **env)
    p = php(site, "echo 'loaded';", **settings)
    assert p.returncode != 0 and "loaded" not in p.stdout, p.stdout + p.stderr
    lines = [ln for ln in p.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and f"wordpress-ecs: {variable}" in lines[0], lines


def test_a_bad_setting_stops_the_start_in_one_line(names, network, db, site):
    """The same for the web server, found before it serves anything: wp-init's
    database upgrade loads WordPress with the plugin, which refuses the setting
    in one line naming it, and the container stops (exit 70), so a deployment
    with it fails its health checks and rolls back."""
    env = wp_env(db["alias"], WORDPRESS_TABLE_PREFIX="mail_", **dict(SMTP, WPECS_SMTP_TLS="ssl"))
    name = names.container("mail-bad")
    volume = f"{site['volume']}:/var/www/shared"
    docker("run", "-d", "--name", name, "--network", network, "-v", volume, *env_args(env), IMAGE_REF)
    try:
        wait_for(
            "the container to stop",
            lambda: docker("inspect", "-f", "{{.State.Status}}", name).stdout.strip() == "exited",
            120,
        )
        assert docker("inspect", "-f", "{{.State.ExitCode}}", name).stdout.strip() == "70"
        logs = docker("logs", name, check=False)
        lines = [ln for ln in (logs.stdout + logs.stderr).splitlines() if "WPECS_SMTP_TLS" in ln]
        assert lines == ["wordpress-ecs: WPECS_SMTP_TLS must be none, starttls or tls"], lines
    finally:
        docker("rm", "-f", name, check=False)
