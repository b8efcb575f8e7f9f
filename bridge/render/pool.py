"""Render threads, each owning one engine; a render runs on whichever thread is free.

The engines release the GIL while rendering, so a few threads use several cores while the event loop
keeps serving. An engine never leaves its thread (see render/quickjs.py), and after any failed render the
thread throws its engine away and loads a fresh one, so a runaway or broken render leaves nothing behind;
except after a ``PageLoadError``: that page's module failed to load and fails the same way at every render,
which leaves the engine as it was (replacing it would only make every request for that page load a bundle).

An input (page and page data) whose render ran past its time limit is quarantined for a moment (see
render/quarantine.py): renders of it that were queued meanwhile, or arrive then, fail at once instead of
spinning until their limit, and its page renders one input at a time meanwhile, so a burst of runaway
requests cannot hold other pages up for more than one time limit, while other inputs of the same page
still render. (Adding threads would not help: QuickJS's limit counts the whole process's CPU time, so more
threads than cores only push healthy renders past their limits sooner.)

An engine that can render on the event loop itself (a factory with ``on_loop``, V8) skips the threads
when ``render`` is awaited: each event loop gets up to ``per_loop`` engines of its own, made on it when
renders need them, and a render awaits the engine there. That saves two thread switches each way per
render, which cost more CPU than V8's render of a small page. bridge's settings give one engine per loop
unless ``render_threads`` is set: a V8 render does not block the loop, so one context keeps a worker's
cores busy, and each further one keeps a heap of its own (one process, the bench's n=1000 list page, 4
concurrent requests: 161 MB and growing with two contexts, 130-137 MB flat with one, same CPU per
request). Once a loop has rendered nothing for ``IDLE_COLLECT`` seconds, its engines collect their
garbage and the freed memory goes back to the system, so the memory a burst took does not stay taken; an
engine that renders without such a lull collects every ``BUSY_COLLECT`` seconds between two renders (two
workers, 60 s of the bench's 1000-row page: RSS 447 -> 601 MB from 10 s to the end without, 456 -> 422 MB
with, at the same requests per second).
A failed engine is closed on a thread of its own (closing a big heap takes V8 0.6 s) and the next render
makes a fresh one. ``render_sync`` always uses the threads. Engines of a loop that has closed (a test's)
are closed when the pool meets a new loop, or by ``close``.
"""

from __future__ import annotations

import asyncio
import ctypes
import logging
import queue
import threading
import time
import weakref
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field

from ..errors import PageLoadError, RenderTimeout
from .engine import Engine, EngineFactory, Limits, LoopEngine, LoopEngineFactory, Rendered
from .quarantine import InputKey, Quarantine, input_key

logger = logging.getLogger("bridge.render")


def _libc_malloc_trim() -> Callable[[int], int] | None:
    try:
        trim: Callable[[int], int] = ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc
        return None
    return trim


_malloc_trim = _libc_malloc_trim()

IDLE_COLLECT = 1.0
"""Seconds without a render after which a loop's engines collect their garbage (``LoopEngine.collect``)."""
BUSY_COLLECT = 10.0
"""Seconds after which an engine that has rendered without a lull collects its garbage between two renders
anyway: under steady load V8 lets its old generation, where render trees that outlived the young one end
up, grow for tens of seconds before a full collection of its own."""


@dataclass
class _Job:
    key: InputKey
    data_json: str
    future: Future[Rendered]

    @property
    def page(self) -> str:
        return self.key[0]


@dataclass
class _LoopEngines:
    """The engines of one event loop: idle ones with the generation of their bundle, and a slot for each
    engine the loop may have (at most one render per engine)."""

    slots: asyncio.Semaphore
    idle: list[tuple[int, LoopEngine]]
    rendering: dict[str, int] = field(default_factory=dict)  # page -> renders in progress
    ended: dict[str, asyncio.Event] = field(default_factory=dict)  # page -> set when one of its renders ends
    last_render: float = 0.0  # time.monotonic() when the last render ended
    collected: weakref.WeakKeyDictionary[LoopEngine, float] = field(default_factory=weakref.WeakKeyDictionary)
    """When each engine last collected its garbage (time.monotonic()); since it was made if never."""
    collector: asyncio.TimerHandle | None = None  # the pending idle collection


