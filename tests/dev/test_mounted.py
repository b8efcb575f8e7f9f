"""`bridge dev --app`: the user's app runs with bridge inside it in dev mode: FastAPI (`main:app`, bridge in its
middleware), Django (`mysite.asgi:application`, BridgeMiddleware) and Flask (`main:app`, a WSGI app whose
`wsgi_app` is a BridgeWSGI). For each, the app's routes and session work, saves of a .tsx rebuild and reach
the tabs' event stream and the HTML, a page's .py reloads in place, and an edit of the app's own module
restarts the process; a Starlette app mounting `Bridge()` under a prefix keeps its lifespan and gets the
event stream under that prefix. (Over HTTP; the browser side of these events is the same as under `bridge dev`,
tested in test_dev.py.)"""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from processes import bridge_command, free_port

FASTAPI_MAIN = """
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

DJANGO_SETTINGS = """
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = "dev"
DEBUG = True
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS: list[str] = []
SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "bridge.adapters.django.BridgeMiddleware",
]
BRIDGE = {"pages": BASE_DIR / "pages"}
ROOT_URLCONF = "mysite.urls"
"""

DJANGO_URLS = """
from django.http import JsonResponse
from django.urls import path


def ping(request):
    return JsonResponse({"ping": "pong"})


urlpatterns = [path("api/ping", ping)]
"""

DJANGO_ASGI = """
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")
application = get_asgi_application()
"""

FLASK_MAIN = """
from flask import Flask

from bridge.adapters.wsgi import BridgeWSGI

app = Flask(__name__)
app.wsgi_app = BridgeWSGI(app.wsgi_app, pages="pages")


@app.get("/api/ping")
def ping() -> dict[str, str]:
    return {"ping": "pong"}
"""

COMPONENT = "export default function Home({{ n }}: {{ n: number }}) {{ return <{tag}>n={{n}}</{tag}>; }}\n"
PROPS = "def get_server_side_props(context):\n    return {{'props': {{'n': {n}}}}}\n"
SESSION_PROPS = PROPS.format(n="context.request.session.get('n', 0)")


@dataclass(frozen=True)
class App:
    """A user's app: its files, what `bridge dev --app` is given, and the module of its own to edit."""

    files: dict[str, str]
    app_path: str
    own_module: str


APPS = {
    "fastapi": App({"main.py": FASTAPI_MAIN, "pages/index.py": SESSION_PROPS}, "main:app", "main.py"),
    "django": App(
        {
            "mysite/__init__.py": "",
            "mysite/settings.py": DJANGO_SETTINGS,
            "mysite/urls.py": DJANGO_URLS,
            "mysite/asgi.py": DJANGO_ASGI,
            "pages/index.py": SESSION_PROPS,
        },
        "mysite.asgi:application",
        "mysite/urls.py",
    ),
    "flask": App(
        {
            "main.py": FLASK_MAIN,
            "pages/index.py": PROPS.format(n=0),
        },
        "main:app",
        "main.py",
    ),
}


class Events:
    """The dev event stream (`/_bridge/dev/events`), read line by line."""

    def __init__(self, client: httpx.Client, path: str = "/_bridge/dev/events") -> None:
        self._context = client.stream("GET", path, timeout=60)
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


@pytest.fixture(params=sorted(APPS))
def mounted(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Path, httpx.Client, App]]:
    app: App = APPS[request.param]
    for name, text in {**app.files, "pages/index.tsx": COMPONENT.format(tag="h1")}.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    port = free_port()
    log = (tmp_path / "dev.log").open("wb")
    command = [*bridge_command(), "dev", "--app", app.app_path, "--port", str(port)]
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
        yield tmp_path, client, app
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


