"""settings.env (the platform's and the tools' versions, at the repository root)
for the Python tests: plain NAME=value lines and # comments, as make and bash
read them. A value in the environment wins, as in tools/lib.sh; ${NAME} in a
value is a setting read before it."""

import os
import re
from pathlib import Path

PATH = Path(__file__).resolve().parents[1] / "settings.env"
REFERENCE = re.compile(r"\$\{([A-Z][A-Z0-9_]*)\}")


def read(path=PATH):
    values = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            value = REFERENCE.sub(lambda m: values[m[1]], value)
            values[name] = os.environ.get(name) or value
    return values


SETTINGS = read()
DEBIAN_RELEASE = SETTINGS["DEBIAN_RELEASE"]
PHP_VERSION = SETTINGS["PHP_VERSION"]
WORDPRESS_VERSION = SETTINGS["WORDPRESS_VERSION"]
BASE_IMAGE = SETTINGS["BASE_IMAGE"]
IMAGE = SETTINGS["IMAGE"]
# The tools' cache, as tools/lib.sh places it (make exports its value).
WPECS_CACHE = Path(
    os.environ.get("WPECS_CACHE")
    or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "wordpress-ecs"
)
