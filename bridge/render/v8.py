"""The V8 engine (the ``mini-racer`` package, ``pip install 'bridge[v8]'``): 8-18x faster renders of
large pages than QuickJS, for a larger process. mini-racer runs V8 on a thread of its own and its time
limit is wall-clock, per call. After a fault the context is discarded (it stays poisoned after hitting
its memory limit).

V8 runs with ``--no-memory-pool``: by default it keeps the pages of a discarded context's heap for the
next one, so after a memory bomb the process stayed hundreds of megabytes larger for good (measured with
mini-racer 0.14: 65 MB before a 256 MiB bomb, 410 MB after closing its context; 71 MB with the flag).
The flags apply if bridge is the first to start V8 in the process.

Every context delivers its callbacks to one asyncio loop that bridge keeps running on a thread of its own
(see ``_event_loop``).

A render is one ``eval`` of ``__bridgeRender("<page>", "<page data>")`` with the arguments as string literals,
not a call of the function object: mini-racer builds a call's argument array with three more round trips
to V8's thread (measured with 0.14: 0.68 ms per n=10 render as a call, 0.34 ms as an eval)."""

from __future__ import annotations

import asyncio
import threading
from contextlib import AbstractContextManager

import orjson
from py_mini_racer import (
    DEFAULT_V8_FLAGS,
    JSEvalException,
    JSFunction,
    JSOOMException,
    JSTimeoutException,
    MiniRacer,
    init_mini_racer,
    mini_racer,
)

from ..errors import RenderError, RenderMemoryError, RenderTimeout
from .engine import Limits, Rendered, parse_output

V8_FLAGS = (*DEFAULT_V8_FLAGS, "--no-memory-pool")

_loop: asyncio.AbstractEventLoop | None = None
_loop_lock = threading.Lock()


def _event_loop() -> asyncio.AbstractEventLoop:
    """The asyncio loop of every V8 context, on a daemon thread that lives as long as the process.

    A context of mini-racer's own making gets a loop of its own, which closing the context closes before
    V8 has let go of the context; a render stopped by its time limit sends its last callback after that,
    to the closed loop ("Exception ignored on calling ctypes callback function ... Event loop is
    closed"). A loop that stays open takes that callback, which mini-racer then drops as cancelled.
    """
    global _loop
    with _loop_lock:
        if _loop is None:
            loop = asyncio.new_event_loop()
            threading.Thread(target=loop.run_forever, name="bridge-v8-loop", daemon=True).start()
            _loop = loop
        return _loop


class V8Engine:
    """A mini-racer V8 context with the server bundle loaded."""

    def __init__(self, bundle: str, limits: Limits) -> None:
        init_mini_racer(flags=V8_FLAGS, ignore_duplicate_init=True)
        self._owner: AbstractContextManager[MiniRacer] = mini_racer(_event_loop())
        self._context = self._owner.__enter__()
        self._context.set_hard_memory_limit(limits.memory)
        self._timeout = limits.timeout
        try:
            self._context.eval(bundle)
            if not isinstance(self._context.eval("__bridgeRender"), JSFunction):
                raise RenderError("the server bundle defines no __bridgeRender function")
        except JSEvalException as exc:
            self.close()
            raise RenderError(f"the server bundle failed to load: {exc}") from None
        except BaseException:
            self.close()
            raise

    def render(self, page: str, data_json: str) -> Rendered:
        """Renders ``page`` with its data; raises RenderError, RenderTimeout or RenderMemoryError."""
        try:
            call = f"__bridgeRender({orjson.dumps(page).decode()},{orjson.dumps(data_json).decode()})"
            output = self._context.eval(call, timeout_sec=self._timeout)
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
        self._owner.__exit__(None, None, None)
