"""The Python tests' one polling helper (tests put tools/ on sys.path, as for
settings.py). Shell scripts have theirs in tools/lib.sh: poll."""

import time


def wait_until(what, predicate, timeout, interval=0.25):
    """Call predicate() every `interval` seconds until it returns something
    truthy, and return that. An exception counts as not yet. After `timeout`
    seconds: AssertionError naming `what` and the last value or error seen."""
    deadline = time.monotonic() + timeout
    last = None
    while True:
        try:
            value = predicate()
            if value:
                return value
            last = value
        except Exception as exc:
            last = exc
        if time.monotonic() >= deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what} (last: {last!r})")
        time.sleep(interval)
