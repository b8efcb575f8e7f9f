"""The headers every page answer carries for the visitor's safety, and what a shared cache may be given."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import orjson
import pytest
from conftest import BuildPages, BuiltApp

from bridge import Bridge

PAGES = {
    "index.jsx": "export default function Home() { return <p>home</p>; }",
    "cached.jsx": "export default function Cached({ n }) { return <p>{n}</p>; }",
    "cached.py": """
def get_server_side_props(context):
    context.response.headers["cache-control"] = context.query.get("cc", "public, max-age=60")
    return {"props": {"n": 1}}


def post(context):
    return {"errors": {"title": "required"}}
""",
    "same.jsx": "export default function Same() { return <p>same</p>; }",
    "same.py": "render_cache = True\n\n\ndef get_server_side_props(context):\n    return {'props': {}}\n",
}

pytestmark = pytest.mark.anyio


@pytest.fixture
def app(build_pages: BuildPages) -> BuiltApp:
    return build_pages(PAGES)


@pytest.fixture
def served(app: BuiltApp) -> Iterator[Bridge]:
    bridge = app.bridge()
    yield bridge
    bridge.close()


async def get(bridge: Bridge, path: str, **options: object) -> httpx.Response:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=bridge), base_url="http://testserver") as client:
        return await client.get(path, **options)  # type: ignore[arg-type]


async def test_pages_carry_referrer_policy_and_frame_options_and_are_never_stored(served: Bridge) -> None:
    response = await get(served, "/")
    assert response.headers.get("referrer-policy") == "strict-origin-when-cross-origin"
    assert response.headers.get("x-frame-options") == "SAMEORIGIN"
    assert response.headers["cache-control"] == "private, no-cache, no-store, max-age=0, must-revalidate"


async def test_the_headers_are_configurable_and_a_csp_gets_frame_ancestors(app: BuiltApp) -> None:
    bridge = app.bridge(referrer_policy="no-referrer", frame_options=None, csp="script-src 'nonce-{nonce}'")
    other = app.bridge(csp="script-src 'nonce-{nonce}'")
    try:
        response = await get(bridge, "/")
        framed = await get(other, "/")
    finally:
        bridge.close()
        other.close()
    assert response.headers["referrer-policy"] == "no-referrer"
    assert "x-frame-options" not in response.headers
    assert "frame-ancestors" not in response.headers["content-security-policy"]
    assert framed.headers["content-security-policy"].endswith("; frame-ancestors 'self'")


@pytest.mark.parametrize("cache_control", ["public, max-age=60", "s-maxage=60", "max-age=0, s-maxage=600"])
async def test_a_response_a_shared_cache_may_store_sets_no_cookie(served: Bridge, cache_control: str) -> None:
    response = await get(served, "/cached", params={"cc": cache_control})
    assert response.headers["cache-control"] == cache_control
    assert "set-cookie" not in response.headers, f"{cache_control!r} set {response.headers['set-cookie']!r}"


VISITOR_TOKEN = "v" * 43
"""A token in the exact format bridge makes, as the cookie of a visitor who has one."""
PAGE_DATA = re.compile(r'<script id="__BRIDGE_DATA__" type="application/json">(.*?)</script>', re.DOTALL)


@pytest.mark.parametrize("cache_control", ["public, max-age=60", "s-maxage=60"])
@pytest.mark.parametrize("cookie", [None, VISITOR_TOKEN], ids=["first-visit", "returning"])
async def test_a_page_a_shared_cache_may_store_holds_nothing_per_visitor(
    served: Bridge, cache_control: str, cookie: str | None
) -> None:
    build_id = served.handler.manifest.build_id
    headers = {"cookie": f"bridge_csrf={cookie}"} if cookie else {}
    params = {"cc": cache_control}
    html = await get(served, "/cached", params=params, headers=headers)
    data = await get(served, "/cached", params={**params, "_bridge_data": build_id}, headers=headers)
    for response in (html, data):
        assert response.headers["cache-control"] == cache_control
        assert "set-cookie" not in response.headers
        assert VISITOR_TOKEN not in response.text
    embedded = orjson.loads(PAGE_DATA.findall(html.text)[0])
    assert embedded["csrf"] == data.json()["csrf"] == {"field": "csrf_token", "token": None}


async def test_an_action_answer_on_a_page_a_shared_cache_may_store_is_never_stored(served: Bridge) -> None:
    """The 422 an action answers with errors runs the page's props again, which ask for ``public``: the answer
    is still one visitor's (their values, a fresh cookie), so no cache may keep it, and it echoes no token."""
    form = {"title": "", "csrf_token": VISITOR_TOKEN}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=served), base_url="http://testserver") as client:
        client.cookies.set("bridge_csrf", VISITOR_TOKEN)
        headers = {"origin": "http://testserver"}
        html = await client.post("/cached", data=form, headers=headers)
        data = await client.post(f"/cached?_bridge_data={served.handler.manifest.build_id}", data=form, headers=headers)
    for response in (html, data):
        assert response.status_code == 422
        assert response.headers["cache-control"] == "private, no-store"
    assert data.json()["props"]["values"] == {"title": ""}
    assert data.json()["csrf"]["token"] == VISITOR_TOKEN  # the visitor's own, for their next submission
    assert VISITOR_TOKEN not in PAGE_DATA.findall(html.text)[0].split('"csrf"')[0]


async def test_the_token_route_gives_the_visitor_their_token_never_cached(served: Bridge) -> None:
    first = await get(served, "/_bridge/csrf")
    token = first.json()["token"]
    assert first.json() == {"field": "csrf_token", "token": token}
    assert first.headers["cache-control"] == "private, no-store"
    assert first.headers["set-cookie"].startswith(f"bridge_csrf={token}; Path=/; HttpOnly")
    returning = await get(served, "/_bridge/csrf", headers={"cookie": f"bridge_csrf={VISITOR_TOKEN}"})
    assert returning.json()["token"] == VISITOR_TOKEN
    assert "set-cookie" not in returning.headers


async def test_a_private_page_still_sets_the_cookie(served: Bridge) -> None:
    response = await get(served, "/cached", params={"cc": "private, max-age=60"})
    assert response.headers["set-cookie"].startswith("bridge_csrf=")


async def test_server_timing_tells_no_one_about_the_render_cache_in_production(served: Bridge) -> None:
    await get(served, "/same")
    second = await get(served, "/same")
    assert second.headers["server-timing"].startswith("props;dur=")
    assert "cache hit" not in second.headers["server-timing"]


@pytest.mark.parametrize("options", [{"dev": True}, {"timing_cache_hits": True}])
async def test_server_timing_shows_cache_hits_in_dev_or_when_asked(app: BuiltApp, options: dict[str, bool]) -> None:
    bridge = app.bridge(**options)
    try:
        await get(bridge, "/same")
        second = await get(bridge, "/same")
    finally:
        bridge.close()
    assert 'desc="cache hit"' in second.headers["server-timing"]
