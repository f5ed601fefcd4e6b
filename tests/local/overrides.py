"""Compose override files the tests add to the stack (WPECS_COMPOSE_OVERRIDE)."""

from pathlib import Path

# wp-init's test-only knob: sleep this many ms per copied file while seeding,
# so a seed lasts long enough to race or to be killed in the middle.
COPY_DELAY = """\
version: "2.4"
services:
  wordpress:
    environment:
      WPECS_TEST_COPY_DELAY_MS: ${WPECS_TEST_COPY_DELAY_MS:-0}
"""

# WordPress's dashboard asks api.wordpress.org (browse-happy, serve-happy) on
# every view until an answer is cached; offline each ask waits for its
# timeout, so a steady logged-in load on wp-admin/ fills the workers. Tests
# that load wp-admin/ run with external HTTP blocked, as an offline site
# should be set up.
OFFLINE = """\
version: "2.4"
services:
  wordpress:
    environment:
      WORDPRESS_CONFIG_EXTRA: "define('WP_HTTP_BLOCK_EXTERNAL', true);"
"""


def write(tmp: Path, name: str, text: str) -> str:
    path = tmp / name
    path.write_text(text)
    return str(path)
