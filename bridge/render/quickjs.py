"""The QuickJS engine (the ``quickjs`` package), bridge's default.

Facts about the binding this design rests on (measured with quickjs 1.19):
- ``Context.eval`` and calls into JS release the GIL, so render threads with a context each use more
  than one core (two threads: 2.0x the throughput of one).
- A context must only ever be used by the thread that created it; the binding crashes the process when
  a second thread touches it, even at another time. The render pool pins every engine to its thread.
- ``set_time_limit`` is measured with ``clock()``, i.e. the CPU time of the whole process, restarted at
  each call. Under parallel load a runaway render is therefore stopped sooner than the limit, never later.
"""

from __future__ import annotations

import quickjs

from ..errors import RenderError, RenderMemoryError, RenderTimeout
from .engine import Limits, Rendered, parse_output


class QuickJSEngine:
    """A QuickJS context with the server bundle loaded."""

    def __init__(self, bundle: str, limits: Limits) -> None:
        self._context = quickjs.Context()
        self._context.set_memory_limit(limits.memory)
        self._context.set_max_stack_size(limits.stack)
        try:
            self._context.eval(bundle)
        except (quickjs.JSException, quickjs.StackOverflow) as exc:
            raise RenderError(f"the server bundle failed to load: {exc}") from None
        self._render = self._context.get("__bridgeRender")
        self._context.set_time_limit(limits.timeout)

    def render(self, page: str, data_json: str) -> Rendered:
        """Renders ``page`` with its data; raises RenderError, RenderTimeout or RenderMemoryError."""
        try:
            output = self._render(page, data_json)
        except quickjs.StackOverflow as exc:
            raise RenderMemoryError(f"stack overflow (recursion too deep?): {exc}") from None
        except quickjs.JSException as exc:
            message = str(exc)
            if message.startswith("InternalError: interrupted"):
                raise RenderTimeout(f"the render ran past its time limit: {message}") from None
            if message.startswith("InternalError: out of memory"):
                raise RenderMemoryError(f"the render ran out of memory: {message}") from None
            if message.strip() == "null":  # QuickJS throws null when not even the error object fits in memory
                raise RenderMemoryError("the render ran out of memory (or threw null)") from None
            raise RenderError(message) from None
        return parse_output(output)

    def close(self) -> None:
        """Drops the context (freed when the last reference goes)."""
        del self._render
        del self._context