def test_the_app_runs_with_bridge_in_dev_mode_inside_it(mounted: tuple[Path, httpx.Client, App]) -> None:
    folder, client, app = mounted
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
        (folder / "pages" / "index.tsx").write_text(COMPONENT.format(tag="h2"))
        assert events.next("update")["assets"]
        wait_for(lambda: "<h2>n=<!-- -->0</h2>" in client.get("/").text)

        (folder / "pages" / "index.py").write_text(PROPS.format(n=7))
        events.next("props")
        assert "<h2>n=<!-- -->7</h2>" in client.get("/").text
    finally:
        events.close()

    own = folder / app.own_module
    own.write_text(own.read_text().replace('"pong"', '"restarted"'))
    wait_for(lambda: _ping(client) == {"ping": "restarted"})
    events = Events(client)
    try:
        assert events.next("hello")["boot"] != boot
    finally:
        events.close()
    assert f"{app.own_module} changed and cannot be reloaded in place: restarting" in (folder / "dev.log").read_text()


def _ping(client: httpx.Client) -> object:
    try:
        return client.get("/api/ping").json()
    except (httpx.TransportError, json.JSONDecodeError):
        return None


def test_a_wsgi_app_without_bridge_inside_is_refused_saying_how_to_wrap_it(tmp_path: Path) -> None:
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "index.tsx").write_text(COMPONENT.format(tag="h1"))
    (tmp_path / "main.py").write_text("from flask import Flask\n\napp = Flask(__name__)\n")
    command = [*bridge_command(), "dev", "--app", "main:app", "--port", str(free_port())]
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1, result.stderr
    assert "--app main:app is not an ASGI app, and made no BridgeWSGI: wrap it" in result.stderr
    assert "app.wsgi_app = BridgeWSGI(app.wsgi_app, pages='pages')" in result.stderr


STARLETTE_MOUNT = """
import contextlib

from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Mount, Route

from bridge import Bridge

state = {"lifespan": "not run"}


@contextlib.asynccontextmanager
async def lifespan(app):
    state["lifespan"] = "ran"
    yield


async def ping(request):
    return PlainTextResponse(state["lifespan"])


app = Starlette(routes=[Route("/api/ping", ping), Mount("/app", app=Bridge(pages="pages"))], lifespan=lifespan)
"""


def test_a_starlette_app_mounting_bridge_under_a_prefix_keeps_its_lifespan(tmp_path: Path) -> None:
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "index.tsx").write_text(COMPONENT.format(tag="h1"))
    (tmp_path / "pages" / "index.py").write_text(PROPS.format(n=1))
    (tmp_path / "main.py").write_text(STARLETTE_MOUNT)
    port = free_port()
    with (tmp_path / "dev.log").open("wb") as log:
        command = [*bridge_command(), "dev", "--app", "main:app", "--port", str(port)]
        process = subprocess.Popen(command, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT)
        try:
            with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
                wait_for(lambda: _text(client, "/api/ping") is not None, timeout=90)
                assert client.get("/api/ping").text == "ran"
                assert "<h1>n=<!-- -->1</h1>" in client.get("/app/").text
                events = Events(client, "/app/_bridge/dev/events")  # where the page's dev client connects
                try:
                    events.next("hello")
                    (tmp_path / "pages" / "index.tsx").write_text(COMPONENT.format(tag="h2"))
                    events.next("update")
                    wait_for(lambda: "<h2>n=<!-- -->1</h2>" in client.get("/app/").text)
                finally:
                    events.close()
        finally:
            process.terminate()
            process.wait(timeout=30)


def _text(client: httpx.Client, path: str) -> str | None:
    try:
        return client.get(path).text
    except httpx.TransportError:
        return None


@pytest.mark.parametrize(
    ("app", "error"),
    [
        ("nowhere:app", 'Error: --app nowhere:app: Could not import module "nowhere".'),
        ("main:missing", 'Error: --app main:missing: Attribute "missing" not found in module "main".'),
    ],
)
def test_an_app_that_cannot_be_imported_is_named(tmp_path: Path, app: str, error: str) -> None:
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "index.jsx").write_text("export default function Home() { return <h1>home</h1>; }\n")
    (tmp_path / "main.py").write_text("app = None\n")  # imported from the folder bridge dev runs in
    command = [*bridge_command(), "dev", "--app", app, "--port", str(free_port())]
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 1
    assert result.stderr.strip().endswith(error), result.stderr
