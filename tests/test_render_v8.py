"""The V8 engine on the running event loop (``V8Engine.on_loop``, the render pool's path for ``await
pool.render``), with the hand-written server bundle of test_render.py.

``render_sync`` (WSGI) still goes through the render threads; ``await pool.render`` renders on the loop
that awaits it, with up to ``per_loop`` engines per loop (default ``threads``), made on that loop and
dropped with it.
"""

from __future__ import annotations

import asyncio
import importlib.util
import sys
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from test_render import BUNDLE, LIMITS, data

from bridge import RenderError, RenderMemoryError, RenderTimeout
from bridge.render import pool as pool_module
from bridge.render.engine import Limits, Rendered
from bridge.render.pool import RenderPool

if importlib.util.find_spec("py_mini_racer") is None:  # (the reliability tests fail instead under CI)
    pytest.skip("the v8 engine needs mini-racer (pip install 'bridge[v8]')", allow_module_level=True)

from bridge.render.v8 import V8Engine

SLACK = 1.0
"""How much later than its time limit a runaway render may be stopped (a shared, busy machine)."""
SLOW = Limits(timeout=2.0, memory=LIMITS.memory)


def spying(events: list[str]) -> type[V8Engine]:
    """V8Engine, noting in ``events`` what is made, where it renders, and what is closed."""

    class Spy(V8Engine):
        def __init__(self, bundle: str, limits: Limits) -> None:
            events.append("thread engine")
            super().__init__(bundle, limits)

        @classmethod
        async def on_loop(cls, bundle: str, limits: Limits) -> V8Engine:
            events.append("loop engine")
            return await super().on_loop(bundle, limits)

        def render(self, page: str, data_json: str) -> Rendered:
            events.append(f"render on {threading.current_thread().name}")
            return super().render(page, data_json)

        async def render_async(self, page: str, data_json: str) -> Rendered:
            events.append(f"render_async on {threading.current_thread().name}")
            return await super().render_async(page, data_json)

        def collect(self) -> None:
            events.append("collect")
            super().collect()

        def close(self) -> None:
            events.append("close")
            super().close()

    return Spy


@pytest.fixture
def pool() -> Iterator[RenderPool]:
    """One engine per loop (and one render thread): every render meets the same engine unless it was replaced."""
    pool = RenderPool(BUNDLE, factory=V8Engine, threads=1, limits=LIMITS)
    yield pool
    pool.close()


@pytest.fixture
def unraisable(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """What reaches ``sys.unraisablehook`` during the test, e.g. "Event loop is closed" raised in a mini-racer
    callback on V8's thread."""
    seen: list[Any] = []
    monkeypatch.setattr(sys, "unraisablehook", seen.append)
    return seen


# the engine on the loop


@pytest.mark.anyio
async def test_render_on_the_loop() -> None:
    engine = await V8Engine.on_loop(BUNDLE, LIMITS)
    try:
        page_data = data(head="<title>T</title>", body="<p>😀</p>", logs=[["info", "x"]])
        rendered = await engine.render_async("page", page_data)
    finally:
        engine.close()
    assert rendered == Rendered(head="<title>T</title>", body="<p>😀</p>", logs='[["info","x"]]')


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("page", "error", "message"),
    [
        ("loop", RenderTimeout, "ran past its time limit"),
        ("arrays", RenderMemoryError, "ran out of memory"),
        ("objects", RenderMemoryError, "ran out of memory"),
        ("recurse", RenderMemoryError, "stack overflow"),
        ("throws", RenderError, "Error: broken page: bad input"),
        ("throwsString", RenderError, "a bare string"),
    ],
)
async def test_faults_on_the_loop(page: str, error: type[RenderError], message: str) -> None:
    engine = await V8Engine.on_loop(BUNDLE, LIMITS)
    started = time.monotonic()
    try:
        with pytest.raises(error, match=message) as caught:
            await engine.render_async(page, data(why="bad input"))
    finally:
        engine.close()
    assert type(caught.value) is error
    assert time.monotonic() - started < LIMITS.timeout + SLACK


@pytest.mark.anyio
async def test_a_bundle_that_fails_to_load_on_the_loop() -> None:
    with pytest.raises(RenderError, match=r"the server bundle failed to load: .*SyntaxError"):
        await V8Engine.on_loop("globalThis.__bridgeRender = (;", LIMITS)
    with pytest.raises(RenderError, match=r"the server bundle failed to load: .*Error: no React here"):
        await V8Engine.on_loop("throw new Error('no React here')", LIMITS)
    with pytest.raises(RenderError, match="defines no __bridgeRender function"):
        await V8Engine.on_loop("globalThis.somethingElse = 1", LIMITS)


