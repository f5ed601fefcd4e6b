"""A person's first hour with the site, in a real headless Chromium: install
(the `site` fixture fills in the form), log in, upload an image through
wp-admin, publish a post showing it, and read it as an anonymous visitor."""

import secrets

import requests
from browser import Browser
from stack import ARTIFACTS, png_bytes, wait_until


def test_install_login_upload_publish_and_view_anonymously(stack, site, tmp_path):
    image = tmp_path / f"wpecs-upload-{secrets.token_hex(4)}.png"
    image.write_bytes(png_bytes(320, 200, (200, 60, 40)))
    title = "Hello from the browser " + secrets.token_hex(4)

    with Browser() as b:
        b.login(stack.base, site["user"], site["password"])
        media = b.upload(stack.base, str(image))
        assert media["mime_type"] == "image/png", media
        src = media["source_url"]
        assert "/wp-content/uploads/" in src, src
        post = b.rest(
            "POST",
            "/wp/v2/posts",
            {
                "title": title,
                "status": "publish",
                "content": f"<!-- wp:paragraph --><p>Uploaded through wp-admin.</p><!-- /wp:paragraph -->"
                f'<!-- wp:image {{"id":{media["id"]}}} --><figure class="wp-block-image">'
                f'<img src="{src}" alt="upload" class="wp-image-{media["id"]}"/></figure><!-- /wp:image -->',
            },
        )
        assert post["status"] == "publish", post
        link = post["link"]

    # A new browser profile: no cookies, an anonymous visitor.
    with Browser() as b:
        b.open(link)
        b.find("h1, .wp-block-post-title, .entry-title")
        assert title in b.text()
        wait_until(
            "the uploaded image to load in the anonymous page",
            lambda: b.image_loaded("img[src*='/wp-content/uploads/']"),
            30,
        )
        assert not b.driver.find_elements("css selector", "#wpadminbar"), "anonymous page shows the admin bar"
        shot = b.screenshot("published-post.png")
    assert (ARTIFACTS / "published-post.png").stat().st_size > 1000, shot
    print(f"screenshot of the published post: {shot}")

    # The uploaded file is served from the shared volume by every replica.
    r = requests.get(src, timeout=30)
    assert r.status_code == 200 and r.content == image.read_bytes()
