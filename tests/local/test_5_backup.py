"""make backup / make restore: a backup brings back posts, users and uploads,
also into an empty stack; a bad archive fails with one line and changes nothing."""

import hashlib
import json
import secrets
import tarfile

import requests

from stack import create_post, login, png_bytes, rest, wait_until


def content_snapshot(stack) -> tuple[str, str]:
    """Checksums of every table but wp_options (cron and transients move on
    their own) and a listing of the shared volume."""
    tables = [t for t in stack.sql("SHOW TABLES").split() if t != "wp_options"]
    sums = stack.sql("CHECKSUM TABLE " + ", ".join(tables))
    files = stack.shared("cd /shared && find . -path ./.wpecs/lock -prune -o -printf '%p %s %m %U\\n' | sort").stdout
    return sums, files


def leftovers(stack) -> str:
    dbs = stack.sql("SHOW DATABASES")
    staged = stack.shared("ls -a /shared").stdout
    return " ".join(x for x in ("wpecs_restore", "wpecs_old", ".wpecs-restore", ".wpecs-old") if x in dbs + staged)


def test_backup_and_restore(stack, site, tmp_path):
    s = login(stack, site["user"], site["password"])
    png = png_bytes(40, 30, (10, 200, 90))
    r = rest(stack, s, "POST", "/wp/v2/media", data=png,
             headers={"Content-Type": "image/png", "Content-Disposition": 'attachment; filename="backup-me.png"'})
    assert r.status_code == 201, r.text[:300]
    upload_url = r.json()["source_url"]
    title = "Keep me " + secrets.token_hex(4)
    post = create_post(stack, s, title, f'<p>{title}</p><img src="{upload_url}">')
    user = "reader-" + secrets.token_hex(3)
    r = rest(stack, s, "POST", "/wp/v2/users", json={"username": user, "email": f"{user}@example.test",
                                                      "password": secrets.token_urlsafe(16)})
    assert r.status_code == 201, r.text[:300]
    user_id = r.json()["id"]

    # ---- backup --------------------------------------------------------------
    p = stack.script("backup.sh", BACKUP_DIR=str(tmp_path))
    archive = tmp_path / p.stdout.strip().splitlines()[-1].rsplit("/", 1)[-1]
    assert archive.is_file() and archive.suffix == ".tar"
    assert archive.stat().st_mode & 0o077 == 0, "a backup holds password hashes: it must be private"
    assert [f.name for f in tmp_path.iterdir()] == [archive.name], "temporary files left behind"
    with tarfile.open(archive) as t:
        assert sorted(t.getnames()) == ["db.sql.gz", "manifest.json", "shared.tar.gz"]
        manifest = json.load(t.extractfile("manifest.json"))
        for part, meta in manifest["parts"].items():
            assert hashlib.sha256(t.extractfile(part).read()).hexdigest() == meta["sha256"], part
    print("manifest:", json.dumps(manifest))
    assert manifest["format_version"] == 1 and manifest["table_prefix"] == "wp_"
    assert manifest["wordpress_version"] and manifest["db_version"].isdigit() and manifest["created_at"]

    # ---- bad archives: one clear line, nothing changed ------------------------
    data = archive.read_bytes()
    with tarfile.open(archive) as t:
        db_member = t.getmember("db.sql.gz")
    corrupt = bytearray(data)
    corrupt[db_member.offset_data + db_member.size // 2] ^= 0xFF
    bad = {"corrupt": bytes(corrupt), "truncated": data[: db_member.offset_data + db_member.size // 2],
           "empty": b"", "not-a-tar": b"hello\n" * 100}
    foreign = tmp_path / "bad-foreign.tar"
    with tarfile.open(foreign, "w") as t:
        t.add(__file__, arcname="manifest.json")
    before = content_snapshot(stack)
    for name, blob in bad.items():
        (tmp_path / f"bad-{name}.tar").write_bytes(blob)
    for f in sorted(tmp_path.glob("bad-*.tar")):
        p = stack.script("restore.sh", str(f), check=False)
        lines = p.stderr.strip().splitlines()
        print(f"{f.name}: exit {p.returncode}: {lines}")
        assert p.returncode != 0 and len(lines) == 1 and lines[0].startswith("error: "), (f.name, p.stderr)
    assert content_snapshot(stack) == before, "a refused restore changed the stack"
    assert not leftovers(stack)

    # ---- damage, then restore --------------------------------------------------
    assert rest(stack, s, "DELETE", f"/wp/v2/posts/{post['id']}?force=true").status_code == 200
    assert rest(stack, s, "DELETE", f"/wp/v2/users/{user_id}?force=true&reassign=1").status_code == 200
    rel = upload_url.split("/wp-content/", 1)[1]
    stack.shared(f"rm /shared/wp-content/{rel}")
    assert requests.get(upload_url, timeout=30).status_code == 404
    stack.script("restore.sh", str(archive))
    assert not leftovers(stack)
    check_restored(stack, post, title, user, upload_url, png)

    # ---- into an empty stack ------------------------------------------------
    stack.destroy()
    stack.up()
    assert stack.get("/").headers["Location"].endswith("/wp-admin/install.php")
    stack.script("restore.sh", str(archive))
    check_restored(stack, post, title, user, upload_url, png)
    login(stack, site["user"], site["password"])


def check_restored(stack, post, title, user, upload_url, png):
    assert stack.sql(f"SELECT post_title FROM wp_posts WHERE ID = {post['id']}") == title
    assert stack.sql(f"SELECT COUNT(*) FROM wp_users WHERE user_login = '{user}'") == "1"
    wait_until("the restored post for anonymous visitors",
               lambda: title in requests.get(post["link"], timeout=30).text, stack.cache_ttl + 5)
    r = requests.get(upload_url, timeout=30)
    assert r.status_code == 200 and r.content == png
