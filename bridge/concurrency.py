"""Where bridge's blocking work runs, and how a thread without an event loop runs bridge's request path.

bridge answers a request with one async path. Under an ASGI server it runs on the server's loop, and a
plain (sync) page function runs in a worker thread so the loop keeps serving. Under WSGI (``BridgeWSGI``,
the Django middleware) the server's thread hands the request to ``process_loop``, one event loop per
process on a thread of its own, and waits; meanwhile a plain page function, and the reading of the WSGI
body, run back in that waiting thread, where the host framework keeps its per-thread state (Django's
database connection, for one). An async page function awaits on the process loop like under ASGI.
"""

from __future__ import annotations

import asyncio
import contextvars
import os
import queue
import threading
from collections.abc import Callable, Coroutine
from typing import Any, ParamSpec, TypeVar

from starlette.concurrency import run_in_threadpool

T = TypeVar("T")
P = ParamSpec("P")

_Calls = queue.SimpleQueue[Callable[[], None] | None]
_waiting_thread: contextvars.ContextVar[_Calls | None] = contextvars.ContextVar("bridge_waiting_thread", default=None)


async def run_blocking(function: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Calls a blocking function without blocking the event loop: in the WSGI thread waiting for this
    request (see ``EventLoopThread.run``), else in a worker thread."""
    calls = _waiting_thread.get()
    if calls is None:
        return await run_in_threadpool(function, *args, **kwargs)
    loop = asyncio.get_running_loop()
    done: asyncio.Future[T] = loop.create_future()

    def call() -> None:
        try:
            result = function(*args, **kwargs)
        except BaseException as exc:  # (handed to the awaiting coroutine, which decides)
            loop.call_soon_threadsafe(_settle, done, None, exc)
        else:
            loop.call_soon_threadsafe(_settle, done, result, None)

    calls.put(call)
    return await done


def _settle(future: asyncio.Future[Any], result: Any, error: BaseException | None) -> None:
    if future.done():  # cancelled meanwhile
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)


class EventLoopThread:
    """An event loop on a daemon thread, started on first use, and again in a forked child (a pre-forking
    server such as gunicorn with ``--preload`` forks after the app loaded; threads do not survive that)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._pid = 0

    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        """Runs ``coroutine`` on the loop and returns its result, blocking the calling thread, which
        meanwhile runs the blocking calls the coroutine hands it (``run_blocking``)."""
        calls: _Calls = queue.SimpleQueue()

        async def main() -> T:
            _waiting_thread.set(calls)
            return await coroutine

        future = asyncio.run_coroutine_threadsafe(main(), self._running())
        future.add_done_callback(lambda _: calls.put(None))
        while (call := calls.get()) is not None:
            call()
        return future.result()

    def _running(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._loop is None or self._pid != os.getpid():
                self._loop, self._pid = asyncio.new_event_loop(), os.getpid()
                threading.Thread(target=self._loop.run_forever, name="bridge-event-loop", daemon=True).start()
            return self._loop


process_loop = EventLoopThread()
"""The event loop on which WSGI threads run bridge's request path, one per process."""
