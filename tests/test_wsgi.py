"""BridgeWSGI through real WSGI stacks: page actions, props that await, props in the server's own thread."""

from __future__ import annotations

import http.client
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from werkzeug.serving import make_server
from werkzeug.test import Client

from bridge.adapters.wsgi import BridgeWSGI

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment

NOTES_PY = """
import asyncio
import threading

NOTES: list[str] = []


def get_server_side_props(context):
    return {"props": {"notes": list(NOTES)}}


def post(context):
    text = context.form().get("text", "").strip()
    if not text:
        return {"errors": {"text": "Write something"}}
    NOTES.append(text)
    return {"redirect": {"destination": "/notes"}}


async def delete(context):
    await asyncio.sleep(0.01)
    NOTES.clear()
    return {"props": {"notes": [], "cleared": True}}


def put(context):
    NOTES[:] = context.json()["notes"]
    return {"redirect": {"destination": "/notes", "status_code": 302}}
"""

NOTES_JSX = """
import { Form } from "bridge/form";
export default function Notes({ notes, errors, cleared }) {
  return (
    <Form method="post">
      <ul>{notes.map((n) => <li key={n}>{n}</li>)}</ul>
      {errors?.text && <p className="error">{errors.text}</p>}
      {cleared && <p>cleared</p>}
    </Form>
  );
}
"""

SLOW_PY = """
import asyncio

LOCK = asyncio.Lock()  # shared by every request, as a connection pool would be


async def get_server_side_props(context):
    async with LOCK:
        await asyncio.sleep(0.05)
    return {"props": {"waited": True}}
"""

THREAD_PY = """
import threading


def get_server_side_props(context):
    return {"props": {"thread": threading.get_ident(), "server": context.request.scope["wsgi.environ"]["test.thread"]}}
"""


