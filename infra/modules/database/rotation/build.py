#!/usr/bin/env python3
"""Build the rotation function's deployment package, reproducibly.

    python3 infra/modules/database/rotation/build.py           # write package.zip
    python3 infra/modules/database/rotation/build.py --check   # rebuild, compare, exit 1 on drift

package.zip = rotation.py + the PyMySQL wheel named in requirements.txt
(pure Python, fetched by pip with --require-hashes, so only that exact file
is accepted). Entries are sorted, stored uncompressed (deflate output depends
on the zlib version), dated 1980-01-01 and mode 0644: the same inputs give
the same bytes on every machine, so the committed package.zip can be checked
against its sources. It is committed because OpenTofu may use no provider
but hashicorp/aws here (no archive_file), and a plan must work without a
build step.
"""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
PACKAGE = HERE / "package.zip"
SOURCES = ["rotation.py"]
EPOCH = (1980, 1, 1, 0, 0, 0)


def fetch_wheels(dest: Path) -> list[Path]:
    cmd = [
        sys.executable,
        "-m",
        "pip",
        "download",
        "--quiet",
        "--no-deps",
        "--only-binary=:all:",
        "--require-hashes",
        "-r",
        str(HERE / "requirements.txt"),
        "-d",
        str(dest),
    ]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"build.py: pip download of requirements.txt failed: {p.stderr.strip().splitlines()[-1:]}")
    wheels = sorted(dest.glob("*.whl"))
    if not wheels:
        sys.exit("build.py: pip downloaded no wheel")
    return wheels


def build() -> bytes:
    files: dict[str, bytes] = {name: (HERE / name).read_bytes() for name in SOURCES}
    with tempfile.TemporaryDirectory() as tmp:
        for wheel in fetch_wheels(Path(tmp)):
            with zipfile.ZipFile(wheel) as w:
                for info in w.infolist():
                    if info.is_dir() or info.filename.endswith("/RECORD"):
                        continue
                    files[info.filename] = w.read(info)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as z:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=EPOCH)
            info.external_attr = 0o100644 << 16
            info.create_system = 3
            z.writestr(info, files[name])
    return out.getvalue()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="rebuild and compare with package.zip")
    args = ap.parse_args()
    data = build()
    if args.check:
        if not PACKAGE.exists() or PACKAGE.read_bytes() != data:
            sys.exit(
                f"{PACKAGE.relative_to(HERE.parents[3])} is not built from its sources: "
                "run python3 infra/modules/database/rotation/build.py and commit it"
            )
        print(f"package.zip matches its sources ({len(data)} bytes)")
        return
    PACKAGE.write_bytes(data)
    print(f"wrote {PACKAGE} ({len(data)} bytes)")


if __name__ == "__main__":
    main()
