"""The QuickJS engine (the ``quickjs`` package), bridge's default.

Facts about the binding this design rests on (measured with quickjs 1.19):
- ``Context.eval`` and calls into JS release the GIL, so render threads with a context each use more
  than one core (two threads: 2.0x the throughput of one).
- A context must only ever be used by the thread that created it; the binding crashes the process when
  a second thread touches it, even at another time. The render pool pins every engine to its thread.
- ``set_time_limit`` is measured with ``clock()``, i.e. the CPU time of the whole process, restarted at
  each call. Under parallel load a runaway render is therefore stopped sooner than the limit, never later.
- Hitting the memory limit can crash the process. The binding bundles QuickJS 2021-03-27, whose
  out-of-memory path has a use-after-free (fixed upstream in 2025, "more robust out of memory
  handling"): when the "out of memory" error's stack trace does not fit in what is left of the heap,
  the error object is freed while QuickJS still writes its ``stack`` (SIGSEGV in build_backtrace ->
  JS_DefineProperty -> find_own_property). Whether it happens depends on the few hundred bytes left
  when the limit is hit, so a memory bomb crashes the process in 0 to 50 % of runs depending on how it
  allocates (tests/reliability/crash_rates.py measures it).

So bridge keeps renders away from the heap limit: the heap limit given to QuickJS is a backstop,
``HEAP_HEADROOM`` times the render's memory limit (and at least 256 MiB above it), and a watchdog thread
(``_HeapWatch``) reads the heap size of every rendering context every ``WATCH_INTERVAL`` seconds and, once
it is over the memory limit, stops the render through the binding's own interrupt handler (the one its
time limit uses), as if its time were up, and makes QuickJS call that handler at its very next check
rather than up to 10,000 operations later. The interrupt is uncatchable in JS and leaves plenty of heap
to build the error. Reading the heap size and triggering the interrupt are direct memory accesses into
the binding's context object and QuickJS's structures, whose layout is checked when each engine is
created; if it does not match (another binding version), the engine runs with the plain heap limit and a
warning is logged once.
"""

from __future__ import annotations

import ctypes
import logging
import sys
import threading
import time

import quickjs

from ..errors import RenderError, RenderMemoryError, RenderTimeout
from .engine import Limits, Rendered, parse_output

logger = logging.getLogger("bridge.render")

HEAP_HEADROOM = 3
HEAP_HEADROOM_MIN = 256 * 1024 * 1024
"""The heap limit QuickJS enforces is this many times the render's memory limit (the watchdog's), and at
least ``HEAP_HEADROOM_MIN`` bytes more, so that a render that allocates in bulk inside one native call
(``split``, ``JSON.parse``) or faster than the watchdog looks (typed arrays: gigabytes a second) is still
stopped by the watchdog, not by the heap limit."""

WATCH_INTERVAL = 0.002
"""Seconds between two looks of the watchdog at the heap of the contexts that are rendering."""

# The binding's context object (module.c, quickjs 1.19.x), after PyObject_HEAD: JSRuntime *runtime;
# JSContext *context; int has_time_limit; clock_t time_limit; PyThreadState *thread_state;
# InterruptData {clock_t start; clock_t limit}. QuickJS's JSRuntime starts with JSMallocFunctions (four
# pointers), then JSMallocState {size_t malloc_count, malloc_size, malloc_limit; void *opaque}. Its
# JSContext (QuickJS 2021-03-27 with CONFIG_BIGNUM, as the binding builds it) has JSRuntime *rt at 24 and
# int interrupt_counter at 428: decremented as JS runs, the interrupt handler is called when it reaches 0.
_CONTEXT_SIZE = 80
_RUNTIME = 16
_JS_CONTEXT = 24
_HAS_TIME_LIMIT = 32
_TIME_LIMIT = 40
_INTERRUPT_LIMIT = 64
_HEAP_SIZE = 40
_HEAP_LIMIT = 48
_CONTEXT_RUNTIME = 24
_INTERRUPT_COUNTER = 428
_COUNTER_START = 10_000
_CLOCKS_PER_SEC = 1_000_000  # POSIX


class QuickJSEngine:
    """A QuickJS context with the server bundle loaded."""

    def __init__(self, bundle: str, limits: Limits) -> None:
        self._limits = limits
        self._context = quickjs.Context()
        self._context.set_max_stack_size(limits.stack)
        self._context.set_time_limit(limits.timeout)  # (before attach: it checks where the binding keeps it)
        self._heap: _Heap | None = _Heap.attach(self._context, limits)
        if self._heap is None:
            self._context.set_memory_limit(limits.memory)
        self._context.set_time_limit(-1)  # loading the bundle is not a render
        try:
            self._context.eval(bundle)
        except (quickjs.JSException, quickjs.StackOverflow) as exc:
            raise RenderError(f"the server bundle failed to load: {exc}") from None
        self._render = self._context.get("__bridgeRender")
        self._context.set_time_limit(limits.timeout)

    def render(self, page: str, data_json: str) -> Rendered:
        """Renders ``page`` with its data; raises RenderError, RenderTimeout or RenderMemoryError."""
        heap = self._heap
        try:
            if heap is None:
                output = self._render(page, data_json)
            else:
                with _WATCH.watching(heap):
                    output = self._render(page, data_json)
        except quickjs.StackOverflow as exc:
            raise RenderMemoryError(f"stack overflow (recursion too deep?): {exc}") from None
        except quickjs.JSException as exc:
            message = str(exc)
            if heap is not None and heap.stopped_at is not None:
                limit, used = self._limits.memory >> 20, heap.stopped_at >> 20
                raise RenderMemoryError(
                    f"the render ran out of memory: its heap grew past the limit of {limit} MiB ({used} MiB)"
                ) from None
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
        heap, self._heap = self._heap, None
        if heap is not None:
            _WATCH.forget(heap)
            heap.context = None  # (the watchdog's reference must not keep the context alive)
        del self._render
        del self._context


