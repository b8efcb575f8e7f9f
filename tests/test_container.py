"""The starter app's Dockerfile, built and run by a real container engine: podman, where it runs.

No image registry is reachable from the test machines, so the base image is made here: Debian (the host's
release) by ``debootstrap`` with Debian's python3, its ``EXTERNALLY-MANAGED`` marker removed, and this
machine's CA certificates (the package registries may sit behind a TLS-inspecting proxy). It is cached in
podman's storage and as a tarball under ``~/.cache/bridge-test``, so only the first run pays for it. The
app's Dockerfile gets it as ``--build-arg BASE``. Skipped, saying why, where podman or debootstrap cannot
run; ``BRIDGE_TEST_CONTAINER=0`` skips it too.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from processes import free_port

pytestmark = [pytest.mark.container, pytest.mark.slow, pytest.mark.timeout(3600)]

CACHE = Path.home() / ".cache" / "bridge-test"
BASE = "localhost/bridge-test-base:bookworm"
PODMAN = ["podman", "--runtime", "runc"]
LIMITS = ["--ulimit", "nofile=20000:20000", "--ulimit", "nproc=32768:32768"]
CA_BUNDLE = Path("/etc/ssl/certs/ca-certificates.crt")


def podman(*args: str, timeout: float = 1800, check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([*PODMAN, *args], capture_output=True, text=True, timeout=timeout)
    if check:
        assert result.returncode == 0, f"podman {' '.join(args)}:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    return result


def engine_problem() -> str | None:
    """Why no container can run here, or None."""
    if os.environ.get("BRIDGE_TEST_CONTAINER") == "0":
        return "BRIDGE_TEST_CONTAINER=0"
    if shutil.which("podman") is None:
        return "podman is not installed (apt-get install podman)"
    try:
        probe = subprocess.run([*PODMAN, "info"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"podman info failed: {exc}"
    return None if probe.returncode == 0 else f"podman cannot run here: {probe.stderr.strip()[:300]}"


def base_image() -> str:
    """The Debian + python3 base image, made once (debootstrap) and cached."""
    if podman("image", "exists", BASE, check=False).returncode == 0:
        return BASE
    CACHE.mkdir(parents=True, exist_ok=True)
    tarball = CACHE / "base-bookworm.tar"
    if not tarball.exists():
        if shutil.which("debootstrap") is None:
            pytest.skip("debootstrap is not installed, and no base image is cached (apt-get install debootstrap)")
        rootfs = CACHE / "rootfs"
        shutil.rmtree(rootfs, ignore_errors=True)
        subprocess.run(
            ["debootstrap", "--variant=minbase", "--include=python3,python3-venv,ca-certificates", "bookworm",
             str(rootfs), "http://deb.debian.org/debian"],
            check=True, capture_output=True, timeout=1800,
        )  # fmt: skip
        for marker in rootfs.glob("usr/lib/python3*/EXTERNALLY-MANAGED"):
            marker.unlink()
        if CA_BUNDLE.is_file():
            shutil.copyfile(CA_BUNDLE, rootfs / "etc/ssl/certs/ca-certificates.crt")
        shutil.rmtree(rootfs / "var/cache/apt/archives", ignore_errors=True)
        subprocess.run(["tar", "-C", str(rootfs), "-cf", str(tarball), "."], check=True, timeout=600)
        shutil.rmtree(rootfs)
    podman(
        "import",
        "--change", "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        "--change", f"ENV NODE_EXTRA_CA_CERTS={CA_BUNDLE}",
        "--change", f"ENV PIP_CERT={CA_BUNDLE}",
        "--change", "ENV PIP_DEFAULT_TIMEOUT=180",
        str(tarball), BASE,
    )  # fmt: skip
    return BASE


@pytest.fixture(scope="module")
def image(wheel_env: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, float]]:
    """The starter app made by `bridge new` and built into an image; its name and build seconds."""
    problem = engine_problem()
    if problem:
        pytest.skip(f"no container engine: {problem}")
    base = base_image()
    root = tmp_path_factory.mktemp("container")
    subprocess.run([str(wheel_env / "bin" / "bridge"), "new", "shop"], cwd=root, check=True, capture_output=True)
    name = f"localhost/bridge-test-shop:{os.getpid()}"
    started = time.monotonic()
    podman("build", *LIMITS, "--build-arg", f"BASE={base}", "-t", name, str(root / "shop"))
    seconds = time.monotonic() - started
    yield name, seconds
    podman("rmi", "--force", name, check=False)


def test_the_starter_apps_image_serves_its_pages_and_form(image: tuple[str, float]) -> None:
    name, seconds = image
    port = free_port()
    container = f"bridge-test-shop-{os.getpid()}"
    podman("run", "-d", "--rm", *LIMITS, "--name", container, "-p", f"127.0.0.1:{port}:8000", name, "--workers", "1")
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
            deadline = time.monotonic() + 90
            while True:
                try:
                    home = client.get("/")
                    break
                except httpx.TransportError:
                    assert time.monotonic() < deadline, podman("logs", container, check=False).stdout
                    time.sleep(0.5)
            assert home.status_code == 200 and "<h1>Notes</h1>" in home.text
            token = re.search(r'name="csrf_token" value="([^"]+)"', home.text)
            assert token is not None
            added = client.post("/", data={"csrf_token": token[1], "text": "From the container"})
            assert added.status_code == 303
            assert "From the container" in client.get(added.headers["location"]).text
            assert client.get("/styles.css").status_code == 200
        top = podman("top", container, "user", "args").stdout
        assert "bridge serve --host 0.0.0.0 --port 8000 --workers 1" in top and "root" not in top.split("\n", 1)[1]
        script = "command -v node || echo none; ls /venv/lib/python3*/site-packages | grep -i nodejs || echo none"
        assert podman("run", "--rm", *LIMITS, "--entrypoint", "sh", name, "-c", script).stdout == "none\nnone\n"
    finally:
        podman("stop", "--time", "5", container, check=False)
    size = int(podman("image", "inspect", "--format", "{{.Size}}", name).stdout.strip())
    print(f"\nstarter app image: {size / 1e6:.0f} MB, built in {seconds:.0f} s")