@pytest.mark.anyio
async def test_errors_leave_out_the_minified_source_line() -> None:
    """mini-racer quotes the line an error comes from: in a minified bundle, kilobytes of code."""
    minified = "/*" + "x" * 5000 + "*/"
    with pytest.raises(RenderError, match="no React here") as caught:
        await V8Engine.on_loop(f"{minified} throw new Error('no React here')", LIMITS)
    assert "xxxxx" not in str(caught.value)
    bundle = f"globalThis.__bridgeRender = () => {{ {minified} throw new Error('it broke'); }}"
    engine = await V8Engine.on_loop(bundle, LIMITS)
    try:
        with pytest.raises(RenderError, match="it broke") as caught:
            await engine.render_async("page", data())
    finally:
        engine.close()
    assert "xxxxx" not in str(caught.value)
    assert "at globalThis.__bridgeRender (<anonymous>:1:" in str(caught.value)  # the stack stays, to be mapped


# the pool


def test_await_renders_on_the_loop_and_render_sync_on_a_thread() -> None:
    events: list[str] = []
    pool = RenderPool(BUNDLE, factory=spying(events), threads=1, limits=LIMITS)
    try:
        assert pool.render_sync("page", data(body="<p>sync</p>")).body == "<p>sync</p>"
        rendered = asyncio.run(pool.render("page", data(body="<p>async</p>")))
        assert rendered.body == "<p>async</p>"
    finally:
        pool.close()
    here = threading.current_thread().name
    assert events == [
        "thread engine",  # at start-up: does the bundle load? (threads start with the first render_sync)
        "close",
        "thread engine",
        "render on bridge-render-0",
        "loop engine",
        f"render_async on {here}",
        "close",  # both engines, in either order
        "close",
    ]


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("page", "error"),
    [("loop", RenderTimeout), ("arrays", RenderMemoryError), ("recurse", RenderMemoryError), ("throws", RenderError)],
)
async def test_faults_replace_the_loop_engine(pool: RenderPool, page: str, error: type[RenderError]) -> None:
    await pool.render("remember", data(value="state of the old engine"))
    assert (await pool.render("recall", data())).body == "<p>state of the old engine</p>"
    with pytest.raises(error) as caught:
        await pool.render(page, data(why="x"))
    assert type(caught.value) is error
    assert pool.replaced == 1
    assert (await pool.render("page", data(body="<p>still works</p>"))).body == "<p>still works</p>"
    assert (await pool.render("recall", data())).body == "<p>undefined</p>"  # a fresh engine: the globals went


@pytest.mark.anyio
async def test_a_page_that_timed_out_is_quarantined(pool: RenderPool) -> None:
    with pytest.raises(RenderTimeout):
        await pool.render("loop", data())
    started = time.monotonic()
    with pytest.raises(RenderTimeout, match="moments ago"):
        await pool.render("loop", data())
    assert time.monotonic() - started < 0.1
    assert pool.replaced == 1
    assert (await pool.render("page", data(body="ok"))).body == "ok"


@pytest.mark.anyio
async def test_concurrent_renders_on_one_loop() -> None:
    events: list[str] = []
    pool = RenderPool(BUNDLE, factory=spying(events), threads=2, limits=SLOW)
    try:
        bodies = [f"<p>{i}-😀</p>" for i in range(60)]
        rendered = await asyncio.gather(*(pool.render("page", data(body=body)) for body in bodies))
        assert [r.body for r in rendered] == bodies
        assert events.count("loop engine") == 2  # no more than `threads` engines on one loop
        started = time.monotonic()  # the two engines render at the same time, each on V8's thread of its own
        busy = await asyncio.gather(*(pool.render("busy", data(ms=400, body=str(i))) for i in range(2)))
        assert [r.body for r in busy] == ["0", "1"]
        assert time.monotonic() - started < 0.75
        assert events.count("loop engine") == 2
        assert pool.replaced == 0
    finally:
        pool.close()


@pytest.mark.anyio
async def test_per_loop_bounds_the_engines_of_a_loop_apart_from_the_threads() -> None:
    events: list[str] = []
    pool = RenderPool(BUNDLE, factory=spying(events), threads=2, per_loop=1, limits=SLOW)
    try:
        bodies = [f"<p>{i}</p>" for i in range(20)]
        rendered = await asyncio.gather(*(pool.render("page", data(body=body)) for body in bodies))
        assert [r.body for r in rendered] == bodies
        assert events.count("loop engine") == 1  # the concurrent renders took turns on one engine
    finally:
        pool.close()


@pytest.mark.anyio
async def test_collect_gives_back_the_heap_of_past_renders() -> None:
    engine = await V8Engine.on_loop(BUNDLE, LIMITS)
    try:
        for i in range(20):  # each render leaves its page data and its HTML behind as garbage
            await engine.render_async("page", data(body=f"<p>{i}</p>" * 20_000))
        grown = engine._context.heap_stats()["total_heap_size"]
        engine.collect()
        collected = engine._context.heap_stats()["total_heap_size"]
        assert collected < grown / 2, (grown, collected)
        assert (await engine.render_async("page", data(body="<p>on</p>"))).body == "<p>on</p>"
    finally:
        engine.close()


