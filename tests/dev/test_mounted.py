"""`bridge dev --app main:app`: the user's FastAPI app runs with bridge inside its middleware in dev mode:
the app's routes and session work, saves rebuild and reach the tabs' event stream, a page's .py reloads
in place, and an edit of the app's own module restarts the process. (Over HTTP; the browser side of these
events is the same as under `bridge dev`, tested in test_dev.py.)"""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from processes import bridge_command, free_port

MAIN = """
from fastapi import FastAPI
from starlette.middleware.sessions import SessionMiddleware

from bridge import Bridge

app = FastAPI()
app.add_middleware(Bridge, pages="pages")
app.add_middleware(SessionMiddleware, secret_key="dev")  # outer: props see the session


@app.get("/api/ping")
def ping() -> dict[str, str]:
    return {"ping": "pong"}
"""


class Events:
    """The dev event stream (`/_bridge/dev/events`), read line by line."""

    def __init__(self, client: httpx.Client) -> None:
        self._context = client.stream("GET", "/_bridge/dev/events", timeout=60)
        self._lines = self._context.__enter__().iter_lines()

    def next(self, kind: str) -> dict[str, object]:
        for line in self._lines:
            if line.startswith("data: "):
                event: dict[str, object] = json.loads(line[6:])
                if event["type"] == kind:
                    return event
        raise AssertionError(f"the event stream ended before a {kind!r} event")

    def close(self) -> None:
        self._context.__exit__(None, None, None)


@pytest.fixture
def mounted(tmp_path: Path) -> Iterator[tuple[Path, httpx.Client, subprocess.Popen[bytes]]]:
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "index.jsx").write_text("export default function Home({ n }) { return <h1>n={n}</h1>; }\n")
    (tmp_path / "pages" / "index.py").write_text(
        "def get_server_side_props(context):\n    return {'props': {'n': context.request.session.get('n', 0)}}\n"
    )
    (tmp_path / "main.py").write_text(MAIN)
    port = free_port()
    log = (tmp_path / "dev.log").open("wb")
    command = [*bridge_command(), "dev", "--app", "main:app", "--port", str(port)]
    process = subprocess.Popen(command, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT)
    client = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30)
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                client.get("/api/ping")
                break
            except httpx.TransportError:
                alive = process.poll() is None and time.monotonic() < deadline
                assert alive, (tmp_path / "dev.log").read_text()
                time.sleep(0.2)
        yield tmp_path, client, process
    finally:
        client.close()
        process.terminate()
        process.wait(timeout=30)
        log.close()


def wait_for(check: Callable[[], bool], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


def test_the_app_runs_with_bridge_in_dev_mode_inside_it(
    mounted: tuple[Path, httpx.Client, subprocess.Popen[bytes]],
) -> None:
    folder, client, _ = mounted
    assert client.get("/api/ping").json() == {"ping": "pong"}
    page = client.get("/")
    assert page.status_code == 200 and "<h1>n=<!-- -->0</h1>" in page.text
    assert '"importmap"' in page.text  # the dev build, with React's development modules
    assert (folder / ".bridge" / "dev" / "manifest.json").is_file() and not (
        folder / ".bridge" / "manifest.json"
    ).exists()

    events = Events(client)
    try:
        boot = events.next("hello")["boot"]
        (folder / "pages" / "index.jsx").write_text("export default function Home({ n }) { return <h2>n={n}</h2>; }\n")
        assert events.next("update")["assets"]
        wait_for(lambda: "<h2>n=<!-- -->0</h2>" in client.get("/").text)

        (folder / "pages" / "index.py").write_text(
            "def get_server_side_props(context):\n    return {'props': {'n': 7}}\n"
        )
        events.next("props")
        assert "<h2>n=<!-- -->7</h2>" in client.get("/").text
    finally:
        events.close()

    (folder / "main.py").write_text(MAIN.replace('"pong"', '"restarted"'))
    wait_for(lambda: _ping(client) == {"ping": "restarted"})
    events = Events(client)
    try:
        assert events.next("hello")["boot"] != boot
    finally:
        events.close()
    assert "main.py changed and cannot be reloaded in place: restarting" in (folder / "dev.log").read_text()


def _ping(client: httpx.Client) -> object:
    try:
        return client.get("/api/ping").json()
    except (httpx.TransportError, json.JSONDecodeError):
        return None
