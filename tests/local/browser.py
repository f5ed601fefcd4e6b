"""Headless Chromium (Debian's chromium + chromedriver) through Selenium."""

from __future__ import annotations

import shutil
import tempfile
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait
from stack import ARTIFACTS


class Browser:
    def __init__(self) -> None:
        self.profile = tempfile.mkdtemp(prefix="wpecs-chromium-")
        opts = webdriver.ChromeOptions()
        opts.binary_location = "/usr/bin/chromium"
        for arg in (
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-default-apps",
            "--window-size=1280,1600",
            f"--user-data-dir={self.profile}",
        ):
            opts.add_argument(arg)
        self.driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
        self.driver.set_page_load_timeout(60)
        self.driver.set_script_timeout(60)

    def close(self) -> None:
        try:
            self.driver.quit()
        finally:
            shutil.rmtree(self.profile, ignore_errors=True)

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- helpers -----------------------------------------------------------
    def open(self, url: str) -> None:
        self.driver.get(url)

    def find(self, css: str, timeout: float = 30):
        return WebDriverWait(self.driver, timeout).until(
            ec.presence_of_element_located((By.CSS_SELECTOR, css))
        )

    def visible(self, css: str, timeout: float = 30):
        return WebDriverWait(self.driver, timeout).until(
            ec.visibility_of_element_located((By.CSS_SELECTOR, css))
        )

    def fill(self, css: str, value: str) -> None:
        el = self.visible(css)
        el.clear()
        el.send_keys(value)

    def wait_url(self, fragment: str, timeout: float = 60) -> None:
        WebDriverWait(self.driver, timeout).until(lambda d: fragment in d.current_url)

    def text(self) -> str:
        return self.driver.find_element(By.TAG_NAME, "body").text

    def screenshot(self, name: str) -> str:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / name
        self.driver.save_screenshot(str(path))
        return str(path)

    def js(self, script: str, *args):
        return self.driver.execute_async_script(script, *args)

    # -- WordPress flows -----------------------------------------------------
    def type_new_password(self, password: str) -> str:
        """Type a new password into WordPress's #pass1 (install, reset) and return
        the one WordPress generated. Its user-profile.js writes a generated
        password into the field once the strength meter (zxcvbn, 400 kB, loaded
        after the page) is there, over anything typed before: type only after
        that, check the field holds what was typed, and wait for the meter's
        rating, which keeps the submit button disabled until it is given."""
        pw = self.visible("#pass1")
        WebDriverWait(self.driver, 60).until(
            lambda d: d.execute_script(
                "return typeof zxcvbn === 'function' && document.getElementById('pass1').value !== ''"
            )
        )
        time.sleep(0.5)  # the script writes it in two 50 ms polls
        generated = pw.get_attribute("value")
        pw.clear()
        pw.send_keys(password)
        time.sleep(0.5)
        assert pw.get_attribute("value") == password, "the new-password field does not hold what was typed"
        WebDriverWait(self.driver, 30).until(
            lambda d: (
                {"strong", "good"} & set((pw.get_attribute("class") or "").split())
                or any(c.is_displayed() for c in d.find_elements(By.CSS_SELECTOR, "input.pw-checkbox"))
            )
        )
        weak = self.driver.find_elements(By.CSS_SELECTOR, "input.pw-checkbox")
        if weak and weak[0].is_displayed() and not weak[0].is_selected():
            # A script click: the meter's animated text can lie over the box.
            self.driver.execute_script("arguments[0].click()", weak[0])
        return generated

    def install(self, base: str, title: str, user: str, password: str, email: str) -> None:
        """Fill in WordPress's install form like a person would."""
        self.open(base + "/")
        self.wait_url("/wp-admin/install.php")
        # Language chooser appears only when translations are available.
        if self.driver.find_elements(By.CSS_SELECTOR, "#language-continue"):
            self.driver.find_element(By.CSS_SELECTOR, "#language-continue").click()
        self.fill("#weblog_title", title)
        self.fill("#user_login", user)
        self.type_new_password(password)
        self.fill("#admin_email", email)
        WebDriverWait(self.driver, 30).until(ec.element_to_be_clickable((By.CSS_SELECTOR, "#submit"))).click()
        try:
            WebDriverWait(self.driver, 120).until(
                lambda d: "Success!" in d.page_source or d.find_elements(By.CSS_SELECTOR, ".wp-die-message")
            )
        except Exception as e:
            self.screenshot("install-failure.png")
            raise AssertionError("the install form did not finish: " + self.text()[:500]) from e
        assert "Success!" in self.driver.page_source, self.text()[:500]

    def login(self, base: str, user: str, password: str) -> None:
        self.open(base + "/wp-login.php")
        # wp-login.php focuses and selects #user_login 200 ms after the form is
        # parsed: typing before that sends the rest of the keys there.
        WebDriverWait(self.driver, 30).until(
            lambda d: (
                d.execute_script("return document.activeElement && document.activeElement.id") == "user_login"
            )
        )
        self.fill("#user_login", user)
        self.fill("#user_pass", password)
        typed = self.driver.execute_script(
            "return [document.getElementById('user_login').value, document.getElementById('user_pass').value]"
        )
        assert typed == [user, password], (
            f"the login form holds {typed[0]!r} and a {len(typed[1])}-character password"
        )
        self.driver.find_element(By.CSS_SELECTOR, "#wp-submit").click()
        self.wait_url("/wp-admin/")
        self.find("#wpadminbar")

    def upload(self, base: str, path: str) -> dict:
        """Upload through wp-admin's browser uploader; return the attachment (REST)."""
        self.open(base + "/wp-admin/media-new.php?browser-uploader")
        self.find("input[type=file][name=async-upload]").send_keys(path)
        self.driver.find_element(By.CSS_SELECTOR, "#html-upload").click()
        self.wait_url("/wp-admin/upload.php", timeout=60)
        name = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        media = self.rest("GET", f"/wp/v2/media?search={name}&context=edit")
        assert media and isinstance(media, list), media
        return media[0]

    def rest(self, method: str, route: str, body: dict | None = None):
        """Call the REST API from the page, with the browser's cookies and nonce."""
        result = self.js(
            """
            const [method, route, body, done] = arguments;
            (async () => {
              const nonce = (await (await fetch('/wp-admin/admin-ajax.php?action=rest-nonce',
                                                {credentials: 'same-origin'})).text()).trim();
              const r = await fetch('/?rest_route=' + encodeURI(route).replace('?', '&'), {
                method, credentials: 'same-origin',
                headers: {'X-WP-Nonce': nonce, 'Content-Type': 'application/json'},
                body: body ? JSON.stringify(body) : undefined});
              done({status: r.status, json: await r.json()});
            })().catch(e => done({status: 0, json: String(e)}));
        """,
            method,
            route,
            body,
        )
        assert 200 <= result["status"] < 300, result
        return result["json"]

    def image_loaded(self, css: str = "img") -> bool:
        return self.driver.execute_script(
            "return [...document.querySelectorAll(arguments[0])].some(i => i.complete && i.naturalWidth > 0);",
            css,
        )