@pytest.mark.anyio
async def test_a_loops_engines_collect_once_renders_pause(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pool_module, "IDLE_COLLECT", 0.2)
    events: list[str] = []
    pool = RenderPool(BUNDLE, factory=spying(events), threads=1, limits=Limits(timeout=10.0, memory=LIMITS.memory))
    try:
        await pool.render("page", data(body="first"))
        busy = asyncio.create_task(pool.render("busy", data(ms=2000, body="busy")))
        await asyncio.sleep(0.5)  # past IDLE_COLLECT since the first render, but a render is running
        assert "collect" not in events
        assert (await busy).body == "busy"
        deadline = time.monotonic() + 10
        while "collect" not in events and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        assert events.count("collect") == 1
        await asyncio.sleep(0.5)
        assert events.count("collect") == 1  # once per pause, not again until renders resume
        assert (await pool.render("page", data(body="again"))).body == "again"
        assert events.count("loop engine") == 1  # the collected engine renders on
    finally:
        pool.close()


@pytest.mark.anyio
async def test_an_engine_rendering_without_a_lull_collects_between_renders(monkeypatch: pytest.MonkeyPatch) -> None:
    """Under steady load V8's old generation grows for tens of seconds before a full collection of its own
    (the bench's 60 s of 1000-row pages: +34 % RSS); an engine that never pauses collects every BUSY_COLLECT
    seconds anyway, between two renders (the same load: -7.5 %, as many requests per second)."""
    monkeypatch.setattr(pool_module, "IDLE_COLLECT", 60.0)  # (no lull would be long enough: only busy collections)
    monkeypatch.setattr(pool_module, "BUSY_COLLECT", 0.3)
    events: list[str] = []
    pool = RenderPool(BUNDLE, factory=spying(events), threads=1, limits=Limits(timeout=10.0, memory=LIMITS.memory))
    try:
        deadline = time.monotonic() + 10  # (a busy machine renders fewer in a given time)
        while events.count("collect") < 2 and time.monotonic() < deadline:  # back to back: never a lull
            assert (await pool.render("page", data(ms=50, body="on"))).body == "on"
        assert (await pool.render("page", data(body="after"))).body == "after"  # the collected engine renders on
        assert events.count("collect") >= 2, events
        renders = [i for i, event in enumerate(events) if event.startswith("render_async")]
        assert all(renders[0] < i < renders[-1] for i, e in enumerate(events) if e == "collect")  # between renders
        assert events.count("loop engine") == 1  # the collected engine renders on
    finally:
        pool.close()


@pytest.mark.anyio
async def test_a_runaway_render_holds_up_only_its_own_engine() -> None:
    pool = RenderPool(BUNDLE, factory=V8Engine, threads=2, limits=SLOW)
    try:
        runaway = asyncio.create_task(pool.render("loop", data()))
        await asyncio.sleep(0.05)
        for i in range(5):
            started = time.monotonic()
            assert (await pool.render("page", data(body=str(i)))).body == str(i)
            assert time.monotonic() - started < 0.5
        assert not runaway.done()
        with pytest.raises(RenderTimeout):
            await runaway
        assert pool.replaced == 1
    finally:
        pool.close()


@pytest.mark.anyio
async def test_a_cancelled_render_discards_its_engine(pool: RenderPool, unraisable: list[Any]) -> None:
    await pool.render("remember", data(value="kept"))
    task = asyncio.create_task(pool.render("busy", data(ms=5000)))
    await asyncio.sleep(0.1)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert pool.replaced == 1
    assert (await pool.render("recall", data())).body == "<p>undefined</p>"
    assert unraisable == []


def test_a_closed_loops_engine_is_not_reused(unraisable: list[Any]) -> None:
    events: list[str] = []
    pool = RenderPool(BUNDLE, factory=spying(events), threads=1, limits=LIMITS)
    try:
        asyncio.run(pool.render("remember", data(value="from the first loop")))
        assert asyncio.run(pool.render("recall", data())).body == "<p>undefined</p>"
        assert events.count("loop engine") == 2
    finally:
        pool.close()
    assert events.count("close") == 3  # the thread's engine and one engine per loop
    assert unraisable == []


def test_a_loop_that_closes_right_after_a_timeout(unraisable: list[Any]) -> None:
    """The runaway render's last callback from V8 comes after its time limit; the loop closes at once after
    the render failed, and then its engine is closed: the callback must not meet the closed loop."""
    pool = RenderPool(BUNDLE, factory=V8Engine, threads=1, limits=LIMITS)

    async def runaway() -> None:
        with pytest.raises(RenderTimeout):
            await pool.render("loop", data())

    try:
        for _ in range(3):
            asyncio.run(runaway())
            time.sleep(0.1)
    finally:
        pool.close()
    time.sleep(0.1)
    assert unraisable == []


@pytest.mark.anyio
async def test_reload_switches_the_loop_engines(pool: RenderPool) -> None:
    await pool.render("remember", data(value="old bundle"))
    pool.reload(BUNDLE + 'globalThis.remembered = "new bundle";')
    assert (await pool.render("recall", data())).body == "<p>new bundle</p>"
    assert pool.replaced == 0
