"""Fixture apps for the core tests: written into temp folders, built once per session, served through ASGI.

``tests/apps/<name>/pages`` hold the apps that many tests share; a test that needs an odd page writes it
with ``write_pages``. Apps are copied before they are built, so nothing lands in the source tree.
"""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from bridge import Bridge
from bridge.build.bundler import build

APPS = Path(__file__).parent / "apps"

SITE_OPTIONS: dict[str, object] = {"render_threads": 2, "render_timeout": 0.5, "max_props_bytes": 50_000}
"""How the tests run tests/apps/site: a short render time limit, and a props limit that big.py exceeds."""


@dataclass(frozen=True)
class BuiltApp:
    """A built fixture app: its pages folder and its build folder."""

    pages: Path
    build_dir: Path

    def bridge(self, **options: object) -> Bridge:
        """A Bridge serving this app; the caller closes it."""
        return Bridge(pages=self.pages, build_dir=self.build_dir, **options)


WritePages = Callable[[dict[str, str]], Path]
BuildPages = Callable[[dict[str, str]], BuiltApp]


def _write(root: Path, files: dict[str, str]) -> Path:
    pages = root / "pages"
    pages.mkdir(parents=True, exist_ok=True)
    for name, source in files.items():
        file = pages / name
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(source)
    return pages


@pytest.fixture
def write_pages(tmp_path: Path) -> WritePages:
    """Writes ``{path under pages/: source}`` into a fresh temp folder and returns its pages folder."""
    return lambda files: _write(tmp_path, files)


def build_app(root: Path, files: dict[str, str]) -> BuiltApp:
    """Writes ``{path under pages/: source}`` into ``root`` and builds them: for a module's own app."""
    pages = _write(root, files)
    build(pages, root / ".bridge")
    return BuiltApp(pages, root / ".bridge")


@pytest.fixture
def build_pages(tmp_path: Path) -> BuildPages:
    """Writes pages like ``write_pages`` and builds them (about 0.3 s: keep it for one-off apps)."""
    return lambda files: build_app(tmp_path, files)


@pytest.fixture(scope="session")
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="session")
def site_app(tmp_path_factory: pytest.TempPathFactory) -> BuiltApp:
    """tests/apps/site, copied and built once per session."""
    root = tmp_path_factory.mktemp("site")
    shutil.copytree(APPS / "site" / "pages", root / "pages", ignore=shutil.ignore_patterns("__pycache__"))
    build(root / "pages", root / ".bridge")
    return BuiltApp(root / "pages", root / ".bridge")


@pytest.fixture(scope="session")
def site(site_app: BuiltApp) -> Iterator[Bridge]:
    """The site app alone, in production mode."""
    app = site_app.bridge(**SITE_OPTIONS)
    yield app
    app.close()


@pytest.fixture(scope="session")
def site_dev(site_app: BuiltApp) -> Iterator[Bridge]:
    """The site app in dev mode, where a failed page shows its traceback."""
    app = site_app.bridge(dev=True, **SITE_OPTIONS)
    yield app
    app.close()


AsgiClient = Callable[..., httpx.AsyncClient]


def _asgi_client(app: Any, base_url: str = "http://testserver") -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=base_url)


@pytest.fixture(scope="session")
def asgi_client() -> AsgiClient:
    """Makes an httpx client whose requests go through an ASGI app in-process (``async with`` it)."""
    return _asgi_client


@pytest.fixture
async def http(site: Bridge) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the site app, for tests marked ``anyio``."""
    async with _asgi_client(site) as client:
        yield client


@pytest.fixture(scope="session")
def wheel_env(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtualenv holding bridge's wheel with the ``build`` extra, and nothing of this checkout."""
    from wheel_env import make_wheel_env

    return make_wheel_env(tmp_path_factory.mktemp("wheel"))


async def raw_get(
    app: Any, path: str, root_path: str = "", raw_path: bytes | None = None
) -> tuple[int, dict[str, str], bytes]:
    """Sends a GET with exactly this ``path`` in the scope, as a server that does not normalise it would;
    ``raw_path`` is the path as the client sent it (default: ``path`` itself)."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode() if raw_path is None else raw_path,
        "root_path": root_path,
        "query_string": b"",
        "headers": [(b"host", b"testserver")],
        "server": ("testserver", 80),
        "client": ("127.0.0.1", 1234),
    }
    messages: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        messages.append(message)

    await app(scope, receive, send)
    start = messages[0]
    headers = {k.decode(): v.decode() for k, v in start["headers"]}
    return start["status"], headers, b"".join(m.get("body", b"") for m in messages[1:])
