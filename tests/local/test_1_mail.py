"""Mail in the real stack: WordPress's password reset,
asked for in headless Chromium, arrives at the mail capture as exactly one
message whose link works (open it, set a new password, log in with it); and
when the replicas' SMTP password is wrong, the visitor gets WordPress's own
message (no error page) while the replica logs one clear line."""

import email
import email.policy
import re
import secrets
import time
from pathlib import Path

import requests
from browser import Browser
from selenium.webdriver.common.by import By
from stack import login, rest, run, wait_until

FAILED = "wordpress-ecs: mail not sent through mail:2525"


def captured(stack):
    """(file name, parsed message) of every message the capture kept, oldest first."""
    cap = stack.one("mail")
    names = run("docker", "exec", cap, "sh", "-c", "ls /var/spool/mail-capture").stdout.split()
    out = []
    for n in sorted(n for n in names if n.endswith(".eml") and not n.startswith(".")):
        raw = run("docker", "exec", cap, "mail-list", "--raw", n).stdout
        out.append((n, email.message_from_string(raw, policy=email.policy.default)))
    return out


def make_user(stack, site):
    """A subscriber of its own (the admin's password stays what other tests use)."""
    s = login(stack, site["user"], site["password"])
    user = {"username": "reader" + secrets.token_hex(3), "password": "Old-" + secrets.token_urlsafe(16)}
    user["email"] = f"{user['username']}@example.test"
    r = rest(stack, s, "POST", "/wp/v2/users", json={**user, "roles": ["subscriber"]})
    assert r.status_code == 201, (r.status_code, r.text[:300])
    return user


def request_reset(b, base, login_name):
    b.open(base + "/wp-login.php?action=lostpassword")
    b.fill("#user_login", login_name)
    b.driver.find_element(By.CSS_SELECTOR, "#wp-submit").click()


def password_works(stack, login_name, password):
    """True when WordPress logs in with it (302 with a logged-in cookie),
    False when it answers its login error."""
    r = requests.post(
        stack.url("/wp-login.php"),
        data={"log": login_name, "pwd": password},
        cookies={"wordpress_test_cookie": "WP Cookie check"},
        allow_redirects=False,
        timeout=30,
    )
    if r.status_code == 302 and any(c.name.startswith("wordpress_logged_in_") for c in r.cookies):
        return True
    assert r.status_code == 200 and "login_error" in r.text, (r.status_code, r.text[:300])
    return False


def replica_log_lines(stack, since, needle):
    lines = []
    for c in stack.containers("wordpress"):
        p = run("docker", "logs", "--since", since, c, check=False)
        lines += [f"{c}: {ln}" for ln in (p.stdout + p.stderr).splitlines() if needle in ln]
    return lines


def test_password_reset_mail_arrives_once_and_its_link_works(stack, site):
    wait_until(
        "the mail capture to be healthy",
        lambda: (
            run("docker", "inspect", "-f", "{{.State.Health.Status}}", stack.one("mail")).stdout.strip()
            == "healthy"
        ),
        60,
    )
    user = make_user(stack, site)
    before = {n for n, _ in captured(stack)}
    new_password = "New-" + secrets.token_urlsafe(18)

    with Browser() as b:
        request_reset(b, stack.base, user["username"])
        b.wait_url("checkemail=confirm")
        assert "Check your email for the confirmation link" in b.text(), b.text()[:500]

        mine = wait_until(
            "the reset message in the capture",
            lambda: [
                m
                for n, m in captured(stack)
                if n not in before and user["email"] in str(m["X-Capture-Envelope-To"])
            ],
            30,
        )
        time.sleep(2)  # a second message would have arrived by now
        new = [m for n, m in captured(stack) if n not in before]
        assert len(new) == 1 and len(mine) == 1, [str(m["Subject"]) for m in new]
        msg = mine[0]
        assert "Password Reset" in str(msg["Subject"]), msg["Subject"]
        assert "wordpress@example.test" in str(msg["From"]), msg["From"]
        body = msg.get_body(preferencelist=("plain",)).get_content()
        links = re.findall(r"https?://\S*action=rp\S*", body)
        assert len(links) == 1 and links[0].startswith(stack.base + "/"), body
        print(f"reset link: {links[0].split('key=')[0]}key=…")

        b.open(links[0])
        generated = b.type_new_password(new_password)
        b.driver.find_element(By.CSS_SELECTOR, "#wp-submit").click()
        wait_until("the reset to be confirmed", lambda: "Your password has been reset" in b.text(), 30)

    # The server's view first: exactly the new password logs in.
    works = {
        name: password_works(stack, user["username"], p)
        for name, p in (("new", new_password), ("old", user["password"]), ("generated", generated))
    }
    assert works == {"new": True, "old": False, "generated": False}, works
    with Browser() as b:
        b.login(stack.base, user["username"], new_password)
        assert user["username"] in b.driver.page_source


def test_a_wrong_smtp_password_is_one_log_line_and_wordpress_own_message(stack, site):
    """The capture's password changes under the running replicas (a rotated
    secret they have not picked up yet)."""
    user = make_user(stack, site)
    env_file = Path(stack.state_dir) / "mail.env"
    original = env_file.read_text()
    env_file.write_text("MAIL_CAPTURE_PASSWORD=" + secrets.token_hex(20) + "\n")
    try:
        stack.compose("up", "-d", "--no-deps", "mail")
        wait_until(
            "the new mail capture to be healthy",
            lambda: (
                run("docker", "inspect", "-f", "{{.State.Health.Status}}", stack.one("mail")).stdout.strip()
                == "healthy"
            ),
            60,
        )
        before = len(captured(stack))
        since = str(int(time.time()) - 1)
        smtp_password = (Path(stack.state_dir) / "wordpress-smtp.env").read_text().split("=", 1)[1].strip()

        with Browser() as b:
            request_reset(b, stack.base, user["username"])
            err = b.visible("#login_error")
            assert "could not be sent" in err.text, err.text
            # WordPress's lost-password form, not an error page.
            assert b.driver.find_elements(By.CSS_SELECTOR, "#lostpasswordform")
            assert "critical error" not in b.text().lower()

        lines = wait_until("the log line", lambda: replica_log_lines(stack, since, FAILED), 15)
        time.sleep(1)
        lines = replica_log_lines(stack, since, FAILED)
        print("\n".join(lines))
        assert len(lines) == 1, lines
        assert "Could not authenticate" in lines[0] and "WPECS_SMTP_PASSWORD" in lines[0], lines
        for c in stack.containers("wordpress"):
            p = run("docker", "logs", "--since", since, c, check=False)
            assert smtp_password not in p.stdout + p.stderr, f"{c} logged the SMTP password"

        # The same request without a browser: WordPress answers 200 with its message.
        r = requests.post(
            stack.url("/wp-login.php?action=lostpassword"),
            data={"user_login": user["username"]},
            allow_redirects=False,
            timeout=60,
        )
        assert r.status_code == 200 and "could not be sent" in r.text, (r.status_code, r.text[:300])
        assert len(replica_log_lines(stack, since, FAILED)) == 2
        assert len(captured(stack)) == before, "nothing may be kept when AUTH fails"
    finally:
        env_file.write_text(original)
        stack.compose("up", "-d", "--no-deps", "mail")
