"""What bridge answers to requests a visitor should not be able to exploit, beyond the fuzzing: traversal out
of the build's static folder, the JSON data route's headers (private, no CORS), props over the size limit
on the data route, and error responses that carry nothing of the server (tracebacks, file paths,
environment values) in production while dev mode shows them."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest

import bridge as bridge_package
from bridge import Bridge

from .conftest import App
from .support import asgi_request

pytestmark = pytest.mark.anyio


@pytest.fixture(scope="module")
def production(app: App) -> Iterator[Bridge]:
    bridge = app.bridge(render_threads=2, render_timeout=1.0, max_props_bytes=1 << 20)
    yield bridge
    bridge.close()


@pytest.fixture
async def http(production: Bridge) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=production), base_url="http://t") as client:
        yield client


TRAVERSALS = [
    "../manifest.json",
    "..%2fmanifest.json",
    "%2e%2e%2fmanifest.json",
    "%2e%2e/%2e%2e/pages/user.py",
    "..\\manifest.json",
    "..%5cmanifest.json",
    "%5c..%5cmanifest.json",
    "/etc/passwd",
    "%2fetc%2fpasswd",
    "C:\\Windows\\win.ini",
    "./manifest.json",
    "pages/../../server.js",
    "%252e%252e/manifest.json",
    "..;/manifest.json",
    "....//manifest.json",
    "pages/%00.js",
    "",
    ".",
]


@pytest.mark.parametrize("rest", TRAVERSALS)
async def test_no_traversal_out_of_the_build(production: Bridge, app: App, rest: str) -> None:
    response = await asgi_request(production, "GET", f"/_bridge/static/{rest}".encode())
    assert response.status == 404
    assert response.header("x-content-type-options") == "nosniff"
    assert b"__bridgeRender" not in response.body  # the server bundle
    assert production.handler.manifest.build_id.encode() not in response.body  # the manifest
    assert b"get_server_side_props" not in response.body and b"root:" not in response.body
    assert "immutable" not in (response.header("cache-control") or "")


async def test_only_built_files_are_served(production: Bridge, app: App) -> None:
    static = app.build_dir / "static"
    files = sorted(f.relative_to(static).as_posix() for f in static.rglob("*") if f.is_file())
    built = [name for name in files if not name.endswith((".br", ".gz"))]  # (not the pre-compressed copies)
    assert built and len(built) < len(files)
    for name in built:
        response = await asgi_request(production, "GET", f"/_bridge/static/{name}".encode())
        assert response.status == 200
        assert response.body == (static / name).read_bytes()
        assert response.header("x-content-type-options") == "nosniff"
    # files beside the static folder, in it under another spelling, or of the pages: none of them
    others = ["manifest.json", "server.js", "server.js.map", "../pages/user.py", f"{built[0]}.bak", built[0].upper()]
    others += [name for name in files if name.endswith((".br", ".gz"))][:2]  # served as an encoding, not a file
    for name in others:
        assert (await asgi_request(production, "GET", f"/_bridge/static/{name}".encode())).status == 404, name


async def test_data_route_headers(http: httpx.AsyncClient, production: Bridge) -> None:
    build_id = production.handler.manifest.build_id
    origin = {"origin": "https://evil.example"}
    for path, status in [
        (f"/about?_bridge_data={build_id}", 200),
        (f"/user?name=eve&_bridge_data={build_id}", 200),
        (f"/nowhere?_bridge_data={build_id}", 404),
        (f"/boom?_bridge_data={build_id}", 500),
        ("/about?_bridge_data=0123456789abcdef", 409),
    ]:
        response = await http.get(path, headers=origin)
        assert response.status_code == status, path
        assert response.headers["content-type"] == "application/json", path
        assert "private" in response.headers["cache-control"], path  # never in a shared cache
        assert "access-control-allow-origin" not in response.headers, path  # no CORS
        assert "access-control-allow-credentials" not in response.headers, path
        assert response.headers["x-content-type-options"] == "nosniff", path
    preflight = await http.options(
        f"/about?_bridge_data={build_id}", headers={**origin, "access-control-request-method": "GET"}
    )
    assert "access-control-allow-origin" not in preflight.headers


async def test_props_over_the_limit_on_the_data_route(
    http: httpx.AsyncClient, production: Bridge, caplog: pytest.LogCaptureFixture
) -> None:
    build_id = production.handler.manifest.build_id
    response = await http.get(f"/big?kb=2000&_bridge_data={build_id}")
    assert response.status_code == 500
    assert response.json()["props"] == {"statusCode": 500}
    assert "b" * 1000 not in response.text
    [record] = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert "big.py: props: " in record.getMessage()
    assert f"bytes is over the limit of {1 << 20}" in record.getMessage()
    assert (await http.get(f"/big?kb=10&_bridge_data={build_id}")).status_code == 200


def leaks(text: str, app: App, secret: str) -> list[str]:
    """What of the server's insides ``text`` shows."""
    signs = {
        "a traceback": "Traceback (most recent call last)",
        "the environment value": secret,
        "the app's folder": str(app.pages.parent),
        "bridge's folder": str(Path(bridge_package.__file__).parent),
        "a Python file": '.py"',
        "the Python error": "RuntimeError",
        "the JS error": "component exploded",
        "a JS stack": "at <anonymous>",
    }
    return [name for name, sign in signs.items() if sign in text]


ERRORS = ["/boom", "/jserror", "/loop", "/recurse", "/big?kb=2000", "/user?name=x&fail=1"]


@pytest.mark.parametrize("path", ERRORS)
async def test_production_errors_show_nothing_of_the_server(
    http: httpx.AsyncClient, production: Bridge, app: App, secret_env: str, path: str
) -> None:
    build_id = production.handler.manifest.build_id
    page = await http.get(path)
    assert page.status_code == 500
    assert leaks(page.text, app, secret_env) == []
    page_path, _, query = path.partition("?")
    data = await http.get(f"{path}{'&' if query else '?'}_bridge_data={build_id}")
    if page_path not in ("/jserror", "/loop", "/recurse", "/user"):  # (the data route runs props, no render)
        assert data.status_code == 500
    assert leaks(data.text, app, secret_env) == []


async def test_dev_mode_shows_the_error(app: App, secret_env: str) -> None:
    dev = app.bridge(dev=True, render_threads=1)
    try:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=dev), base_url="http://t") as http:
            response = await http.get("/boom")
    finally:
        dev.close()
    assert response.status_code == 500
    assert {"a traceback", "the environment value", "the app's folder", "the Python error"} <= set(
        leaks(response.text, app, secret_env)
    )
