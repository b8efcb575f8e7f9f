"""A build that is missing or stale stops a server with a lifespan at start-up, with the reason; without a
lifespan, only bridge's routes fail. Real uvicorn processes serving a FastAPI app that mounts bridge."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from processes import free_port

from .conftest import BuildExample

APP = """
from fastapi import FastAPI
from bridge import Bridge

app = FastAPI()
app.add_middleware(Bridge, pages="pages")


@app.get("/api/ping")
def ping() -> dict[str, str]:
    return {"ping": "pong"}
"""


def write_app(folder: Path) -> Path:
    (folder / "pages").mkdir(parents=True, exist_ok=True)
    (folder / "pages" / "index.jsx").write_text("export default function Home() { return <h1>home</h1>; }\n")
    (folder / "main.py").write_text(APP)
    return folder


def uvicorn(folder: Path, *options: str) -> tuple[subprocess.Popen[str], int]:
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", "main:app", "--port", str(port), *options]
    process = subprocess.Popen(command, cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return process, port


@pytest.mark.parametrize("lifespan", ["auto", "on"])
def test_no_build_stops_uvicorn_at_start_up(tmp_path: Path, lifespan: str) -> None:
    process, _ = uvicorn(write_app(tmp_path), "--lifespan", lifespan)
    output, _ = process.communicate(timeout=60)
    assert process.returncode == 3, output  # uvicorn's exit status for a failed start-up
    assert f"no build found at {tmp_path / '.bridge'}: run `bridge build` first" in output
    assert "Application startup failed. Exiting." in output
    assert "appears unsupported" not in output


@pytest.mark.parametrize("change", ["added", "edited"])
def test_a_stale_build_stops_uvicorn_at_start_up(tmp_path: Path, example: BuildExample, change: str) -> None:
    built = shutil.copytree(example("fastapi_app"), tmp_path / "app")
    if change == "added":
        (built / "pages" / "added.jsx").write_text("export default function Added() { return <p>new</p>; }\n")
    else:
        with (built / "pages" / "about.jsx").open("a") as file:
            file.write("// edited after the build\n")
    (built / "main.py").write_text(APP)
    process, _ = uvicorn(built)
    output, _ = process.communicate(timeout=60)
    assert process.returncode == 3, output
    if change == "added":
        assert "pages ['added'] are missing from the build" in output
    else:
        assert (
            f"the build in {built / '.bridge'} is older than pages/about.jsx, changed since: run `bridge build`"
            in output
        )


@pytest.fixture
def no_lifespan_server(tmp_path: Path) -> Iterator[httpx.Client]:
    process, port = uvicorn(write_app(tmp_path), "--lifespan", "off")
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
            deadline = time.monotonic() + 30
            while True:
                try:
                    client.get("/api/ping")
                    break
                except httpx.TransportError:
                    assert process.poll() is None and time.monotonic() < deadline, "uvicorn did not start"
                    time.sleep(0.1)
            yield client
    finally:
        process.terminate()
        process.communicate(timeout=30)


def test_without_a_lifespan_the_apps_own_routes_keep_working(no_lifespan_server: httpx.Client) -> None:
    assert no_lifespan_server.get("/api/ping").json() == {"ping": "pong"}
    page = no_lifespan_server.get("/")
    assert page.status_code == 500
    assert "no build found at" in page.text and "run `bridge build` first" in page.text
    assert no_lifespan_server.get("/?_bridge_data=x").status_code == 500
    assert no_lifespan_server.get("/api/nothing").status_code == 404  # FastAPI's own
    assert no_lifespan_server.get("/api/ping").json() == {"ping": "pong"}


def test_a_built_app_starts(tmp_path: Path, example: BuildExample) -> None:
    built = shutil.copytree(example("fastapi_app"), tmp_path / "app")
    (built / "main.py").write_text(APP)
    process, port = uvicorn(built)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                assert httpx.get(f"http://127.0.0.1:{port}/about", timeout=10).status_code == 200
                break
            except httpx.TransportError:
                assert process.poll() is None and time.monotonic() < deadline, "uvicorn did not start"
                time.sleep(0.1)
    finally:
        process.terminate()
        process.communicate(timeout=30)