GATE_PY = """
import time
from pathlib import Path


def get_server_side_props(context):
    folder = Path(context.query["dir"])
    (folder / f"in-{context.query['n']}").touch()
    deadline = time.monotonic() + 60
    while not (folder / "open").exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    return {"props": {}}
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from bridge.build.bundler import build

    root = tmp_path_factory.mktemp("wsgi")
    pages = root / "pages"
    pages.mkdir()
    files = {
        "notes.py": NOTES_PY,
        "notes.jsx": NOTES_JSX,
        "slow.py": SLOW_PY,
        "slow.jsx": "export default ({ waited }) => <p>{waited ? 'waited' : 'not'}</p>;",
        "thread.py": THREAD_PY,
        "thread.jsx": "export default ({ thread, server }) => <p>{thread === server ? 'same' : 'other'}</p>;",
        "gate.py": GATE_PY,
        "gate.jsx": "export default () => <p>through the gate</p>;",
    }
    for name, source in files.items():
        (pages / name).write_text(source)
    build(pages, root / ".bridge")
    return root


@pytest.fixture(scope="module")
def wsgi(built: Path) -> Iterator[BridgeWSGI]:
    app = BridgeWSGI(pages=built / "pages", build_dir=built / ".bridge")
    yield app
    app.close()


def _marking_thread(app: BridgeWSGI) -> Any:
    def marked(environ: WSGIEnvironment, start_response: StartResponse) -> Any:
        environ["test.thread"] = threading.get_ident()
        return app(environ, start_response)

    return marked


def _session(client: Client) -> str:
    page = client.get("/notes")
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert found, "the form carries no CSRF token"
    return found.group(1)


def test_page_actions_answer_through_wsgi(wsgi: BridgeWSGI) -> None:
    client = Client(wsgi)
    token = _session(client)

    added = client.post("/notes", data={"text": "hello", "csrf_token": token})
    assert (added.status_code, added.headers["location"]) == (303, "/notes")
    assert "<li>hello</li>" in client.get("/notes").text

    invalid = client.post("/notes", data={"text": " ", "csrf_token": token})
    assert invalid.status_code == 422
    assert '<p class="error">Write something</p>' in invalid.text

    replaced = client.put("/notes", json={"notes": ["a", "b"]}, headers={"x-csrf-token": token})
    assert replaced.status_code == 302
    assert "<li>a</li><li>b</li>" in client.get("/notes").text

    cleared = client.delete("/notes", headers={"x-csrf-token": token})  # an async action that awaits
    assert cleared.status_code == 200
    assert "<p>cleared</p>" in cleared.text

    refused = client.post("/notes", data={"text": "sneaky"})
    assert refused.status_code == 403
    assert "<li>sneaky</li>" not in client.get("/notes").text


def test_a_chunked_body_without_content_length_reaches_the_action(wsgi: BridgeWSGI) -> None:
    token = _session(Client(wsgi))
    server = make_server("127.0.0.1", 0, wsgi, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        body = f"text=chunked&csrf_token={token}".encode()
        headers = {"content-type": "application/x-www-form-urlencoded", "cookie": f"bridge_csrf={token}"}
        connection.request("POST", "/notes", body=iter([body[:7], body[7:]]), headers=headers, encode_chunked=True)
        response = connection.getresponse()
        response.read()
        connection.close()
    finally:
        server.shutdown()
        thread.join()
    assert response.status == 303
    assert "<li>chunked</li>" in Client(wsgi).get("/notes").text


def test_async_props_really_await_under_wsgi(wsgi: BridgeWSGI) -> None:
    # Concurrent requests await one asyncio.Lock: that works only if they share one event loop.
    client = Client(wsgi)
    responses: list[str] = []
    threads = [threading.Thread(target=lambda: responses.append(client.get("/slow").text)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(responses) == 4
    assert all("<p>waited</p>" in text for text in responses)


def test_plain_props_run_in_the_servers_own_thread(wsgi: BridgeWSGI) -> None:
    # Django keeps its database connection per thread: props must see the request's own thread.
    assert "<p>same</p>" in Client(_marking_thread(wsgi)).get("/thread").text


def test_past_max_concurrent_pages_pages_get_503_and_the_host_keeps_serving(built: Path, tmp_path: Path) -> None:
    def host(environ: WSGIEnvironment, start_response: StartResponse) -> list[bytes]:
        start_response("200 OK", [("content-type", "text/plain")])
        return [b"the host's own route"]

    app = BridgeWSGI(host, pages=built / "pages", build_dir=built / ".bridge", max_concurrent_pages=2)
    client = Client(app)
    answers: dict[int, int] = {}

    def visit(n: int) -> None:
        answers[n] = client.get(f"/gate?dir={tmp_path}&n={n}").status_code

    waiting = [threading.Thread(target=visit, args=(n,)) for n in (1, 2)]
    try:
        for thread in waiting:
            thread.start()
        deadline = time.monotonic() + 60
        while not all((tmp_path / f"in-{n}").exists() for n in (1, 2)):
            assert time.monotonic() < deadline, "the two page requests never reached their props"
            time.sleep(0.01)
        refused = client.get(f"/gate?dir={tmp_path}&n=3")
        assert (refused.status_code, refused.headers["retry-after"]) == (503, "1")
        assert not (tmp_path / "in-3").exists()  # refused before its props ran
        data = client.get(f"/gate?dir={tmp_path}&n=4&_bridge_data={app.handler.manifest.build_id}")
        assert (data.status_code, data.json) == (503, {"error": "the server is busy: try again"})
        assert client.get("/api/anything").text == "the host's own route"
        (tmp_path / "open").touch()
        for thread in waiting:
            thread.join()
        assert answers == {1: 200, 2: 200}
        assert client.get(f"/gate?dir={tmp_path}&n=5").status_code == 200  # the bound is free again
    finally:
        (tmp_path / "open").touch()
        app.close()


def test_v8_renders_on_the_process_loop_under_wsgi(built: Path) -> None:
    app = BridgeWSGI(pages=built / "pages", build_dir=built / ".bridge", engine="v8", render_threads=2)
    client = Client(app)
    try:
        pages: list[str] = []
        threads = [threading.Thread(target=lambda: pages.append(client.get("/slow").text)) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(pages) == 4 and all("<p>waited</p>" in page for page in pages)
        assert app.handler.pool.size == 0  # no render threads: V8 contexts of the loop rendered
    finally:
        app.close()
