"""The one small interface every JS engine implements, and what a render returns."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from ..errors import PageLoadError, RenderError

PAGE_LOAD_ERROR = "BridgePageLoadError: "
"""How js/src/server.js names the error of a page whose module threw at load."""


@dataclass(frozen=True)
class Limits:
    """Bounds on one render: wall/CPU time, engine heap and engine stack."""

    timeout: float = 1.0
    memory: int = 256 * 1024 * 1024
    stack: int = 4 * 1024 * 1024


@dataclass(frozen=True)
class Rendered:
    """A rendered page: tags for ``<head>``, the root element's HTML, and console output as JSON text."""

    head: str
    body: str
    logs: str


class Engine(Protocol):
    """One JS context with the server bundle loaded.

    An engine is created, used and closed by one thread only. ``render`` raises RenderError (or
    RenderTimeout / RenderMemoryError); after any error the caller discards the engine.
    """

    def render(self, page: str, data_json: str) -> Rendered:
        """Renders ``page`` with the page data (props, route) given as JSON text."""
        ...

    def close(self) -> None:
        """Frees the context."""
        ...


class EngineFactory(Protocol):
    """Creates an engine with ``bundle`` (the server bundle's source) evaluated in it.

    A factory may also have ``on_loop``, a ``LoopEngineFactory``: the render pool then renders on the
    running event loop itself, with no render thread in between (see render/pool.py).
    """

    def __call__(self, bundle: str, limits: Limits) -> Engine: ...


class LoopEngine(Protocol):
    """An engine that belongs to the asyncio loop it was made on and renders without blocking it: for an
    engine whose JS runs on a thread of its own and reports back to the loop (V8).

    ``render_async`` and ``collect`` are called on that loop only, one at a time; ``render_async`` raises
    like ``render``, and after any error (or a cancelled render) the caller discards the engine. ``close``
    may be called from any thread once no render is running, even after the loop closed.
    """

    async def render_async(self, page: str, data_json: str) -> Rendered:
        """Renders ``page`` with the page data given as JSON text."""
        ...

    def collect(self) -> None:
        """Collects the garbage of past renders and gives its memory back (called, on the loop, once the
        engine has been idle for a while)."""
        ...

    def close(self) -> None:
        """Frees the context."""
        ...


class LoopEngineFactory(Protocol):
    """Creates a loop engine on the running event loop, with ``bundle`` evaluated in it."""

    async def __call__(self, bundle: str, limits: Limits) -> LoopEngine: ...


def render_error(message: str) -> RenderError:
    """The error for what a render threw: a PageLoadError when the page's module failed to load."""
    return PageLoadError(message) if PAGE_LOAD_ERROR in message else RenderError(message)


def parse_output(output: str) -> Rendered:
    """Splits ``"<logs length>,<head length>|" + logs + head + body`` from js/src/server.js."""
    try:
        bar = output.index("|")
        comma = output.index(",", 0, bar)
        logs_end = bar + 1 + int(output[:comma])
        head_end = logs_end + int(output[comma + 1 : bar])
    except ValueError:
        raise RenderError(f"the server bundle returned output bridge cannot read: {output[:80]!r}") from None
    return Rendered(head=output[logs_end:head_end], body=output[head_end:], logs=output[bar + 1 : logs_end])
