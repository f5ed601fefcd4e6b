#!/usr/bin/env python3
"""Set the architecture an image's configuration declares: image-arch.py IMAGE ARCH.

Docker 20.10 (Debian 12's docker.io) records its own architecture (amd64) on
every image it makes with `docker import` or `docker commit`, whatever ran in
the container: an arm64 root file system imported, or an arm64 container
committed by Packer, comes out labelled amd64. `docker run --platform
linux/arm64` then does not find it locally, and a registry would serve arm64
code to amd64 hosts. This rewrites the label and nothing else: `docker save`,
the configuration's `architecture` (and `variant` for arm64), `docker load`
under the same tag. The layers are untouched, so it is checked that the image
really holds binaries of that architecture (its /bin/sh) before anything is
changed.

Exit 0 when the image holds and declares ARCH afterwards; 1 with one line
otherwise (also when its binaries are of another architecture).
"""

import hashlib
import json
import os
import subprocess
import sys
import tarfile
import tempfile

ELF_MACHINE = {"amd64": 0x3E, "arm64": 0xB7}


def fail(msg):
    print(f"error: {msg}", file=sys.stderr)
    sys.exit(1)


def declared(image):
    out = subprocess.run(
        ["docker", "image", "inspect", "-f", "{{.Architecture}}", image], capture_output=True, text=True
    )
    if out.returncode != 0:
        fail(f"image {image} not found: {out.stderr.strip()}")
    return out.stdout.strip()


def shell_machine(image):
    """e_machine of the image's /bin/sh, read without running it."""
    cid = subprocess.run(["docker", "create", image, "/bin/sh"], capture_output=True, text=True)
    if cid.returncode != 0:
        fail(f"docker create {image}: {cid.stderr.strip()}")
    cid = cid.stdout.strip()
    try:
        # /bin/sh is a symbolic link to dash: follow it inside the image.
        target = "/bin/sh"
        for _ in range(5):
            cp = subprocess.run(["docker", "cp", f"{cid}:{target}", "-"], capture_output=True)
            if cp.returncode != 0:
                fail(f"{image} has no {target}: {cp.stderr.decode().strip()}")
            with tarfile.open(fileobj=__import__("io").BytesIO(cp.stdout)) as t:
                member = t.getmembers()[0]
                if member.issym():
                    link = member.linkname
                    target = link if link.startswith("/") else os.path.join(os.path.dirname(target), link)
                    continue
                head = t.extractfile(member).read(20)
                break
        else:
            fail(f"{image}: /bin/sh is a chain of links")
    finally:
        subprocess.run(["docker", "rm", cid], capture_output=True)
    if head[:4] != b"\x7fELF":
        fail(f"{image}: {target} is not an ELF executable")
    return int.from_bytes(head[18:20], "little")


def main():
    if len(sys.argv) != 3 or sys.argv[2] not in ELF_MACHINE:
        fail("usage: image-arch.py IMAGE amd64|arm64")
    image, arch = sys.argv[1], sys.argv[2]
    machine = shell_machine(image)
    if machine != ELF_MACHINE[arch]:
        fail(f"{image} holds binaries for ELF machine {machine:#x}, not {arch}")
    if declared(image) == arch:
        return
    with tempfile.TemporaryDirectory(prefix="wpecs-image-arch.") as tmp:
        subprocess.run(["docker", "save", "-o", f"{tmp}/in.tar", image], check=True)
        with tarfile.open(f"{tmp}/in.tar") as t:
            t.extractall(f"{tmp}/x")
        os.remove(f"{tmp}/in.tar")
        with open(f"{tmp}/x/manifest.json") as f:
            manifest = json.load(f)
        entry = manifest[0]
        with open(f"{tmp}/x/{entry['Config']}", "rb") as f:
            config = json.loads(f.read())
        config["architecture"] = arch
        if arch == "arm64":
            config["variant"] = "v8"
        else:
            config.pop("variant", None)
        data = json.dumps(config, separators=(",", ":")).encode()
        name = hashlib.sha256(data).hexdigest() + ".json"
        os.remove(f"{tmp}/x/{entry['Config']}")
        with open(f"{tmp}/x/{name}", "wb") as f:
            f.write(data)
        entry["Config"] = name
        entry["RepoTags"] = [image]
        with open(f"{tmp}/x/manifest.json", "w") as f:
            json.dump([entry], f)
        with tarfile.open(f"{tmp}/out.tar", "w") as t:
            for item in sorted(os.listdir(f"{tmp}/x")):
                t.add(f"{tmp}/x/{item}", arcname=item)
        subprocess.run(
            ["docker", "load", "-q", "-i", f"{tmp}/out.tar"], check=True, stdout=subprocess.DEVNULL
        )
    if declared(image) != arch:
        fail(f"{image} still declares {declared(image)} after relabelling")


if __name__ == "__main__":
    main()
