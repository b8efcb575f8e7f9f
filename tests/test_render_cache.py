"""The opt-in render cache: hits are the same HTML, keyed by all page data but the visitor's CSRF token."""

from __future__ import annotations

import asyncio

import httpx
from conftest import BuildPages

from bridge.render.cache import RenderCache
from bridge.render.engine import Rendered

PAGE = """
import { Form } from "bridge/form";
let renders = 0;
export default function Cached({ n }) {
  renders += 1;
  return <Form><p id="n">{n}</p><p id="renders">{renders}</p></Form>;
}
"""
PROPS = """
render_cache = True

def get_server_side_props(context):
    return {"props": {"n": context.query.get("n", "0")}}

def post(context):
    return {"props": {"n": "posted"}}
"""


def _get(app: object, *requests: tuple[str, dict[str, str]]) -> list[httpx.Response]:
    """Each request from a new visitor (no cookies)."""

    async def fetch(path: str, headers: dict[str, str]) -> httpx.Response:
        transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            return await client.get(path, headers=headers)

    return [asyncio.run(fetch(path, headers)) for path, headers in requests]


def test_cached_pages_render_once_per_page_data(build_pages: BuildPages) -> None:
    app = build_pages({"cached.jsx": PAGE, "cached.py": PROPS})
    bridge = app.bridge(render_threads=1, dev=True)  # (Server-Timing tells cache hits in dev only)
    try:
        first, second, other = _get(bridge, ("/cached?n=1", {}), ("/cached?n=1", {}), ("/cached?n=2", {}))
    finally:
        bridge.close()
    assert "cache hit" not in first.headers["server-timing"]
    assert 'desc="cache hit"' in second.headers["server-timing"]
    assert "cache hit" not in other.headers["server-timing"]
    assert '<p id="renders">1</p>' in first.text and '<p id="renders">1</p>' in second.text  # not rendered again
    assert '<p id="n">2</p>' in other.text and '<p id="renders">2</p>' in other.text
    assert bridge.handler.renderer.cache.hits == 1


def test_each_visitor_gets_their_own_csrf_token_from_a_cached_render(build_pages: BuildPages) -> None:
    app = build_pages({"cached.jsx": PAGE, "cached.py": PROPS})
    bridge = app.bridge(render_threads=1, dev=True)
    try:
        a, b = _get(bridge, ("/cached", {}), ("/cached", {}))
    finally:
        bridge.close()
    token_a = a.headers["set-cookie"].split(";")[0].split("=", 1)[1]
    token_b = b.headers["set-cookie"].split(";")[0].split("=", 1)[1]
    assert token_a != token_b
    assert 'desc="cache hit"' in b.headers["server-timing"]
    assert f'value="{token_a}"' in a.text and token_b not in a.text
    assert f'value="{token_b}"' in b.text and token_a not in b.text
    assert "bridge-csrf-placeholder" not in a.text + b.text


def test_pages_without_render_cache_are_always_rendered(build_pages: BuildPages) -> None:
    app = build_pages({"plain.jsx": PAGE})
    bridge = app.bridge(render_threads=1)
    try:
        first, second = _get(bridge, ("/plain", {}), ("/plain", {}))
    finally:
        bridge.close()
    assert '<p id="renders">1</p>' in first.text and '<p id="renders">2</p>' in second.text


def test_the_cache_drops_least_recently_used_renders_past_its_byte_limit() -> None:
    cache = RenderCache(max_bytes=100)
    one, two, three = (RenderCache.key("p", str(i).encode()) for i in range(3))
    cache.put(one, Rendered("", "a" * 40, ""))
    cache.put(two, Rendered("", "b" * 40, ""))
    assert cache.get(one) is not None  # one is now the most recently used
    cache.put(three, Rendered("", "c" * 40, ""))
    assert cache.get(two) is None and cache.get(one) is not None and cache.get(three) is not None
    assert cache.bytes == 80
    cache.put(RenderCache.key("p", b"huge"), Rendered("", "x" * 101, ""))  # bigger than the cache: not kept
    assert cache.bytes == 80
    assert RenderCache.key("p", b"1") != RenderCache.key("q", b"1")


