"""The Python tests' one polling helper (tests put tools/ on sys.path, as for
settings.py). Shell scripts have theirs in tools/lib.sh: poll."""

import time


class GiveUp(Exception):
    """Raised by a predicate when what it waits for can no longer happen (the
    process it waits on exited): wait_until raises it at once."""


def wait_until(what, predicate, timeout, interval=0.25):
    """Call predicate() every `interval` seconds until it returns something
    truthy, and return that. An exception counts as not yet, except GiveUp,
    which ends the wait. After `timeout` seconds: AssertionError naming `what`
    and the last value or error seen."""
    deadline = time.monotonic() + timeout
    last = None
    while True:
        try:
            value = predicate()
            if value:
                return value
            last = value
        except GiveUp:
            raise
        except Exception as exc:
            last = exc
        if time.monotonic() >= deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what} (last: {last!r})")
        time.sleep(interval)
