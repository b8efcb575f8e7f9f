"""Render threads, each owning one engine; a render runs on whichever thread is free.

The engines release the GIL while rendering, so a few threads use several cores while the event loop
keeps serving. An engine never leaves its thread (see render/quickjs.py), and after any failed render the
thread throws its engine away and loads a fresh one, so a runaway or broken render leaves nothing behind.

The pool keeps ``threads`` threads. When renders queue up behind threads that have all been busy for a
while (runaway components spinning until their time limit), it starts surge threads, up to
``max_threads``, so normal pages are not held up behind them; a surge thread ends after a quiet spell.
An engine context costs about 1 MB, so surging is cheap.
"""

from __future__ import annotations

import asyncio
import ctypes
import itertools
import logging
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass

from .engine import Engine, EngineFactory, Limits, Rendered

logger = logging.getLogger("bridge.render")


def _libc_malloc_trim() -> Callable[[int], int] | None:
    try:
        trim: Callable[[int], int] = ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc
        return None
    return trim


_malloc_trim = _libc_malloc_trim()

SURGE_IDLE_SECONDS = 10.0
"""A surge thread with no render for this long ends."""


@dataclass
class _Job:
    page: str
    data_json: str
    future: Future[Rendered]


class RenderPool:
    """Render threads sharing one queue of render jobs: ``threads`` always, up to ``max_threads`` in a surge."""

    def __init__(
        self, bundle: str, *, factory: EngineFactory, threads: int, limits: Limits, max_threads: int = 32
    ) -> None:
        self._bundle = bundle
        self._generation = 0  # bumped by reload(); a thread whose engine is older replaces it
        self._factory = factory
        self._limits = limits
        self._max_threads = max(threads, max_threads)
        self._surge_after = min(0.1, limits.timeout / 4)
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._busy: dict[int, float] = {}  # thread ident -> when its current render started
        self._threads: set[threading.Thread] = set()
        self._closed = threading.Event()
        self._names = itertools.count()
        self.replaced = 0
        """How many engines were discarded after a failed render."""
        for _ in range(threads):
            self._start(surge=False).result()  # the first engine shows whether the bundle loads at all
        threading.Thread(target=self._watch, name="bridge-render-watch", daemon=True).start()

    @property
    def size(self) -> int:
        """How many render threads run now."""
        return len(self._threads)

    def submit(self, page: str, data_json: str) -> Future[Rendered]:
        """Queues a render; the future is cancelled harmlessly if nobody waits any more."""
        future: Future[Rendered] = Future()
        self._jobs.put(_Job(page, data_json, future))
        return future

    async def render(self, page: str, data_json: str) -> Rendered:
        """Renders ``page`` on a render thread without blocking the event loop."""
        return await asyncio.wrap_future(self.submit(page, data_json))

    def render_sync(self, page: str, data_json: str) -> Rendered:
        """Renders ``page`` on a render thread, blocking the calling thread."""
        return self.submit(page, data_json).result()

    def reload(self, bundle: str) -> None:
        """Switches to a new server bundle (``bridge dev``): each thread loads it before its next render."""
        self._bundle = bundle
        self._generation += 1

    def close(self) -> None:
        """Stops the threads after the queued renders."""
        self._closed.set()
        with self._lock:
            threads = list(self._threads)
        for _ in threads:
            self._jobs.put(None)
        for thread in threads:
            thread.join()

    def _start(self, surge: bool) -> Future[None]:
        ready: Future[None] = Future()
        name = f"bridge-render-{'surge-' if surge else ''}{next(self._names)}"
        thread = threading.Thread(target=self._serve, args=(ready, surge), name=name, daemon=True)
        with self._lock:  # counted before it runs, so the watcher sees it; close() joins only started threads
            self._threads.add(thread)
            thread.start()
        return ready

    def _watch(self) -> None:
        """Starts surge threads while renders wait behind threads that are all stuck in long renders."""
        while not self._closed.wait(self._surge_after / 2):
            waiting = self._jobs.qsize()
            if not waiting:
                continue
            now = time.monotonic()
            with self._lock:
                stuck = len(self._busy) == len(self._threads) and all(
                    now - started > self._surge_after for started in self._busy.values()
                )
                extra = min(waiting, self._max_threads - len(self._threads)) if stuck else 0
            for _ in range(extra):
                self._start(surge=True)
            if extra:
                logger.warning("renders are stuck behind long renders: %d more render threads", extra)

    def _serve(self, ready: Future[None], surge: bool) -> None:
        generation = self._generation
        me = threading.get_ident()
        try:
            engine: Engine | None = self._factory(self._bundle, self._limits)
        except BaseException as exc:
            with self._lock:
                self._threads.discard(threading.current_thread())
            ready.set_exception(exc)
            return
        ready.set_result(None)
        while True:
            try:
                job = self._jobs.get(timeout=SURGE_IDLE_SECONDS if surge else None)
            except queue.Empty:
                break
            if job is None:
                break
            if not job.future.set_running_or_notify_cancel():
                continue
            with self._lock:
                self._busy[me] = time.monotonic()
            try:
                if engine is None or generation != self._generation:
                    if engine is not None:
                        engine.close()
                        engine = None
                    generation = self._generation
                    engine = self._factory(self._bundle, self._limits)
                result = engine.render(job.page, job.data_json)
            except BaseException as exc:
                failed, engine = engine, None
                if failed is not None:  # a failed render leaves its engine behind: replace it right away
                    self.replaced += 1
                    failed.close()
                    _return_freed_memory()
                job.future.set_exception(exc)
                if failed is not None:
                    engine = self._fresh_engine()
            else:
                job.future.set_result(result)
            finally:
                with self._lock:
                    del self._busy[me]
        with self._lock:
            self._threads.discard(threading.current_thread())
        if engine is not None:
            engine.close()

    def _fresh_engine(self) -> Engine | None:
        try:
            return self._factory(self._bundle, self._limits)
        except Exception:
            logger.exception("could not load a fresh JS engine; retrying at the next render")
            return None


def _return_freed_memory() -> None:
    """Gives the heap of a discarded engine back to the system: after a memory bomb, glibc would
    otherwise keep the process hundreds of megabytes larger."""
    if _malloc_trim is not None:
        _malloc_trim(0)