class RenderPool:
    """``threads`` render threads sharing one queue of render jobs; for an engine that renders on the event
    loop, also up to ``per_loop`` engines per event loop (default ``threads``)."""

    def __init__(
        self, bundle: str, *, factory: EngineFactory, threads: int, limits: Limits, per_loop: int | None = None
    ) -> None:
        self._bundle = bundle
        self._generation = 0  # bumped by reload(); a thread whose engine is older replaces it
        self._factory = factory
        self._limits = limits
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._threads: set[threading.Thread] = set()
        self._quarantine = Quarantine(limits.timeout)
        self._rendering: dict[str, int] = {}  # page -> renders in progress on the threads (under _lock)
        self._parked: dict[str, deque[_Job]] = {}  # page -> jobs waiting while a render of the suspect page runs
        self._on_loop: LoopEngineFactory | None = getattr(factory, "on_loop", None)
        self._per_loop = per_loop or threads
        self._loops: dict[asyncio.AbstractEventLoop, _LoopEngines] = {}
        self._closing: set[threading.Thread] = set()  # closing discarded loop engines
        self.replaced = 0
        """How many engines were discarded after a failed render."""
        self._thread_count = threads
        self._threads_started = threading.Lock()
        if self._on_loop is None:
            self._start_threads()
        else:  # the threads only serve render_sync here: they start with the first one (saving their memory)
            factory(bundle, limits).close()  # shows now whether the bundle loads at all

    @property
    def size(self) -> int:
        """How many render threads run now."""
        return len(self._threads)

    def submit(self, page: str, data_json: str, same: str | None = None) -> Future[Rendered]:
        """Queues a render; the future is cancelled harmlessly if nobody waits any more.

        ``same`` is what makes two renders the same input for the quarantine (``data_json`` by default): the
        page data without what differs per visitor but not in effect, such as the CSRF token.
        """
        if not self._threads:
            self._start_threads()
        future: Future[Rendered] = Future()
        self._jobs.put(_Job(input_key(page, same or data_json), data_json, future))
        return future

    async def render(self, page: str, data_json: str, same: str | None = None) -> Rendered:
        """Renders ``page`` without blocking the event loop: on the loop itself if the engine can, else on a
        render thread. ``same`` as for ``submit``."""
        if self._on_loop is None:
            return await asyncio.wrap_future(self.submit(page, data_json, same))
        return await self._render_on_loop(self._on_loop, input_key(page, same or data_json), data_json)

    async def _render_on_loop(self, on_loop: LoopEngineFactory, key: InputKey, data_json: str) -> Rendered:
        engines = self._loops.get(asyncio.get_running_loop()) or self._new_loop()
        page = key[0]
        while True:
            async with engines.slots:  # waits while every engine of this loop renders
                refused = self._quarantine.refusal(key)
                if refused is not None:
                    raise refused
                if not (engines.rendering.get(page) and self._quarantine.suspect(page)):
                    return await self._render_in_slot(engines, on_loop, key, data_json)
            # a suspect page renders one input at a time: wait for its render without holding a slot
            await engines.ended.setdefault(page, asyncio.Event()).wait()

    async def _render_in_slot(
        self, engines: _LoopEngines, on_loop: LoopEngineFactory, key: InputKey, data_json: str
    ) -> Rendered:
        page = key[0]
        engines.rendering[page] = engines.rendering.get(page, 0) + 1
        try:
            generation, engine = self._generation, None
            while engines.idle and engine is None:
                made, engine = engines.idle.pop()
                if made != generation:  # made with the bundle before reload()
                    self._discard(engine)
                    engine = None
            if engine is None:
                engine = await on_loop(self._bundle, self._limits)
                engines.collected[engine] = time.monotonic()
            try:
                result = await engine.render_async(page, data_json)
            except PageLoadError:  # fails alone, at every render: the engine is fine
                engines.idle.append((generation, engine))
                raise
            except BaseException as exc:  # (a cancelled render too: the engine may be halfway through it)
                if isinstance(exc, RenderTimeout):
                    self._quarantine.add(key)
                self._count_replaced()
                self._discard(engine)
                raise
            if time.monotonic() - engines.collected.get(engine, 0.0) >= BUSY_COLLECT:
                engine.collect()  # (between two renders: it is in no one's hands)
                engines.collected[engine] = time.monotonic()
                _return_freed_memory()
            engines.idle.append((generation, engine))
            return result
        finally:
            engines.rendering[page] -= 1
            ended = engines.ended.pop(page, None)
            if ended is not None:
                ended.set()
            self._collect_when_idle(engines)

    def _collect_when_idle(self, engines: _LoopEngines) -> None:
        """Has the loop's engines collect their garbage once no render ran for ``IDLE_COLLECT`` seconds:
        V8 otherwise keeps the heap a burst of renders grew to for as long as the process lives."""
        engines.last_render = time.monotonic()
        if engines.collector is None:
            engines.collector = asyncio.get_running_loop().call_later(IDLE_COLLECT, self._collect_idle, engines)

    def _collect_idle(self, engines: _LoopEngines) -> None:
        waited = time.monotonic() - engines.last_render
        busy = any(engines.rendering.values())
        if busy or waited < IDLE_COLLECT:  # renders came meanwhile: wait for the next lull
            delay = IDLE_COLLECT if busy else IDLE_COLLECT - waited
            engines.collector = asyncio.get_running_loop().call_later(delay, self._collect_idle, engines)
            return
        engines.collector = None
        for _, engine in engines.idle:  # (on the loop, no render is running: none of them is in use)
            engine.collect()
        _return_freed_memory()

    def render_sync(self, page: str, data_json: str, same: str | None = None) -> Rendered:
        """Renders ``page`` on a render thread, blocking the calling thread. ``same`` as for ``submit``."""
        return self.submit(page, data_json, same).result()

    def reload(self, bundle: str) -> None:
        """Switches to a new server bundle (``bridge dev``): each thread loads it before its next render, and
        each event loop's engines are replaced as they are next used."""
        self._bundle = bundle
        self._generation += 1

    def close(self) -> None:
        """Stops the threads after the queued renders, and closes the engines of event loops."""
        with self._lock:
            threads = list(self._threads)
            loops, self._loops = self._loops, {}
        for _ in threads:
            self._jobs.put(None)
        for thread in threads:
            thread.join()
        for engines in loops.values():
            for _, engine in engines.idle:
                engine.close()
        with self._lock:
            closing = list(self._closing)
            parked = [job for jobs in self._parked.values() for job in jobs]
            self._parked.clear()
        for thread in closing:
            thread.join()
        for job in parked:  # (their page's render ended after the threads were told to stop)
            job.future.cancel()

    def _new_loop(self) -> _LoopEngines:
        """Engine slots for the running loop, which the pool meets for the first time; closes the engines
        of loops that have closed since."""
        loop = asyncio.get_running_loop()
        with self._lock:
            closed = [self._loops.pop(old) for old in list(self._loops) if old.is_closed()]
            engines = self._loops[loop] = _LoopEngines(asyncio.Semaphore(self._per_loop), [])
        for old in closed:
            for _, engine in old.idle:
                self._discard(engine)
        return engines

    def _discard(self, engine: LoopEngine) -> None:
        """Closes a loop engine on a thread of its own, then gives its memory back."""

        def close() -> None:
            engine.close()
            _return_freed_memory()
            with self._lock:
                self._closing.discard(thread)

        thread = threading.Thread(target=close, name="bridge-engine-close", daemon=True)
        with self._lock:
            self._closing.add(thread)
        thread.start()

    def _start_threads(self) -> None:
        with self._threads_started:
            if not self._threads:
                for i in range(self._thread_count):
                    self._start(i).result()  # the first engine shows whether the bundle loads at all

    def _start(self, index: int) -> Future[None]:
        ready: Future[None] = Future()
        thread = threading.Thread(target=self._serve, args=(ready,), name=f"bridge-render-{index}", daemon=True)
        with self._lock:  # counted before it runs; close() joins only started threads
            self._threads.add(thread)
            thread.start()
        return ready

    def _serve(self, ready: Future[None]) -> None:
        generation = self._generation
        try:
            engine: Engine | None = self._factory(self._bundle, self._limits)
        except BaseException as exc:
            with self._lock:
                self._threads.discard(threading.current_thread())
            ready.set_exception(exc)
            return
        ready.set_result(None)
        while (job := self._jobs.get()) is not None:
            if not job.future.running() and not job.future.set_running_or_notify_cancel():
                continue  # (a parked job queued again is running already)
            refused = self._quarantine.refusal(job.key)
            if refused is not None:
                job.future.set_exception(refused)
                continue
            if not self._admit(job):
                continue
            try:
                if engine is None or generation != self._generation:
                    if engine is not None:
                        engine.close()
                        engine = None
                    generation = self._generation
                    engine = self._factory(self._bundle, self._limits)
                result = engine.render(job.page, job.data_json)
            except PageLoadError as exc:  # fails alone, at every render: the engine is fine
                job.future.set_exception(exc)
            except BaseException as exc:
                if isinstance(exc, RenderTimeout):
                    self._quarantine.add(job.key)
                failed, engine = engine, None
                if failed is not None:
                    self._count_replaced()
                self._finished(job)
                job.future.set_exception(exc)  # answer first: closing a context with a big heap takes V8 0.6 s
                if failed is not None:  # a failed render leaves its engine behind: replace it right away
                    failed.close()
                    failed = None
                    _return_freed_memory()
                    engine = self._fresh_engine()
            else:
                self._finished(job)
                job.future.set_result(result)
        with self._lock:
            self._threads.discard(threading.current_thread())
        if engine is not None:
            engine.close()

    def _admit(self, job: _Job) -> bool:
        """Counts ``job`` as rendering, or parks it while another input of its suspect page renders."""
        with self._lock:
            if self._rendering.get(job.page) and self._quarantine.suspect(job.page):
                self._parked.setdefault(job.page, deque()).append(job)
                return False
            self._rendering[job.page] = self._rendering.get(job.page, 0) + 1
            return True

    def _finished(self, job: _Job) -> None:
        """Counts the end of ``job``'s render; queues a job parked behind it again (at the end of the queue)."""
        with self._lock:
            self._rendering[job.page] -= 1
            parked = self._parked.get(job.page)
            if parked:
                self._jobs.put(parked.popleft())
            if not parked:
                self._parked.pop(job.page, None)

    def _count_replaced(self) -> None:
        with self._lock:
            self.replaced += 1

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
