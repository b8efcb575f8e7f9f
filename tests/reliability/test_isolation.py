"""Nothing of one request is reachable from the next, on both engines.

bridge hands each render its data as arguments (``__bridgeRender(page, dataJson)``) and keeps none of it in
the context: the router is created per render, console lines are drained per render, and a render that
fails takes its context with it. With one render thread every request below meets the same context, so
a leak would show: /scan searches everything a component can reach (globalThis and what hangs off it,
React's module and internals, the router) for the earlier user's data.

What a page keeps itself is another matter: module-level variables live as long as the context, as they
would in one Node process (README: "Module-level state in your components lives as long as one engine
context"). Each render thread has its own context, and a context is replaced after any failed render.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import AsyncIterator

import httpx
import pytest

from bridge import Bridge

from .conftest import App

pytestmark = pytest.mark.anyio

FOUND = re.compile(r'<ul id="found">(.*?)</ul>', re.DOTALL)


@pytest.fixture
async def one_context(app: App, engine: str) -> AsyncIterator[tuple[httpx.AsyncClient, Bridge]]:
    """The fixture app with a single render thread: every render meets the same engine context."""
    bridge = app.bridge(engine=engine, render_threads=1, render_timeout=1.0)
    try:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=bridge), base_url="http://t") as http:
            yield http, bridge
    finally:
        bridge.close()


async def scan(http: httpx.AsyncClient, needle: str) -> tuple[list[str], int]:
    """Where /scan found ``needle``, and how many objects it visited."""
    response = await http.get("/scan", params={"reversed": needle[::-1]})
    assert response.status_code == 200, response.text
    assert needle not in response.text.split('<ul id="found">')[0]  # (the page itself does not carry it)
    [found] = FOUND.findall(response.text)
    visited = re.search(r'<p id="visited">(\d+)</p>', response.text)
    assert visited is not None
    return re.findall(r"<li>(.*?)</li>", found), int(visited[1])


async def test_a_users_data_is_not_reachable_from_the_next_render(
    one_context: tuple[httpx.AsyncClient, Bridge], caplog: pytest.LogCaptureFixture
) -> None:
    http, bridge = one_context
    caplog.set_level(logging.INFO, logger="bridge.console")
    alice = f"alice-{uuid.uuid4().hex[:8]}"
    page = await http.get("/user", params={"name": alice, "log": "1"})
    assert f'<p id="secret">secret-of-{alice}</p>' in page.text
    assert f"secret-of-{alice}" in caplog.text  # A's console line reached the log, in A's render
    caplog.clear()
    found, visited = await scan(http, alice)
    assert found == [], f"{alice} is reachable from the next render at {found}"
    assert visited > 500  # the search went through React's internals and the globals, not just a few objects
    assert alice not in caplog.text  # B's render logged nothing of A's
    assert bridge.handler.pool.replaced == 0  # the same context throughout


async def test_a_failed_renders_data_goes_with_its_context(
    one_context: tuple[httpx.AsyncClient, Bridge], caplog: pytest.LogCaptureFixture
) -> None:
    """A render that logs and then throws leaves undrained console lines behind: its context is discarded."""
    http, bridge = one_context
    caplog.set_level(logging.INFO, logger="bridge.console")
    bob = f"bob-{uuid.uuid4().hex[:8]}"
    assert (await http.get("/user", params={"name": bob, "fail": "1"})).status_code == 500
    assert bridge.handler.pool.replaced == 1
    caplog.clear()
    found, _ = await scan(http, bob)
    assert found == []
    assert (await http.get("/user", params={"name": "carol", "log": "1"})).status_code == 200
    assert bob not in caplog.text


async def test_the_scan_finds_what_a_page_keeps_itself(one_context: tuple[httpx.AsyncClient, Bridge]) -> None:
    """The control: data a page puts on globalThis stays in the context, and /scan finds it."""
    http, _ = one_context
    dave = f"dave-{uuid.uuid4().hex[:8]}"
    assert (await http.get("/user", params={"name": dave, "keep": "1"})).status_code == 200
    found, _ = await scan(http, dave)
    assert found == ["globalThis.__kept.secret"]


async def test_module_level_state_lives_as_long_as_the_context(one_context: tuple[httpx.AsyncClient, Bridge]) -> None:
    http, bridge = one_context

    async def count() -> tuple[str, int]:
        response = await http.get("/counter")
        found = re.search(r'<p id="count" data-context="(\w+)">(\d+)</p>', response.text)
        assert found is not None, response.text
        return found[1], int(found[2])

    before = [await count() for _ in range(3)]
    context = before[0][0]
    assert before == [(context, 1), (context, 2), (context, 3)]  # as in one Node process
    assert (await http.get("/loop")).status_code == 500  # the context is replaced after a failed render
    assert bridge.handler.pool.replaced == 1
    after = [await count() for _ in range(4)]
    # (with more than one render thread the renders would be spread over their contexts: count per context)
    per_context: dict[str, list[int]] = {}
    for name, value in after:
        per_context.setdefault(name, []).append(value)
    assert context not in per_context
    assert all(values == list(range(1, len(values) + 1)) for values in per_context.values()), after
