"""External cron in the local stack: three replicas with
WPECS_CRON=external (no page view runs due events) and the `cron` service calling
`wp-init cron` every minute.

- With no visitor traffic at all, a post scheduled two minutes ahead is published
  within the minute after its time, by the cron service.
- Overlapping runs: `wp-init cron` started six times at once in the three replicas,
  while the cron service ticks, and a slow event that keeps the winning run going past
  the next minute's tick: every event counted by a test plugin on the shared volume
  runs exactly once per due time.
"""

from __future__ import annotations

import itertools
import os
import re
import secrets
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from stack import Stack, run, wait_until

# A must-use plugin on the shared volume: the counting hook appends one line per run
# (its tag, the replica's host name, the time), the slow hook sleeps as long as told.
COUNTER = r"""<?php
add_filter('cron_schedules', function ($s) {
	$s['wpecs_minute'] = array('interval' => 60, 'display' => 'Every minute (test)');
	return $s;
});
add_action('wpecs_count', function ($tag) {
	file_put_contents(WP_CONTENT_DIR . '/uploads/wpecs-cron-count.log',
		sprintf("%s %s %d\n", $tag, gethostname(), time()), FILE_APPEND | LOCK_EX);
});
add_action('wpecs_slow', function ($seconds) {
	file_put_contents(WP_CONTENT_DIR . '/uploads/wpecs-cron-count.log',
		sprintf("slow-start %s %d\n", gethostname(), time()), FILE_APPEND | LOCK_EX);
	sleep((int) $seconds);
});
"""
COUNT_LOG = "/var/www/shared/wp-content/uploads/wpecs-cron-count.log"
SINGLE_EVENTS = 20


def php(container: str, code: str) -> str:
    """PHP with WordPress loaded, as the web user, in a replica: no HTTP request."""
    return run(
        "docker",
        "exec",
        "-u",
        "www-data",
        container,
        "php",
        "-r",
        "require '/var/www/wordpress/wp-load.php'; " + code,
    ).stdout


@pytest.fixture(scope="module")
def cron_stack():
    s = Stack("cron", replicas=3)
    try:
        s.up()
        replica = s.one("wordpress")
        run(
            "docker",
            "exec",
            "-u",
            "www-data",
            "-e",
            f"WORDPRESS_SITE_URL={s.base}",
            "-e",
            "WORDPRESS_SITE_TITLE=Cron test",
            "-e",
            "WORDPRESS_ADMIN_USER=admin",
            "-e",
            "WORDPRESS_ADMIN_EMAIL=admin@example.test",
            "-e",
            "WORDPRESS_ADMIN_PASSWORD",  # its value from run()'s env, never on a command line
            replica,
            "php",
            "/usr/local/share/wpecs/install.php",
            env={**os.environ, "WORDPRESS_ADMIN_PASSWORD": secrets.token_urlsafe(18)},
        )
        s.shared(
            "mkdir -p /shared/wp-content/mu-plugins /shared/wp-content/uploads && "
            f"cat > /shared/wp-content/mu-plugins/wpecs-test-cron.php <<'PHP'\n{COUNTER}PHP\n"
            "chown -R 33:33 /shared/wp-content/mu-plugins /shared/wp-content/uploads"
        )
        yield s
    finally:
        s.close()


def minute_just_begun():
    wait_until("a minute to have just begun", lambda: 5 <= time.time() % 60 <= 30, 60, 0.5)


def lock_free(stack: Stack) -> bool:
    """The cron lock's holder line is empty: no run (the service's tick) is going on."""
    p = run("docker", "exec", stack.one("wordpress"), "cat", "/var/www/shared/.wpecs/cron.lock", check=False)
    return p.returncode == 0 and p.stdout == ""


@pytest.fixture
def future_post(cron_stack):
    """A post scheduled two minutes ahead, and an event recurring every minute, made
    just after a minute began: the post is due 5..30 s into a minute, so the service's
    next tick is the one to publish it. Made by the test that needs them, after any
    other test's `wp-init cron` runs: a run started by a test after the due time
    would publish the post itself, and the cron service would have proved nothing."""
    minute_just_begun()
    due = int(time.time()) + 120
    post_id = int(
        php(
            cron_stack.one("wordpress"),
            f"wp_schedule_event({due} - 180, 'wpecs_minute', 'wpecs_count', array('recurring'));"
            "echo wp_insert_post(array('post_title' => 'Scheduled', 'post_status' => 'future', "
            f"'post_date_gmt' => gmdate('Y-m-d H:i:s', {due}), "
            f"'post_date' => get_date_from_gmt(gmdate('Y-m-d H:i:s', {due}))), true);",
        )
    )
    assert cron_stack.sql(f"SELECT post_status FROM wp_posts WHERE ID = {post_id}") == "future"
    return post_id, due


def test_replicas_run_no_cron_on_page_views(cron_stack):
    for replica in cron_stack.containers("wordpress"):
        assert php(replica, "echo defined('DISABLE_WP_CRON') && DISABLE_WP_CRON ? 'off' : 'on';") == "off"


def count_lines(stack: Stack) -> list[str]:
    p = run("docker", "exec", stack.one("wordpress"), "cat", COUNT_LOG, check=False)
    return p.stdout.splitlines()


def cron_in(replica: str) -> subprocess.CompletedProcess:
    return run("docker", "exec", replica, "wp-init", "cron", check=False, timeout=300)


