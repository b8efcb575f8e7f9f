"""Mistakes in mounting bridge fail at start-up with a message that says what to do."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware

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
async def test_as_starlette_middleware_the_error_comes_with_the_first_request() -> None:
    # Starlette builds its middleware stack on the first request, so that is when Bridge loads.
    app = Starlette(middleware=[Middleware(Bridge, pages="does/not/exist")])
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as client:
        with pytest.raises(ConfigError, match="pages folder not found"):
            await client.get("/")
