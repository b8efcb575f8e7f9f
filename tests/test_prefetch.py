"""Prefetches through the real ASGI stack: ``context.prefetch``, a page's ``prefetch = False`` (its code, never
its props), and the code route that viewport prefetching asks (modules only, no props run)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import httpx
import pytest
from conftest import build_app

from bridge import Bridge

PAGES = {
    "counted.jsx": "export default function Counted({ calls }) { return <p>{calls}</p>; }",
    "counted.py": """
CALLS = []


def get_server_side_props(context):
    CALLS.append(context.prefetch)
    return {"props": {"calls": len(CALLS), "prefetch": context.prefetch}}


def post(context):
    CALLS.append("post")
    return {"redirect": {"destination": "/counted"}}
""",
    "flash.jsx": "export default function Flash({ flash }) { return <p>{flash}</p>; }",
    "flash.py": """
prefetch = False  # reading the message consumes it: never run for a hover


def get_server_side_props(context):
    context.response.delete_cookie("flash")
    return {"props": {"flash": context.request.cookies.get("flash")}}
""",
    "books/[id].jsx": "export default function Book({ id }) { return <p>{id}</p>; }",
    "books/[id].py": """
CALLS = []


def get_server_side_props(context):
    CALLS.append(context.params["id"])
    return {"props": {"id": context.params["id"]}}
""",
    "about.jsx": "export default function About() { return <p>about</p>; }",
}


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Bridge]:
    bridge = build_app(tmp_path_factory.mktemp("prefetch"), PAGES).bridge(render_threads=1)
    yield bridge
    bridge.close()


def calls(app: Bridge, page: str) -> list[object]:
    """What the page module recorded of each ``get_server_side_props`` call."""
    return app.handler._modules[page].props_function.__globals__["CALLS"]  # type: ignore[no-any-return,union-attr]


def get(
    app: Bridge, path: str, headers: dict[str, str] | None = None, cookies: dict[str, str] | None = None
) -> httpx.Response:
    async def fetch() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver", cookies=cookies) as client:
            return await client.get(path, headers=headers)

    return asyncio.run(fetch())


def data(app: Bridge, path: str) -> str:
    return f"/{path}?_bridge_data={app.handler.manifest.build_id}"


@pytest.mark.parametrize(
    "headers",
    [{"Purpose": "prefetch"}, {"Sec-Purpose": "prefetch"}, {"Sec-Purpose": "prefetch;prerender"}],
)
def test_props_know_a_prefetch(app: Bridge, headers: dict[str, str]) -> None:
    prefetched = get(app, data(app, "counted"), headers).json()["props"]
    assert prefetched["prefetch"] is True
    visited = get(app, data(app, "counted")).json()["props"]
    assert visited["prefetch"] is False
    assert visited["calls"] == prefetched["calls"] + 1
    assert "Sec-Purpose" in get(app, data(app, "counted")).headers["vary"]


def test_a_page_that_opts_out_answers_a_prefetch_with_its_code_only(app: Bridge) -> None:
    prefetch = get(app, data(app, "flash"), {"Purpose": "prefetch"}, cookies={"flash": "Saved."})
    assert prefetch.status_code == 200
    assert "props" not in prefetch.json(), "the props ran for a prefetch"
    assert prefetch.json()["page"] == "flash"
    assert prefetch.json()["assets"]["page"].startswith("/_bridge/static/")
    assert "set-cookie" not in prefetch.headers, "the prefetch consumed the message"
    visit = get(app, data(app, "flash"), cookies={"flash": "Saved."})
    assert visit.json()["props"] == {"flash": "Saved."}
    assert 'flash=""' in visit.headers["set-cookie"]


def test_the_code_route_names_the_modules_without_running_props(app: Bridge) -> None:
    build_id = app.handler.manifest.build_id
    before = list(calls(app, "books/[id]"))
    code = get(app, f"/_bridge/code/{build_id}/books/a%2Fb.json")
    assert code.status_code == 200
    assert code.json() == {
        "build_id": build_id,
        "page": "books/[id]",
        "assets": get(app, data(app, "books/7")).json()["assets"],
    }
    assert code.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert calls(app, "books/[id]") == [*before, "7"], "only the data request ran props"
    missing = get(app, f"/_bridge/code/{build_id}/nope.json").json()
    assert missing["page"] == "404"
    stale = get(app, "/_bridge/code/another-build/about.json")
    assert stale.status_code == 409


def test_the_code_route_takes_no_actions(app: Bridge) -> None:
    async def post() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            return await client.post(f"/_bridge/code/{app.handler.manifest.build_id}/counted.json", data={"a": "1"})

    response = asyncio.run(post())
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, HEAD"