class _Heap:
    """Where the heap size of one context can be read, and its interrupt triggered, from another thread."""

    _warned = False

    def __init__(self, context: object, runtime: int, js_context: int, limit: int) -> None:
        self.context = context  # keeps the binding's object (and so the runtime) alive while watched
        self.address = id(context)
        self.runtime = runtime
        self.js_context = js_context
        self.limit = limit
        self.stopped_at: int | None = None

    @classmethod
    def attach(cls, context: quickjs.Context, limits: Limits) -> _Heap | None:
        """Sets the backstop heap limit and returns the watch handle, or None if the layout is not the one
        bridge knows (the caller then sets the plain limit)."""
        address = id(context)
        backstop = max(limits.memory * HEAP_HEADROOM, limits.memory + HEAP_HEADROOM_MIN)
        known = (
            sys.platform == "linux"
            and ctypes.sizeof(ctypes.c_void_p) == 8
            and type(context).__basicsize__ == _CONTEXT_SIZE
            and ctypes.c_int.from_address(address + _HAS_TIME_LIMIT).value == 1
            and abs(ctypes.c_long.from_address(address + _TIME_LIMIT).value - limits.timeout * _CLOCKS_PER_SEC) <= 1
        )
        runtime = ctypes.c_void_p.from_address(address + _RUNTIME).value if known else None
        js_context = ctypes.c_void_p.from_address(address + _JS_CONTEXT).value if known else None
        if runtime and js_context and ctypes.c_void_p.from_address(js_context + _CONTEXT_RUNTIME).value == runtime:
            context.set_memory_limit(backstop)
            usage = context.memory()
            if (
                ctypes.c_size_t.from_address(runtime + _HEAP_LIMIT).value == backstop == usage["malloc_limit"]
                and ctypes.c_size_t.from_address(runtime + _HEAP_SIZE).value == usage["malloc_size"]
                and _counts_down(context, js_context + _INTERRUPT_COUNTER)
            ):
                return cls(context, runtime, js_context, limits.memory)
        if not cls._warned:
            cls._warned = True
            logger.warning(
                "this quickjs binding is not the one bridge knows: renders are stopped by QuickJS's own heap "
                "limit, which can crash the process (see bridge/render/quickjs.py)"
            )
        return None

    def size(self) -> int:
        return ctypes.c_size_t.from_address(self.runtime + _HEAP_SIZE).value

    def interrupt(self) -> None:
        """Makes the binding's interrupt handler report the time limit as reached, and QuickJS call it now.

        Both writes race with the render thread (which resets the limit when a call starts and decrements
        the counter as JS runs): the watchdog repeats them until the render ends.
        """
        ctypes.c_long.from_address(self.address + _INTERRUPT_LIMIT).value = 0
        ctypes.c_int.from_address(self.js_context + _INTERRUPT_COUNTER).value = 0


def _counts_down(context: quickjs.Context, counter: int) -> bool:
    """Whether ``counter`` is QuickJS's interrupt counter: 1000 loop iterations take it down by about 2000."""
    loop = "for (let i = 0; i < 1000; i++);"
    context.eval(loop)  # a fresh context's counter starts at 0 and is set to 10,000 at the first check
    before = ctypes.c_int.from_address(counter).value
    context.eval(loop)
    after = ctypes.c_int.from_address(counter).value
    return 0 < before <= _COUNTER_START and 1000 <= (before - after) % _COUNTER_START <= 3000


class _HeapWatch:
    """The watchdog thread: stops renders whose context's heap grew past the memory limit."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rendering: set[_Heap] = set()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    def watching(self, heap: _Heap) -> _Watching:
        return _Watching(self, heap)

    def start(self, heap: _Heap) -> None:
        heap.stopped_at = None
        with self._lock:
            self._rendering.add(heap)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="bridge-heap-watch", daemon=True)
                self._thread.start()
        self._wake.set()

    def forget(self, heap: _Heap) -> None:
        with self._lock:  # after this the watchdog never touches the context again: it may be freed
            self._rendering.discard(heap)

    def _run(self) -> None:
        while True:
            self._wake.wait()
            with self._lock:
                if not self._rendering:
                    self._wake.clear()
                    continue
                for heap in self._rendering:
                    if heap.stopped_at is None and (size := heap.size()) > heap.limit:
                        heap.stopped_at = size
                    if heap.stopped_at is not None:
                        heap.interrupt()
            time.sleep(WATCH_INTERVAL)


class _Watching:
    def __init__(self, watch: _HeapWatch, heap: _Heap) -> None:
        self._watch = watch
        self._heap = heap

    def __enter__(self) -> None:
        self._watch.start(self._heap)

    def __exit__(self, *_exc: object) -> None:
        self._watch.forget(self._heap)


_WATCH = _HeapWatch()
