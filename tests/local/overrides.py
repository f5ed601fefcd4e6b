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


def write(tmp: Path, name: str, text: str) -> str:
    path = tmp / name
    path.write_text(text)
    return str(path)
