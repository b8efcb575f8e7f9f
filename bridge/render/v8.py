"""The V8 engine (the ``mini-racer`` package, ``pip install 'bridge[v8]'``): 8-18x faster renders of
large pages than QuickJS, for a larger process. mini-racer runs V8 on a thread of its own and its time
limit is wall-clock, per call. After a fault the context is discarded (it stays poisoned after hitting
its memory limit).

V8 runs with ``--no-memory-pool``: by default it keeps the pages of a discarded context's heap for the
next one, so after a memory bomb the process stayed hundreds of megabytes larger for good (measured with
mini-racer 0.14: 65 MB before a 256 MiB bomb, 410 MB after closing its context; 71 MB with the flag).
``--max-semi-space-size=8`` (MB) caps the young generation, which V8 otherwise lets grow to tens of
megabytes per context under render load, garbage a render drops at once (two workers, two contexts each,
list page under load: 631 -> 479 MB at n=100 and 737 -> 577 MB at n=1000, CPU per request unchanged; with
2 MB, 406 MB but 12 % more CPU). The flags apply if bridge is the first to start V8 in the process.

A context delivers its callbacks to one asyncio loop. Under an ASGI server that is the server's own loop
(``V8Engine.on_loop``): the render pool renders on it directly, and a render crosses to V8's thread and
back, nothing more. Without a loop (WSGI, ``render_sync``) the render threads use contexts of a loop that
bridge keeps running on a thread of its own (see ``_event_loop``).

A render is one ``eval`` of ``__bridgeRender("<page>", "<page data>")`` with the arguments as string literals,
not a call of the function object: mini-racer builds a call's argument array with three more round trips
to V8's thread (measured with 0.14: 0.68 ms per n=10 render as a call, 0.34 ms as an eval)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, suppress
from pathlib import Path

import orjson
from py_mini_racer import (
    DEFAULT_V8_FLAGS,
    JSEvalException,
    JSOOMException,
    JSTimeoutException,
    MiniRacer,
    init_mini_racer,
    mini_racer,
)

from ..errors import RenderError, RenderMemoryError, RenderTimeout
from .engine import Limits, Rendered, parse_output, render_error
from .stacks import v8_stack

V8_FLAGS = (*DEFAULT_V8_FLAGS, "--no-memory-pool", "--max-semi-space-size=8")

BUFFERS_JS = (Path(__file__).parent / "v8_buffers.js").read_text(encoding="utf-8")
"""Counts ArrayBuffer memory against the render's limit, which V8's own limit does not see (read it)."""

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
    """A mini-racer V8 context with the server bundle loaded.

    ``V8Engine(bundle, limits)`` belongs to bridge's own loop (``_event_loop``): ``render`` is called from
    a render thread, and each call crosses to that loop and to V8's thread and back. ``await
    V8Engine.on_loop(bundle, limits)`` belongs to the running loop instead, and ``render_async`` on that
    loop crosses only to V8's thread and back (measured with mini-racer 0.14: 0.08 ms for a no-op eval,
    against 0.2 ms from another thread).
    """

    def __init__(self, bundle: str, limits: Limits) -> None:
        self._open(_event_loop(), limits)
        with self._loading():
            self._context.eval(_buffers(limits))
            self._context.eval(bundle)
            self._check_loaded(self._context.eval("typeof __bridgeRender"))

    @classmethod
    async def on_loop(cls, bundle: str, limits: Limits) -> V8Engine:
        """An engine of the running event loop (a ``LoopEngineFactory``): made on it, used on it only."""
        engine = cls.__new__(cls)
        engine._open(asyncio.get_running_loop(), limits)  # (V8 makes the isolate in a few ms, on this thread)
        with engine._loading():  # the bundle is evaluated on V8's thread while the loop serves on
            await engine._context.eval_cancelable(_buffers(limits))
            await engine._context.eval_cancelable(bundle)
            engine._check_loaded(await engine._context.eval_cancelable("typeof __bridgeRender"))
        return engine

    def _open(self, loop: asyncio.AbstractEventLoop, limits: Limits) -> None:
        init_mini_racer(flags=V8_FLAGS, ignore_duplicate_init=True)
        self._owner: AbstractContextManager[MiniRacer] = mini_racer(loop)
        self._context = self._owner.__enter__()
        self._context.set_hard_memory_limit(limits.memory)
        self._timeout = limits.timeout

    @contextmanager
    def _loading(self) -> Iterator[None]:
        """Closes the context if the bundle fails to load, with a RenderError that says why."""
        try:
            yield
        except JSEvalException as exc:
            self.close()
            raise RenderError(f"the server bundle failed to load: {v8_stack(str(exc))}") from None
        except BaseException:
            self.close()
            raise

    @staticmethod
    def _check_loaded(kind: object) -> None:
        if kind != "function":
            raise RenderError("the server bundle defines no __bridgeRender function")

    def render(self, page: str, data_json: str) -> Rendered:
        """Renders ``page`` with its data; raises RenderError, RenderTimeout or RenderMemoryError."""
        try:
            output = self._context.eval(_call(page, data_json), timeout_sec=self._timeout)
        except JSEvalException as exc:
            over = False
            if _may_be_buffers(exc):
                with suppress(JSEvalException):
                    over = self._context.eval(_BUFFERS_OVER) is True
            raise self._error(exc, over) from None
        return parse_output(str(output))

    async def render_async(self, page: str, data_json: str) -> Rendered:
        """``render`` on the engine's own event loop (``on_loop``), without blocking it."""
        try:
            async with asyncio.timeout(self._timeout):  # (wait_for would wrap the eval in a task of its own)
                output = await self._context.eval_cancelable(_call(page, data_json))
        except TimeoutError:
            await self._settle()
            raise RenderTimeout(f"the render ran past its time limit of {self._timeout} s") from None
        except asyncio.CancelledError:
            await self._settle()
            raise
        except JSEvalException as exc:
            over = False
            if _may_be_buffers(exc):
                with suppress(JSEvalException):
                    over = await self._context.eval_cancelable(_BUFFERS_OVER) is True
            raise self._error(exc, over) from None
        return parse_output(str(output))

    async def _settle(self) -> None:
        """Waits for V8 to stop a render that was cancelled (by its time limit, or by the caller).

        Its last callback reaches the loop a moment after the render was cancelled (measured: 1 to 5 ms);
        V8 runs a context's calls in order, so once a no-op evaluated after it has answered, that callback
        has come and gone, and the context can be closed even if the loop closes right away (a test's
        loop): otherwise it could come to a closed loop ("Event loop is closed", see ``_event_loop``).
        """
        with suppress(TimeoutError, JSEvalException):
            async with asyncio.timeout(self._timeout):
                await self._context.eval_cancelable("0")

    def _error(self, exc: JSEvalException, buffers_over: bool) -> RenderError:
        """The bridge error for what a render raised; ``buffers_over``: its ArrayBuffers passed the limit."""
        if isinstance(exc, JSTimeoutException):
            return RenderTimeout(f"the render ran past its time limit: {exc}")
        if isinstance(exc, JSOOMException):
            return RenderMemoryError(f"the render ran out of memory: {exc}")
        if self._context.was_hard_memory_limit_reached():
            return RenderMemoryError("the render ran out of memory")
        if buffers_over:
            return RenderMemoryError(f"the render's ArrayBuffers ran out of memory: {exc}")
        stack = v8_stack(str(exc))
        if "Maximum call stack size exceeded" in stack:
            return RenderMemoryError(f"stack overflow (recursion too deep?): {stack}")
        return render_error(stack)

    def collect(self) -> None:
        """A full garbage collection that also shrinks the heap (V8's low-memory notification): after a
        burst of n=1000 list renders, 137 MB -> 101 MB with ``malloc_trim`` (99 MB before the burst), in
        20 ms."""
        self._context.low_memory_notification()

    def close(self) -> None:
        """Frees the V8 context."""
        self._owner.__exit__(None, None, None)


_BUFFERS_OVER = "__bridgeV8BuffersOver()"


def _buffers(limits: Limits) -> str:
    """The JS that counts ArrayBuffer memory against ``limits.memory``."""
    return f"({BUFFERS_JS})({limits.memory})"


def _may_be_buffers(exc: JSEvalException) -> bool:
    """Whether a render's error may come from its ArrayBuffers passing the limit (then ask the context)."""
    return not isinstance(exc, JSTimeoutException | JSOOMException)


def _call(page: str, data_json: str) -> str:
    """The JS that renders ``page``: one call of ``__bridgeV8Render`` (``__bridgeRender`` with the ArrayBuffer
    count reset) with string literals as arguments."""
    return f"__bridgeV8Render({orjson.dumps(page).decode()},{orjson.dumps(data_json).decode()})"
