"""The V8 engine (the ``mini-racer`` package, ``pip install 'bridge[v8]'``): 8-18x faster renders of
large pages than QuickJS, for a larger process. mini-racer runs V8 on a thread of its own and its time
limit is wall-clock, per call. After a fault the context is discarded (it stays poisoned after hitting
its memory limit)."""

from __future__ import annotations

from py_mini_racer import JSEvalException, JSFunction, JSOOMException, JSTimeoutException, MiniRacer

from ..errors import RenderError, RenderMemoryError, RenderTimeout
from .engine import Limits, Rendered, parse_output


class V8Engine:
    """A mini-racer V8 context with the server bundle loaded."""

    def __init__(self, bundle: str, limits: Limits) -> None:
        self._context = MiniRacer()
        self._context.set_hard_memory_limit(limits.memory)
        self._timeout = limits.timeout
        try:
            self._context.eval(bundle)
        except JSEvalException as exc:
            raise RenderError(f"the server bundle failed to load: {exc}") from None
        render = self._context.eval("__bridgeRender")
        if not isinstance(render, JSFunction):
            raise RenderError("the server bundle defines no __bridgeRender function")
        self._render = render

    def render(self, page: str, data_json: str) -> Rendered:
        """Renders ``page`` with its data; raises RenderError, RenderTimeout or RenderMemoryError."""
        try:
            output = self._render(page, data_json, timeout_sec=self._timeout)
        except JSTimeoutException as exc:
            raise RenderTimeout(f"the render ran past its time limit: {exc}") from None
        except JSOOMException as exc:
            raise RenderMemoryError(f"the render ran out of memory: {exc}") from None
        except JSEvalException as exc:
            if self._context.was_hard_memory_limit_reached():
                raise RenderMemoryError("the render ran out of memory") from None
            if "Maximum call stack size exceeded" in str(exc):
                raise RenderMemoryError(f"stack overflow (recursion too deep?): {exc}") from None
            raise RenderError(str(exc)) from None
        return parse_output(str(output))

    def close(self) -> None:
        """Frees the V8 context."""
        self._context.close()
