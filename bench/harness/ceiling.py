"""The ceiling: what one render costs without any server around it. One engine context, bridge's own
engine class and the built server bundle, renders the list page in a loop with the same page data JSON
the server embeds; the difference between that and the server's CPU time per request is bridge's overhead
(routing, props, serialisation, HTTP, the document around the render)."""

from __future__ import annotations

import time
from dataclasses import dataclass

import uvloop


@dataclass(frozen=True)
class RenderCost:
    """What a render of the list page with ``n`` rows costs in one engine context."""

    engine: str
    n: int
    renders: int
    ms: float
    """Wall-clock milliseconds per render, mean over all timed renders."""
    cpu_ms: float
    """CPU milliseconds per render of this whole process (V8 renders on threads of its own)."""
    best_batch_ms: float
    """Wall-clock milliseconds per render in the fastest batch."""
    html_bytes: int
    matches_server: bool
    """Whether the rendered HTML is exactly what the server put into its page."""


def measure(engine: str, bundle: str, data_json: str, n: int, served_html: str, *, seconds: float) -> RenderCost:
    """Renders the list page in one ``engine`` context for about ``seconds`` after a warm-up of half that: an
    engine that renders on the event loop (V8) is awaited on one, as in the server."""
    return uvloop.run(_measure(engine, bundle, data_json, n, served_html, seconds))


async def _measure(engine: str, bundle: str, data_json: str, n: int, served_html: str, seconds: float) -> RenderCost:
    from bridge.config import ENGINES
    from bridge.render.engine import Limits, Rendered

    factory = ENGINES[engine]()
    on_loop = getattr(factory, "on_loop", None)
    context = await on_loop(bundle, Limits()) if on_loop else factory(bundle, Limits())
    page = context.render_async if on_loop else context.render

    async def render() -> Rendered:
        output = page("index", data_json)
        return await output if on_loop else output

    try:
        rendered = await render()
        warm_until = time.perf_counter() + seconds / 2
        while time.perf_counter() < warm_until:
            await render()
        probe = time.perf_counter()
        await render()
        batch = max(1, round(0.05 / max(time.perf_counter() - probe, 1e-6)))  # batches of about 50 ms
        batches = list[float]()
        started, cpu_started = time.perf_counter(), time.process_time()
        while not batches or time.perf_counter() - started < seconds:
            batch_started = time.perf_counter()
            for _ in range(batch):
                await render()
            batches.append((time.perf_counter() - batch_started) / batch)
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    finally:
        context.close()
    renders = len(batches) * batch
    return RenderCost(
        engine=engine,
        n=n,
        renders=renders,
        ms=wall / renders * 1000,
        cpu_ms=cpu / renders * 1000,
        best_batch_ms=min(batches) * 1000,
        html_bytes=len(rendered.body.encode()),
        matches_server=rendered.body in served_html,
    )