def test_overlapping_runs_run_each_event_once_per_due_time(cron_stack):
    s = cron_stack
    replicas = s.containers("wordpress")
    assert len(replicas) == 3
    # Schedule just after a minute starts, so the runs started here (not the cron
    # service's tick) take the lock, and the slow event keeps the winner busy past
    # the next tick: the tick must find the lock taken.
    # WordPress's own first events (update checks that cannot reach the Internet
    # here) may keep an earlier tick busy for a while: wait for a minute in which it
    # is over.
    wait_until(
        "a minute just begun with no run going on",
        lambda: 5 <= time.time() % 60 <= 30 and lock_free(s),
        240,
        0.5,
    )
    now = int(time.time())
    slow = 60 - now % 60 + 8
    php(
        replicas[0],
        f"wp_schedule_single_event({now} - 100, 'wpecs_slow', array({slow}));"
        f"for ($i = 0; $i < {SINGLE_EVENTS}; $i++) wp_schedule_single_event({now} - 90 + $i, 'wpecs_count', array(\"e$i\"));"
        f"wp_schedule_event({now} - 60, 'wpecs_minute', 'wpecs_count', array('minutely'));",
    )
    since = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now - 1))
    wait_until("the minute's tick to be over", lambda: lock_free(s), 20, 0.5)

    with ThreadPoolExecutor(9) as pool:
        # Six runs at once, two per replica ...
        first = [pool.submit(cron_in, r) for r in replicas * 2]
        # ... and, while the winner sleeps in the slow event, three more.
        wait_until(
            "the slow event to start",
            lambda: any(ln.startswith("slow-start") for ln in count_lines(s)),
            60,
            0.5,
        )
        during = [pool.submit(cron_in, r) for r in replicas]
        first = [f.result() for f in first]
        during = [f.result() for f in during]
    for p in first + during:
        assert p.returncode == 0, p.stdout + p.stderr
    assert all("another cron run is in progress" in p.stderr for p in during), [p.stderr for p in during]
    busy = [p for p in first + during if "another cron run is in progress" in p.stderr]
    ran = [p for p in first + during if "cron: ran " in p.stdout]
    assert len(ran) == 1 and len(busy) == 8, [p.stdout + p.stderr for p in first + during]
    # WordPress's own events may be due too; ours must all be in this one run.
    assert re.search(r"cron: ran \d+ due event\(s\) in [\d.]+ s: ", ran[0].stdout), ran[0].stdout
    assert "wpecs_slow" in ran[0].stdout and f"wpecs_count x{SINGLE_EVENTS + 1}" in ran[0].stdout, ran[
        0
    ].stdout
    for p in busy:
        assert p.stderr.strip().count("\n") == 0, p.stderr  # one line

    # The cron service's tick during the slow event found the lock taken.
    cron_log = run("docker", "logs", "--since", since, s.one("cron"), check=False)
    assert "another cron run is in progress" in cron_log.stderr + cron_log.stdout, cron_log.stderr

    lines = count_lines(s)
    tags = [ln.split()[0] for ln in lines]
    counts = {f"e{i}": tags.count(f"e{i}") for i in range(SINGLE_EVENTS)}
    assert counts == {f"e{i}": 1 for i in range(SINGLE_EVENTS)}, lines
    assert tags.count("slow-start") == 1, lines
    assert tags.count("minutely") == 1, lines

    # Three more runs at once right after: nothing of ours is due any more (the
    # recurring event's next time is up to a minute ahead), so nothing runs twice.
    with ThreadPoolExecutor(3) as pool:
        after = list(pool.map(cron_in, replicas))
    assert all(p.returncode == 0 for p in after), [p.stdout + p.stderr for p in after]
    assert sorted(count_lines(s)) == sorted(lines), count_lines(s)
    print(
        f"exactly once: {SINGLE_EVENTS} single events x1 each, slow event x1, recurring event x1; "
        f"{len(busy)} of 9 overlapping runs (and the service's tick) found the lock taken, 1 ran: "
        f"{ran[0].stdout.strip()}",
        flush=True,
    )


def test_a_post_scheduled_two_minutes_ahead_publishes_on_time_without_visitors(cron_stack, future_post):
    post_id, due = future_post

    def published():
        return cron_stack.sql(f"SELECT post_status FROM wp_posts WHERE ID = {post_id}") == "publish"

    wait_until("the scheduled post to be published", published, max(0, due - time.time()) + 90, 1)
    late = time.time() - due
    assert late <= 65, f"published {late:.0f} s after its time"
    cron_log = run("docker", "logs", cron_stack.one("cron"), check=False)
    assert "publish_future_post" in cron_log.stdout, cron_log.stdout[-2000:]
    print(f"scheduled post published {late:.0f} s after its time (cron service, no visitor)", flush=True)

    # The recurring event made with the post, run by the service's ticks: once per
    # due time, so never twice within its one-minute interval.
    def recurring_runs():
        runs = [int(ln.split()[2]) for ln in count_lines(cron_stack) if ln.startswith("recurring ")]
        return runs if len(runs) >= 2 else None

    recurring = wait_until("the recurring event's second due time", recurring_runs, 75, 1)
    assert all(b - a >= 50 for a, b in itertools.pairwise(recurring)), recurring
    print(
        f"recurring event ran {len(recurring)} times, {[b - a for a, b in itertools.pairwise(recurring)]} s apart",
        flush=True,
    )
