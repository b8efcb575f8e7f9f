"""Partial reloads through the real ASGI stack: the data route with ``X-Bridge-Only`` sends only the named
props, and ``context.only`` lets props skip computing the others."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import httpx
import pytest
from conftest import build_app

from bridge import Bridge

PAGES = {
    "post.jsx": "export default function Post({ title, comments }) { return <p>{title}: {comments.length}</p>; }",
    "post.py": """
from dataclasses import dataclass

COMPUTED = []


def get_server_side_props(context):
    wanted = context.only or {"title", "comments", "author"}
    COMPUTED.append(sorted(wanted))
    props = {}
    if "title" in wanted:
        props["title"] = "Hello"
    if "comments" in wanted:
        props["comments"] = ["first", "second"]
    if "author" in wanted:
        props["author"] = "ada"
    return {"props": props}
""",
    "typed.jsx": "export default function Typed({ a, b }) { return <p>{a}{b}</p>; }",
    "typed.py": """
from dataclasses import dataclass


@dataclass
class Props:
    a: int
    b: int


def get_server_side_props(context):
    return {"props": Props(1, 2)}
""",
}


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Bridge]:
    bridge = build_app(tmp_path_factory.mktemp("partial"), PAGES).bridge(render_threads=1, dev=True)
    yield bridge
    bridge.close()


def get(app: Bridge, path: str, headers: dict[str, str] | None = None) -> httpx.Response:
    async def fetch() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            return await client.get(path, headers=headers)

    return asyncio.run(fetch())


def data(app: Bridge, path: str) -> str:
    return f"/{path}?_bridge_data={app.handler.manifest.build_id}"


def test_only_the_named_props_are_computed_and_sent(app: Bridge) -> None:
    computed = app.handler._modules["post"].props_function.__globals__["COMPUTED"]  # type: ignore[union-attr]
    full = get(app, data(app, "post")).json()
    assert full["props"] == {"title": "Hello", "comments": ["first", "second"], "author": "ada"}
    partial = get(app, data(app, "post"), {"X-Bridge-Only": "comments"})
    assert partial.status_code == 200
    assert partial.json()["props"] == {"comments": ["first", "second"]}
    assert partial.json()["page"] == "post"
    assert computed[-1] == ["comments"]
    assert "X-Bridge-Only" in partial.headers["vary"]


def test_props_computed_anyway_are_not_sent(app: Bridge) -> None:
    partial = get(app, data(app, "typed"), {"X-Bridge-Only": "b, nope"})
    assert partial.json()["props"] == {"b": 2}, "a dataclass is filtered too; unknown names are ignored"


def test_a_page_request_always_gets_every_prop(app: Bridge) -> None:
    html = get(app, "/post", {"X-Bridge-Only": "comments"}).text
    assert '"author":"ada"' in html
