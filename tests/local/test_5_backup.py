"""make backup / make restore: a backup brings back posts, users and uploads,
also into an empty stack; a bad archive fails with one line and changes nothing."""

import hashlib
import json
import secrets
import subprocess
import tarfile

import requests
from stack import (
    BASE_IMAGE,
    ROOT,
    create_post,
    docker_inspect,
    login,
    png_bytes,
    rest,
    run,
    upload_png,
    wait_until,
)


def content_snapshot(stack) -> tuple[str, str]:
    """Checksums of every table but wp_options (cron and transients move on
    their own) and a listing of the shared volume."""
    tables = [t for t in stack.sql("SHOW TABLES").split() if t != "wp_options"]
    sums = stack.sql("CHECKSUM TABLE " + ", ".join(tables))
    files = stack.shared(
        "cd /shared && find . -path ./.wpecs/lock -prune -o -printf '%p %s %m %U\\n' | sort"
    ).stdout
    return sums, files


def leftovers(stack) -> str:
    dbs = stack.sql("SHOW DATABASES")
    staged = stack.shared("ls -a /shared").stdout
    return " ".join(
        x for x in ("wpecs_restore", "wpecs_old", ".wpecs-restore", ".wpecs-old") if x in dbs + staged
    )


def test_backup_and_restore(stack, site, tmp_path):
    s = login(stack, site["user"], site["password"])
    png = png_bytes(40, 30, (10, 200, 90))
    upload_url = upload_png(stack, s, "backup-me.png", png)
    title = "Keep me " + secrets.token_hex(4)
    post = create_post(stack, s, title, f'<p>{title}</p><img src="{upload_url}">')
    user = "reader-" + secrets.token_hex(3)
    r = rest(
        stack,
        s,
        "POST",
        "/wp/v2/users",
        json={"username": user, "email": f"{user}@example.test", "password": secrets.token_urlsafe(16)},
    )
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
    bad = {
        "corrupt": bytes(corrupt),
        "truncated": data[: db_member.offset_data + db_member.size // 2],
        "empty": b"",
        "not-a-tar": b"hello\n" * 100,
    }
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
    wait_until(
        "the restored post for anonymous visitors",
        lambda: title in requests.get(post["link"], timeout=30).text,
        stack.cache_ttl + 5,
    )
    r = requests.get(upload_url, timeout=30)
    assert r.status_code == 200 and r.content == png


def live_snapshot(stack) -> tuple[str, str]:
    """The live site only: every table of the wordpress database but wp_options,
    and wp-content/ and .wpecs/ (not the lock), whatever else lies beside them."""
    tables = [t for t in stack.sql("SHOW TABLES").split() if t != "wp_options"]
    sums = stack.sql("CHECKSUM TABLE " + ", ".join(tables))
    files = stack.shared(
        "cd /shared && find ./wp-content ./.wpecs -path ./.wpecs/lock -prune -o "
        "-printf '%p %s %m %U\\n' | sort"
    ).stdout
    return sums, files


def test_backup_does_not_fail_when_a_file_changes(stack, site, tmp_path):
    # A writer appends to a big upload for as long as the backup runs.
    writer = run(
        "docker",
        "run",
        "-d",
        "--rm",
        *stack.shared_args(),
        BASE_IMAGE,
        "sh",
        "-c",
        "mkdir -p /shared/wp-content/uploads/busy && cd /shared/wp-content/uploads/busy && "
        "head -c 16000000 /dev/urandom > growing.bin && while :; do echo x >> growing.bin; done",
    ).stdout.strip()
    try:
        wait_until(
            "the writer's file",
            lambda: "growing.bin" in stack.shared("ls /shared/wp-content/uploads/busy", check=False).stdout,
            30,
        )
        p = stack.script("backup.sh", check=False, BACKUP_DIR=str(tmp_path))
        assert p.returncode == 0, p.stderr[-800:]
    finally:
        run("docker", "rm", "-f", writer, check=False)
        stack.shared("rm -rf /shared/wp-content/uploads/busy")
    archive = tmp_path / p.stdout.strip().splitlines()[-1].rsplit("/", 1)[-1]
    with tarfile.open(archive) as t, tarfile.open(fileobj=t.extractfile("shared.tar.gz")) as shared:
        assert "./wp-content/uploads/busy/growing.bin" in shared.getnames()


BEFORE_COMMIT = ["lock", "maintenance", "stage-db", "stage-files"]
AFTER_COMMIT = ["commit", "swap-db", "swap-files", "swap-meta", "cleanup-db"]


def test_restore_interrupted_at_each_step_is_all_or_nothing(stack, site, tmp_path):
    # The cron runner writes to the database every minute (due events): the
    # snapshots below compare the whole database, so nothing else may write.
    # restore.sh stops it too while it runs, and starts it when it is done.
    stack.compose("stop", "cron")
    s = login(stack, site["user"], site["password"])
    tag = secrets.token_hex(4)
    create_post(stack, s, f"In the backup {tag}")
    p = stack.script("backup.sh", BACKUP_DIR=str(tmp_path))
    archive = tmp_path / p.stdout.strip().splitlines()[-1].rsplit("/", 1)[-1]
    new = live_snapshot(stack)
    # The live site moves on: this is the "old" site the restore replaces.
    create_post(stack, s, f"After the backup {tag}")
    stack.shared(f"echo {tag} > /shared/wp-content/uploads/after-backup.txt")
    old = live_snapshot(stack)
    assert old != new

    def killed_at(step):
        p = stack.script("restore.sh", str(archive), check=False, WPECS_TEST_RESTORE_KILL_AFTER=step)
        assert p.returncode == -9 and f"killing the restore after step {step}" in p.stderr, (
            step,
            p.returncode,
            p.stderr[-600:],
        )

    # Before the commit point: the live site is wholly the old one; each
    # run starts over from whatever the killed one left.
    for step in BEFORE_COMMIT:
        killed_at(step)
        assert live_snapshot(stack) == old, f"killed after {step}: the live site changed"
        assert "wpecs_old" not in stack.sql("SHOW DATABASES")
    # After it: the site stays in maintenance (no mix is ever served), the old
    # data is kept somewhere, and each run finishes what the killed one left.
    for step in AFTER_COMMIT:
        killed_at(step)
        r = stack.get(f"/?during-restore={step}")
        assert r.status_code == 503 and "maintenance" in r.text, (step, r.status_code)
        if step != "cleanup-db":
            old_posts = stack.sql(
                f"SELECT COUNT(*) FROM wp_posts WHERE post_title = 'After the backup {tag}'"
            ) + stack.sql("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'wpecs_old'")
            assert old_posts != "00", (
                f"killed after {step}: the old database is gone before the restore finished"
            )
            assert stack.shared(
                "ls /shared/wp-content/uploads/after-backup.txt "
                "/shared/.wpecs-restore/wp-content/uploads/after-backup.txt 2>/dev/null; true"
            ).stdout.strip(), f"killed after {step}: the old files are gone before the restore finished"
    p = stack.script("restore.sh", str(archive))
    assert "finishing an interrupted restore" in p.stderr
    assert live_snapshot(stack) == new, "after the re-run the site is not the backup's"
    assert not leftovers(stack)
    assert stack.get(f"/?after-restore={tag}").status_code == 200
    assert "wpecs-restore.commit" not in stack.shared("ls -a /shared").stdout


def cron_runner_running(stack) -> bool:
    names = stack.containers("cron", all=True)
    assert len(names) == 1, names
    return docker_inspect(names[0])["State"]["Running"]


def test_restore_keeps_the_cron_runner_stopped_and_starts_it_after(stack, site, tmp_path):
    """The cron runner writes to the database (due events, their options), so
    a restore stops it from its maintenance on and starts it when it is done."""
    stack.compose("start", "cron")
    wait_until("the cron runner to run", lambda: cron_runner_running(stack), 30)
    p = stack.script("backup.sh", BACKUP_DIR=str(tmp_path))
    archive = tmp_path / p.stdout.strip().splitlines()[-1].rsplit("/", 1)[-1]
    # Killed right after the site went into maintenance (SIGKILL: no trap
    # runs), the restore leaves the runner as it was at that point.
    p = stack.script("restore.sh", str(archive), check=False, WPECS_TEST_RESTORE_KILL_AFTER="maintenance")
    assert p.returncode == -9, (p.returncode, p.stderr[-600:])
    assert not cron_runner_running(stack), "the cron runner kept running during the restore"
    # The run that finishes the restore starts it again, and the site is back.
    stack.script("restore.sh", str(archive))
    assert cron_runner_running(stack), "the cron runner is still stopped after the restore"
    assert stack.get("/?after-restore=cron").status_code == 200
    assert not leftovers(stack)


def test_backup_waits_for_the_seeding_lock(stack, site, tmp_path):
    # Someone else (a replica seeding, in real life) holds wp-init's lock.
    holder = subprocess.Popen(
        [
            "docker",
            "run",
            "--rm",
            "-i",
            *stack.shared_args(),
            "-v",
            f"{ROOT}/local/volume-swap.sh:/usr/local/bin/volume-swap:ro",
            BASE_IMAGE,
            "sh",
            "/usr/local/bin/volume-swap",
            "lock",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        p = stack.script("backup.sh", check=False, BACKUP_DIR=str(tmp_path), WPECS_LOCK_TIMEOUT=2)
        assert p.returncode != 0 and "could not take the seeding lock" in p.stderr, p.stderr[-500:]
        assert not list(tmp_path.iterdir()), "a backup that could not lock left files"
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    # Released when its holder's stdin closed: the backup now goes through.
    assert stack.script("backup.sh", BACKUP_DIR=str(tmp_path)).returncode == 0
