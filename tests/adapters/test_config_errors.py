"""Mistakes in mounting bridge fail at start-up with a message that says what to do."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from bridge import Bridge, ConfigError
from bridge.adapters.wsgi import BridgeWSGI

from .conftest import EXAMPLES


@pytest.mark.parametrize("adapter", [Bridge, BridgeWSGI])
def test_a_missing_pages_folder_is_named(adapter: type[Bridge] | type[BridgeWSGI]) -> None:
    with pytest.raises(ConfigError, match=r"pages folder not found: .*does/not/exist"):
        adapter(pages="does/not/exist")


@pytest.mark.parametrize("adapter", [Bridge, BridgeWSGI])
def test_pages_without_a_build_say_to_run_bridge_build(adapter: type[Bridge], tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "index.jsx").write_text("export default function Home() { return <h1>hi</h1>; }\n")
    with pytest.raises(ConfigError, match=rf"no build found at {tmp_path / '.bridge'}: run `bridge build`"):
        adapter(pages=pages)


def test_a_page_missing_from_the_build_says_to_run_bridge_build(tmp_path: Path) -> None:
    # A build that lacks pages (an old one, say): pages added since the last build are caught.
    build = tmp_path / "build"
    build.mkdir()
    (build / "manifest.json").write_text(
        '{"build_id": "x", "dev": false, "server": "server.js", "runtime": {"file": "r.js", "imports": []},'
        ' "pages": {"_app": {"file": "a.js", "imports": []}}, "runtime_gzip": 0}'
    )
    with pytest.raises(
        ConfigError, match=r"pages \['about', 'index'\] are missing from the build .*: run `bridge build`"
    ):
        BridgeWSGI(pages=EXAMPLES / "fastapi_app" / "pages", build_dir=build)


@pytest.mark.anyio
async def test_as_middleware_without_a_lifespan_only_bridges_routes_fail(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # Starlette builds its middleware stack on the first call; with no lifespan, that is the first request.
    pages = tmp_path / "pages"
    (pages / "books").mkdir(parents=True)
    (pages / "books" / "[id].jsx").write_text("export default function Book() { return <p>book</p>; }\n")

    async def ping(request: Request) -> PlainTextResponse:
        return PlainTextResponse("pong")

    app = Starlette(routes=[Route("/api/ping", ping)], middleware=[Middleware(Bridge, pages=pages)])
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as client:
        assert (await client.get("/api/ping")).text == "pong"
        page = await client.get("/books/1")
        assert page.status_code == 500
        assert "bridge could not load the pages: ConfigError: no build found at" in page.text
        assert (await client.get("/books/1?_bridge_data=x")).status_code == 500
        assert (await client.get("/elsewhere")).status_code == 404  # the app's own 404
    assert "run `bridge build` first" in caplog.text


@pytest.mark.anyio
async def test_as_middleware_with_no_pages_folder_only_bridges_own_paths_fail(tmp_path: Path) -> None:
    # Without a pages folder there are no page routes to claim: every path but /_bridge/ is the app's.
    async def ping(request: Request) -> PlainTextResponse:
        return PlainTextResponse("pong")

    missing = tmp_path / "pages"
    app = Starlette(routes=[Route("/api/ping", ping)], middleware=[Middleware(Bridge, pages=missing)])
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as client:
        assert (await client.get("/api/ping")).text == "pong"
        assert (await client.get("/")).status_code == 404  # the app's own 404
        runtime = await client.get("/_bridge/static/runtime.js")
        assert runtime.status_code == 500
        assert f"bridge could not load the pages: ConfigError: pages folder not found: {missing}" in runtime.text
