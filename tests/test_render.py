"""The QuickJS engine and the render pool, with a hand-written server bundle (no esbuild involved).

The bundle speaks the protocol of js/src/server.js: ``__bridgeRender(page, dataJson)`` returns
``"<logs length>,<head length>|" + logs + head + body`` with lengths in code points.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import orjson
import pytest

from bridge import RenderError, RenderMemoryError, RenderTimeout
from bridge.render.engine import Limits, Rendered, parse_output
from bridge.render.pool import RenderPool
from bridge.render.quickjs import QuickJSEngine

BUNDLE = r"""
// the same code point count as js/src/server.js
const codePoints = (text) => text.length - (text.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g)?.length ?? 0);

const faults = {
  loop() { while (true) {} },
  arrays() { const keep = []; while (true) keep.push(new Array(100000).fill(7)); },
  objects() { let chain = {}; while (true) chain = { chain }; },
  recurse() { const down = (n) => down(n + 1) + 1; return down(0); },
  recurseThroughNatives() { const down = (n) => [2, 1].sort(() => down(n + 1)); return down(0); },
  throws(data) { throw new Error(`broken page: ${data.why}`); },
  throwsString() { throw "a bare string"; },
};

globalThis.__bridgeRender = function (page, dataJson) {
  const data = JSON.parse(dataJson);
  if (page in faults) return faults[page](data);
  if (page === "busy") for (const end = Date.now() + data.ms; Date.now() < end; );
  if (page === "remember") globalThis.remembered = data.value;
  const body = page === "recall" ? `<p>${String(globalThis.remembered)}</p>` : data.body ?? "";
  const logs = data.logs ? JSON.stringify(data.logs) : "";
  const head = data.head ?? "";
  return `${codePoints(logs)},${codePoints(head)}|${logs}${head}${body}`;
};
"""

LIMITS = Limits(timeout=0.3, memory=32 * 1024 * 1024)


def data(**fields: object) -> str:
    return orjson.dumps(fields).decode()


@pytest.fixture
def engine() -> Iterator[QuickJSEngine]:
    engine = QuickJSEngine(BUNDLE, LIMITS)
    yield engine
    engine.close()


@pytest.fixture
def pool() -> Iterator[RenderPool]:
    """One render thread, so every render meets the same engine unless it was replaced."""
    pool = RenderPool(BUNDLE, factory=QuickJSEngine, threads=1, limits=LIMITS)
    yield pool
    pool.close()


# parse_output


def test_parse_output() -> None:
    logs = '[["info","hi"]]'
    output = f"{len(logs)},16|{logs}<title>t</title><div>body</div>"
    assert parse_output(output) == Rendered(head="<title>t</title>", body="<div>body</div>", logs=logs)


def test_parse_output_without_logs_or_head() -> None:
    assert parse_output("0,0|<div>only body</div>") == Rendered(head="", body="<div>only body</div>", logs="")
    assert parse_output("0,0|") == Rendered(head="", body="", logs="")


def test_parse_output_body_may_contain_the_separators() -> None:
    assert parse_output("0,3|<a>1,2|3") == Rendered(head="<a>", body="1,2|3", logs="")


# the engine


def test_render(engine: QuickJSEngine) -> None:
    rendered = engine.render("page", data(head="<title>T</title>", body="<main>B</main>", logs=[["info", "x"]]))
    assert rendered == Rendered(head="<title>T</title>", body="<main>B</main>", logs='[["info","x"]]')


def test_non_bmp_characters_split_correctly(engine: QuickJSEngine) -> None:
    head = "<title>📚 Books 😀</title>"
    logs = [["info", "🎉 party"], ["warning", "𝄞 clef ✓"]]
    body = '<div id="__bridge">👩‍👩‍👧 family</div>'
    rendered = engine.render("page", data(head=head, body=body, logs=logs))
    assert rendered.head == head
    assert rendered.body == body
    assert orjson.loads(rendered.logs) == logs


def test_thrown_error_carries_the_message(engine: QuickJSEngine) -> None:
    with pytest.raises(RenderError, match="Error: broken page: bad input") as caught:
        engine.render("throws", data(why="bad input"))
    assert type(caught.value) is RenderError


def test_thrown_non_error(engine: QuickJSEngine) -> None:
    with pytest.raises(RenderError, match="a bare string") as caught:
        engine.render("throwsString", data())
    assert type(caught.value) is RenderError


def test_runaway_render_times_out(engine: QuickJSEngine) -> None:
    started = time.monotonic()
    with pytest.raises(RenderTimeout, match="ran past its time limit"):
        engine.render("loop", data())
    assert time.monotonic() - started < LIMITS.timeout + 3.0  # a CPU-time limit: slower on a busy machine


@pytest.mark.parametrize("page", ["arrays", "objects"])
def test_memory_bomb(engine: QuickJSEngine, page: str) -> None:
    with pytest.raises(RenderMemoryError, match="ran out of memory"):
        engine.render(page, data())


@pytest.mark.parametrize("page", ["recurse", "recurseThroughNatives"])
def test_deep_recursion(engine: QuickJSEngine, page: str) -> None:
    with pytest.raises(RenderMemoryError, match="stack overflow"):
        engine.render(page, data())


def test_bundle_that_fails_to_load() -> None:
    with pytest.raises(RenderError, match=r"the server bundle failed to load: .*SyntaxError"):
        QuickJSEngine("globalThis.__bridgeRender = (;", LIMITS)
    with pytest.raises(RenderError, match="the server bundle failed to load: Error: no React here"):
        QuickJSEngine("throw new Error('no React here')", LIMITS)


# the pool


def test_pool_renders(pool: RenderPool) -> None:
    assert pool.render_sync("page", data(body="<p>hi</p>")).body == "<p>hi</p>"
    assert pool.replaced == 0


@pytest.mark.anyio
async def test_pool_renders_off_the_event_loop(pool: RenderPool) -> None:
    assert (await pool.render("page", data(body="<p>async</p>"))).body == "<p>async</p>"


@pytest.mark.parametrize(
    ("page", "error"),
    [
        ("loop", RenderTimeout),
        ("arrays", RenderMemoryError),
        ("objects", RenderMemoryError),
        ("recurse", RenderMemoryError),
        ("throws", RenderError),
    ],
)
def test_faults_replace_the_engine(pool: RenderPool, page: str, error: type[RenderError]) -> None:
    pool.render_sync("remember", data(value="state of the old engine"))
    assert pool.render_sync("recall", data()).body == "<p>state of the old engine</p>"
    started = time.monotonic()
    with pytest.raises(error) as caught:
        pool.render_sync(page, data(why="x"))
    assert type(caught.value) is error
    assert time.monotonic() - started < LIMITS.timeout + 3.0
    assert pool.render_sync("page", data(body="<p>still works</p>")).body == "<p>still works</p>"
    assert pool.replaced == 1  # counted once the thread has moved on: after the next render, not the failed one
    assert pool.render_sync("recall", data()).body == "<p>undefined</p>"  # the globals went with the old engine


def test_a_failed_bundle_fails_the_pool_at_start() -> None:
    with pytest.raises(RenderError, match="the server bundle failed to load"):
        RenderPool("this is not javascript", factory=QuickJSEngine, threads=2, limits=LIMITS)


def test_engines_stay_on_their_threads() -> None:
    seen: list[str] = []

    class Spy(QuickJSEngine):
        def __init__(self, bundle: str, limits: Limits) -> None:
            seen.append(threading.current_thread().name)
            super().__init__(bundle, limits)

        def render(self, page: str, data_json: str) -> Rendered:
            seen.append(threading.current_thread().name)
            return super().render(page, data_json)

    pool = RenderPool(BUNDLE, factory=Spy, threads=2, limits=LIMITS)
    try:
        for i in range(6):
            pool.render_sync("page", data(body=str(i)))
    finally:
        pool.close()
    assert set(seen) <= {"bridge-render-0", "bridge-render-1"}
    assert len(seen) == 2 + 6


def test_parallel_renders_from_many_threads() -> None:
    pool = RenderPool(BUNDLE, factory=QuickJSEngine, threads=3, limits=LIMITS)

    def work(worker: int) -> list[tuple[str, str]]:
        results = []
        for i in range(40):
            expected = f"<p>{worker}-{i}-😀</p>"
            results.append((expected, pool.render_sync("page", data(body=expected, head=f"<title>{i}</title>")).body))
        return results

    try:
        with ThreadPoolExecutor(max_workers=12) as executor:
            outcomes = [pair for result in executor.map(work, range(12)) for pair in result]
    finally:
        pool.close()
    assert len(outcomes) == 12 * 40
    assert all(expected == got for expected, got in outcomes)
    assert pool.replaced == 0


def test_parallel_faults_and_renders() -> None:
    """Faulting renders in the mix neither crash the process nor spoil the renders beside them.

    No runaway loops here: the time limit counts the CPU time of the whole process, so a loop beside a
    render that the OS preempted could stop that render too (see bridge/render/quickjs.py).
    """
    pool = RenderPool(BUNDLE, factory=QuickJSEngine, threads=3, limits=Limits(timeout=2.0, memory=32 * 1024 * 1024))
    pages = ["page", "throws", "page", "recurse", "page", "objects", "page", "arrays"]

    def work(i: int) -> str:
        page = pages[i % len(pages)]
        try:
            return pool.render_sync(page, data(body=f"<p>{i}</p>", why=i)).body
        except RenderError as exc:
            return type(exc).__name__

    try:
        with ThreadPoolExecutor(max_workers=8) as executor:
            results = list(executor.map(work, range(48)))
    finally:
        pool.close()
    faults = {"throws": "RenderError", "recurse": "RenderMemoryError", "objects": "RenderMemoryError"}
    faults["arrays"] = "RenderMemoryError"
    for i, result in enumerate(results):
        page = pages[i % len(pages)]
        assert result == faults.get(page, f"<p>{i}</p>"), (i, page)
    assert pool.replaced == 48 // len(pages) * len(faults)


def test_close_finishes_queued_renders() -> None:
    pool = RenderPool(BUNDLE, factory=QuickJSEngine, threads=1, limits=LIMITS)
    futures = [pool.submit("page", data(body=str(i))) for i in range(5)]
    pool.close()
    assert [f.result(timeout=0).body for f in futures] == ["0", "1", "2", "3", "4"]


def test_cancelled_renders_are_skipped() -> None:
    pool = RenderPool(BUNDLE, factory=QuickJSEngine, threads=1, limits=LIMITS)
    try:
        blocker = pool.submit("busy", data(ms=100, body="done"))
        skipped = pool.submit("remember", data(value="should not run"))
        assert skipped.cancel()
        assert blocker.result().body == "done"
        assert pool.render_sync("recall", data()).body == "<p>undefined</p>"
        assert pool.replaced == 0
    finally:
        pool.close()