def test_concurrent_misses_for_the_same_page_data_wait_for_one_render(build_pages: BuildPages) -> None:
    """32 visitors at once on a cold cached page: one render, whose HTML all of them get (with their tokens)."""
    app = build_pages({"cached.jsx": PAGE, "cached.py": PROPS})
    bridge = app.bridge(render_threads=2, dev=True)
    pool = bridge.handler.pool
    renders: list[str] = []
    render = pool.render

    async def counted(page: str, data_json: str) -> Rendered:
        renders.append(page)
        await asyncio.sleep(0.05)  # the others arrive while this render is on its way
        return await render(page, data_json)

    pool.render = counted  # type: ignore[method-assign]

    async def visit(client: httpx.AsyncClient) -> httpx.Response:
        client.cookies.clear()
        return await client.get("/cached?n=7")

    async def visitors() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=bridge)
        clients = [httpx.AsyncClient(transport=transport, base_url="http://testserver") for _ in range(32)]
        try:
            return await asyncio.gather(*(visit(client) for client in clients))
        finally:
            await asyncio.gather(*(client.aclose() for client in clients))

    try:
        responses = asyncio.run(visitors())
        again = _get(bridge, ("/cached?n=7", {}))[0]
    finally:
        bridge.close()
    assert renders == ["cached"]
    assert [response.status_code for response in responses] == [200] * 32
    tokens = {response.headers["set-cookie"].split(";")[0].split("=", 1)[1] for response in responses}
    assert len(tokens) == 32
    for response in responses:
        token = response.headers["set-cookie"].split(";")[0].split("=", 1)[1]
        assert '<p id="n">7</p>' in response.text and f'value="{token}"' in response.text
    assert sum('desc="cache hit"' not in response.headers["server-timing"] for response in responses) == 1
    assert 'desc="cache hit"' in again.headers["server-timing"]


HEAD_PAGE = """
import { useRouter } from "bridge/router";
export default function Cached({ n }) {
  const { csrf } = useRouter();
  return <><meta name="csrf-token" content={csrf.token} /><p id="n">{n}</p></>;
}
"""


def test_query_text_never_becomes_the_visitors_token(build_pages: BuildPages) -> None:
    """Even someone who knows this process's placeholder cannot have it replaced by a visitor's token."""
    from bridge.render import cache

    app = build_pages({"cached.jsx": PAGE, "cached.py": PROPS})
    bridge = app.bridge(render_threads=1)
    try:
        [response] = _get(bridge, (f"/cached?n={cache.CSRF_PLACEHOLDER}", {}))
    finally:
        bridge.close()
    token = response.headers["set-cookie"].split(";")[0].split("=", 1)[1]
    assert f'<p id="n">{token}</p>' not in response.text, "the query printed the visitor's token"
    assert response.text.count(token) == 2  # the hidden field and the page data, nowhere else


def test_a_planted_cookie_never_becomes_markup(build_pages: BuildPages) -> None:
    app = build_pages({"cached.jsx": PAGE, "cached.py": PROPS})
    bridge = app.bridge(render_threads=1)
    planted = "<img src=x onerror=alert(1)>" + "x" * 30
    try:
        [response] = _get(bridge, ("/cached", {"cookie": f"bridge_csrf={planted}"}))
    finally:
        bridge.close()
    assert "<img src=x" not in response.text, "a planted cookie became markup"
    new = response.headers["set-cookie"].split(";")[0].split("=", 1)[1]
    assert new != planted and f'value="{new}"' in response.text  # a fresh token replaces what was planted


def test_the_head_gets_the_visitors_token_too(build_pages: BuildPages) -> None:
    app = build_pages({"cached.jsx": HEAD_PAGE, "cached.py": PROPS})
    bridge = app.bridge(render_threads=1)
    try:
        a, b = _get(bridge, ("/cached", {}), ("/cached", {}))
    finally:
        bridge.close()
    for response in (a, b):
        token = response.headers["set-cookie"].split(";")[0].split("=", 1)[1]
        head = response.text.split("</head>")[0]
        assert f'<meta name="csrf-token" content="{token}"/>' in head, head[-300:]
    assert bridge.handler.renderer.cache.hits == 1
