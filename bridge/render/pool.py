"""Render threads, each owning one engine; a render runs on whichever thread is free.

The engines release the GIL while rendering, so a few threads use several cores while the event loop
keeps serving. An engine never leaves its thread (see render/quickjs.py), and after any failed render the
thread throws its engine away and loads a fresh one, so a runaway or broken render leaves nothing behind.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
from concurrent.futures import Future
from dataclasses import dataclass

from .engine import Engine, EngineFactory, Limits, Rendered

logger = logging.getLogger("bridge.render")


@dataclass
class _Job:
    page: str
    data_json: str
    future: Future[Rendered]


class RenderPool:
    """``threads`` render threads sharing one queue of render jobs."""

    def __init__(self, bundle: str, *, factory: EngineFactory, threads: int, limits: Limits) -> None:
        self._bundle = bundle
        self._generation = 0  # bumped by reload(); a thread whose engine is older replaces it
        self._factory = factory
        self._limits = limits
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self.replaced = 0
        """How many engines were discarded after a failed render."""
        self._threads: list[threading.Thread] = []
        for i in range(threads):
            ready: Future[None] = Future()
            thread = threading.Thread(target=self._serve, args=(ready,), name=f"bridge-render-{i}", daemon=True)
            thread.start()
            self._threads.append(thread)
            ready.result()  # the first engine shows whether the bundle loads at all

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
        for _ in self._threads:
            self._jobs.put(None)
        for thread in self._threads:
            thread.join()

    def _serve(self, ready: Future[None]) -> None:
        generation = self._generation
        try:
            engine: Engine | None = self._factory(self._bundle, self._limits)
        except BaseException as exc:
            ready.set_exception(exc)
            return
        ready.set_result(None)
        while (job := self._jobs.get()) is not None:
            if not job.future.set_running_or_notify_cancel():
                continue
            try:
                if engine is None or generation != self._generation:
                    if engine is not None:
                        engine.close()
                        engine = None
                    generation = self._generation
                    engine = self._factory(self._bundle, self._limits)
                result = engine.render(job.page, job.data_json)
            except BaseException as exc:
                job.future.set_exception(exc)
                if engine is not None:  # a failed render leaves its engine behind: load a fresh one now
                    self.replaced += 1
                    engine.close()
                    engine = self._fresh_engine()
            else:
                job.future.set_result(result)
        if engine is not None:
            engine.close()

    def _fresh_engine(self) -> Engine | None:
        try:
            return self._factory(self._bundle, self._limits)
        except Exception:
            logger.exception("could not load a fresh JS engine; retrying at the next render")
            return None
