"""examples/fastapi_app through FastAPI's real stack: Bridge added as a middleware, inside SessionMiddleware."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from fastapi import FastAPI

from .conftest import BuildExample
from .support import close_bridges, load_module, page_data

pytestmark = pytest.mark.anyio


@pytest.fixture(scope="module")
def app(example: BuildExample) -> Iterator[FastAPI]:
    app: FastAPI = load_module(example("fastapi_app") / "app.py", "example_fastapi_app").app
    yield app
    close_bridges(app)


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as client:
        yield client


async def test_page_props_read_the_session_the_api_wrote(client: httpx.AsyncClient) -> None:
    page = await client.get("/")
    assert page.status_code == 200
    assert page_data(page.text)["props"] == {"theme": "light"}

    saved = await client.post("/api/preferences", json={"theme": "dark"})
    assert saved.status_code == 200
    assert saved.json() == {"theme": "dark"}
    assert "session=" in saved.headers["set-cookie"]

    page = await client.get("/")
    assert page_data(page.text)["props"] == {"theme": "dark"}
    assert "<strong>dark</strong>" in page.text
    build_id = page_data(page.text)["build_id"]
    data = await client.get(f"/?_bridge_data={build_id}")
    assert data.json()["props"] == {"theme": "dark"}


async def test_the_apps_own_routes_are_untouched(client: httpx.AsyncClient) -> None:
    assert (await client.get("/api/preferences")).json() == {"theme": "light"}
    invalid = await client.post("/api/preferences", json={"theme": "purple"})
    assert invalid.status_code == 422  # FastAPI's validation, not bridge
    docs = await client.get("/docs")
    assert docs.status_code == 200
    assert "swagger" in docs.text.lower()
    schema = await client.get("/openapi.json")
    assert "/api/preferences" in schema.json()["paths"]
    static = await client.get("/static/hello.txt")
    assert static.text.strip() == "a static file served by FastAPI"
    unknown = await client.get("/no/such/page")
    assert unknown.status_code == 404
    assert unknown.json() == {"detail": "Not Found"}  # FastAPI's 404, not bridge's page
    post_on_page = await client.post("/about")
    assert post_on_page.status_code == 404
    assert post_on_page.json() == {"detail": "Not Found"}


async def test_a_link_to_one_of_the_apps_own_routes_reaches_the_app(client: httpx.AsyncClient) -> None:
    """The runtime asks any internal URL a <Link> points at for its data: a path that is no page belongs to the
    app, which answers as it would a full load (the runtime then loads it in full), never bridge's 404."""
    build_id = page_data((await client.get("/")).text)["build_id"]
    docs = await client.get(f"/docs?_bridge_data={build_id}")
    assert docs.status_code == 200
    assert "swagger" in docs.text.lower()
    assert (await client.get(f"/api/preferences?_bridge_data={build_id}")).json() == {"theme": "light"}
    unknown = await client.get(f"/no/such/page?_bridge_data={build_id}")
    assert unknown.json() == {"detail": "Not Found"}  # FastAPI's 404, not bridge's page data


async def test_pages_and_assets(client: httpx.AsyncClient) -> None:
    page = await client.get("/about")
    assert page.status_code == 200
    assert "<title>About</title>" in page.text
    asset = await client.get(page_data(page.text)["assets"]["page"])
    assert asset.status_code == 200
    assert asset.headers["cache-control"] == "public, max-age=31536000, immutable"
    head = await client.head("/")
    assert head.status_code == 200
    assert head.content == b""
    slash = await client.get("/about/")
    assert slash.status_code == 308
    assert slash.headers["location"] == "/about"
