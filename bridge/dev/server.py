"""The ``bridge dev`` app: the pages, rebuilt and reloaded as files change, plus the dev event stream.

What a save does:
- a component (``.jsx``/``.tsx``/...) in the pages folder: the warm esbuild contexts rebuild; as soon
  as the client build is written, open tabs get an ``update`` and swap the modules in place with React
  Fast Refresh (or reload, when a changed module exports more than components); the server bundle
  follows, and server renders wait for it.
- a page's ``.py`` (or a helper in the pages folder): every page module is imported afresh in this
  process, and tabs refetch their page's props as data and re-render in place.
- another Python module the app imported from the project folder (checked every MODULE_POLL_S): it
  cannot be reloaded safely, so the process restarts itself and tabs reload when they reconnect.
Build errors and failed imports go to every tab's overlay; the last good build keeps serving. When the
app cannot load at all (a page's .py fails at start), pages answer with the error until a save fixes it.

Mounted (``bridge dev --app main:app``): the user's app runs with bridge where its code puts it.
``bridge dev`` sets ``BRIDGE_DEV_APP`` before importing the app. A ``Bridge`` made with an app
(``app.add_middleware(Bridge, ...)``, FastAPI and Starlette) then hands its work to a ``DevServer`` around
that app, inside the app's own middleware: the same builds, updates, overlay and restarts, while every
request that is not a page goes on to the app, and the app's lifespan runs as it does in production.
An adapter inside a framework (Django's ``BridgeMiddleware``, ``BridgeWSGI``) cannot have a server around
it; it joins the ``DevServer`` that ``around_host_app`` makes, which ``bridge dev`` then runs around the
whole app (``serve_host_app``, a WSGI app through uvicorn's WSGI middleware): it builds and serves the
event stream (and runs the lifespan, the app's own when it has one), while the adapter renders each page
with the build the dev server loaded last.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import importlib
import importlib.util
import inspect
import ipaddress
import logging
import os
import signal
import sys
import threading
import time
import traceback
import uuid
from collections.abc import AsyncIterator, Iterable
from pathlib import Path
from types import FrameType
from typing import Any, Unpack

import orjson
import watchfiles
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, StreamingResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from uvicorn.middleware import wsgi as uvicorn_wsgi

from ..adapters.asgi import Bridge
from ..adapters.base import Adapter
from ..build.bundler import page_files
from ..build.toolchain import ensure_js_dependencies, find_node
from ..config import BridgeOptions, default_build_dir
from ..errors import BridgeError
from ..request import is_data_request, mount_and_path
from ..routing import COMPONENT_SUFFIXES, RouteTable
from ..types import TypesError, write_declarations
from ..types.css import sync_css_declarations
from ..types.tsc import tsconfig_for
from .builder import DevBuilder, Step

logger = logging.getLogger("bridge.dev")
EVENTS_PATH = "/_bridge/dev/events"
_SOURCE_SUFFIXES = {*COMPONENT_SUFFIXES, ".css", ".scss", ".json"}


WATCH_STEP_MS = 2
"""watchfiles yields changes once no more came for one step, so 1 to 2 steps after a save (5 ms would add
about 5 ms to every update; waking every 2 ms costs no measurable CPU)."""
SERVER_BUILD_GRACE_S = 0.05
"""How long the server bundle's build waits after the client build, while tabs update (see _rebuild)."""
ALLOWED_HOSTS_ENV = "BRIDGE_ALLOWED_HOSTS"
"""Host names the dev server answers besides loopback ones and IP addresses, space-separated."""
MODULE_POLL_S = 0.3
"""How often the Python modules the app imported from outside the pages folder are checked for changes."""


class _Filter(watchfiles.DefaultFilter):
    def __call__(self, change: watchfiles.Change, path: str) -> bool:
        if path.endswith(".d.ts"):  # declarations written by `bridge types` (and below): no code
            return False
        return Path(path).suffix in {*_SOURCE_SUFFIXES, ".py"} and super().__call__(change, path)


class DevServer:
    """ASGI app of ``bridge dev`` (run it with lifespan on: start-up builds, shutdown stops the builder)."""

    _for_host_app: DevServer | None = None

    def __init__(self, app: ASGIApp | None = None, **options: Unpack[BridgeOptions]) -> None:
        self.app = app
        self.host_app: ASGIApp | None = None
        """The app that answers every request once built, with bridge's adapters inside (see ``serve_host_app``)."""
        self.host_lifespan = False
        """Whether ``host_app`` runs a lifespan of its own (a Starlette app mounting ``Bridge()``, not Django)."""
        self.adapters: list[Adapter] = []
        """Adapters inside ``host_app``, given each build this server loads."""
        self.allowed_hosts = frozenset(os.environ.get(ALLOWED_HOSTS_ENV, "").lower().split())
        """Host names answered besides loopback ones and IP addresses (``--allowed-host``)."""
        self.options = options
        self.options["dev"] = True
        # One render thread: enough for a developer's tabs, and the start (each thread loads the server
        # bundle, one after the other) and the first render after each rebuild (a thread reloads it) cost less.
        self.options.setdefault("render_threads", 1)
        self.pages_dir = Path(self.options.get("pages", "pages")).resolve()
        build_dir = self.options.get("build_dir")
        self.build_dir = Path(build_dir).resolve() if build_dir else default_build_dir(self.pages_dir) / "dev"
        if app is not None and build_dir:  # the app's options name its production build: keep out of it
            self.build_dir = self.build_dir / "dev"
        self.options["build_dir"] = self.build_dir
        self.builder = DevBuilder(self.pages_dir, self.build_dir)
        self.bridge: Bridge | None = None
        self.errors: list[str] = []
        self.boot = uuid.uuid4().hex[:8]
        self._clients: set[asyncio.Queue[bytes]] = set()
        self._ready = asyncio.Event()
        self._render_wanted = asyncio.Event()
        self._watcher: asyncio.Task[None] | None = None
        self._poller: asyncio.Task[None] | None = None
        self._stop = asyncio.Event()
        self._closing = False
        self._failed_files: set[str] = set()  # the files in the traceback of the app's failed start

    @classmethod
    def around_host_app(cls, options: BridgeOptions) -> DevServer:
        """The dev server for the adapters a framework's app makes (``BridgeWSGI``, Django's middleware), one
        per process; ``bridge dev --app`` serves the app through it (``serve_host_app``)."""
        if cls._for_host_app is None:
            cls._for_host_app = cls(**options)
        return cls._for_host_app

    @classmethod
    def serve_host_app(cls, app: Any) -> ASGIApp | None:
        """The ASGI app to run for ``app`` when its adapters joined a dev server (else None): that server,
        answering with ``app`` (called as WSGI when its ``__call__`` is not async)."""
        server = cls._for_host_app
        if server is None:
            return None
        # uvicorn's WSGI middleware (a2wsgi's when installed, as `uvicorn --interface wsgi` runs it)
        wsgi = uvicorn_wsgi.WSGIMiddleware  # type: ignore[attr-defined]
        asgi = is_asgi(app)
        server.host_app = app if asgi else wsgi(app)
        server.host_lifespan = asgi and not type(app).__module__.startswith("django.")  # (Django's has none)
        return server

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            app = self.app or (self.host_app if self.host_lifespan else None)
            if app is None:
                await self._lifespan(receive, send)
            else:
                await app(scope, self._lifespan_of_app(receive), send)
            return
        if scope["type"] != "http":
            target = self.host_app or self.app
            if target is not None:
                await target(scope, receive, send)
            return
        host = Headers(scope=scope).get("host", "")
        if not _allowed_host(host, self.allowed_hosts):
            message = f"bridge dev answers loopback host names only; to allow {host!r}, pass --allowed-host"
            await PlainTextResponse(message, 400)(scope, receive, send)
            return
        _, path = mount_and_path(scope)
        # (around a host app, the pages may be mounted under a prefix that this outer scope does not carry)
        if path == EVENTS_PATH or (self.host_app is not None and path.endswith(EVENTS_PATH)):
            await self._events(Request(scope, receive))(scope, receive, send)
            return
        renders = not path.startswith("/_bridge/") and not is_data_request(scope)
        if renders and not self._ready.is_set():
            self._render_wanted.set()  # a server render waits for the server bundle being built
            await self._ready.wait()
        if self.bridge is None:
            await HTMLResponse(_build_failed_page(self.errors), 500)(scope, receive, send)
            return
        await (self.host_app or self.bridge)(scope, receive, send)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await self.start()
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await self.stop()
                await send({"type": "lifespan.shutdown.complete"})
                return

    def _lifespan_of_app(self, receive: Receive) -> Receive:
        """The server's lifespan messages for the wrapped app, starting and stopping the dev server first."""

        async def receive_starting_first() -> Message:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await self.start()
            elif message["type"] == "lifespan.shutdown":
                await self.stop()
            return message

        return receive_starting_first

    async def start(self) -> None:
        """First build, load the app, start watching."""
        started = time.perf_counter()
        self._end_streams_on_exit_signals()
        await self.builder.start()
        await self._rebuild(set())
        logger.info("ready in %.0f ms", (time.perf_counter() - started) * 1000)
        self._watcher = asyncio.create_task(self._watch())
        self._poller = asyncio.create_task(self._poll_modules())

    async def stop(self) -> None:
        """Stop watching, the builder and the render threads."""
        self._stop.set()
        if self._watcher is not None:
            await self._watcher
        if self._poller is not None:
            await self._poller
        await self.builder.stop()
        if self.bridge is not None:
            self.bridge.close()

    async def _watch(self) -> None:
        """Watches the pages folder (only: the project folder may hold a virtualenv or node_modules, whose
        thousands of folders would take inotify long to set up and keep waking the watcher)."""
        async for changes in watchfiles.awatch(
            self.pages_dir, watch_filter=_Filter(), debounce=200, step=WATCH_STEP_MS, stop_event=self._stop
        ):
            try:
                added_or_deleted = any(change != watchfiles.Change.modified for change, _ in changes)
                await self.changed({Path(path) for _, path in changes}, added_or_deleted)
            except Exception:
                logger.exception("handling a change failed")

    async def _poll_modules(self) -> None:
        """Restarts the process when a Python module the app imported from outside the pages folder (from
        the project folder, not from an installed package) changes: polled, as there are few."""
        seen: dict[str, float] = {}
        while not self._stop.is_set():
            changed = set()
            modules = (getattr(module, "__file__", None) for module in list(sys.modules.values()))
            for file in _project_files(self.pages_dir, [*modules, *self._failed_files]):
                try:
                    mtime = os.stat(file).st_mtime
                except OSError:
                    continue
                if seen.setdefault(file, mtime) != mtime:
                    changed.add(Path(file))
            if changed:
                await self._restart(changed)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), MODULE_POLL_S)

    async def changed(self, paths: set[Path], added_or_deleted: bool = True) -> None:
        """Reacts to changed files in the pages folder (see the module docstring); ``added_or_deleted``
        False says that files were only modified, so the set of pages is the same."""
        sources = {p for p in paths if p.suffix in _SOURCE_SUFFIXES}
        python = {p for p in paths if p.suffix == ".py"}
        if not sources and not python:
            return
        try:
            structure_changed = added_or_deleted and page_files(RouteTable.scan(self.pages_dir)) != self.builder.pages
        except BridgeError as exc:  # e.g. a .py without component, or two pages for one URL
            self._broadcast({"type": "error", "errors": [str(exc)]})
            return
        if structure_changed:
            await self.builder.start()
        if sources or structure_changed or self.bridge is None:  # (None: the app failed to load, try again)
            await self._rebuild(sources)
        if any(p.name.endswith((".module.css", ".module.scss")) for p in sources) and tsconfig_for(self.pages_dir):
            await asyncio.to_thread(self._write_css_declarations)
        if (python or structure_changed) and self.bridge is not None:
            self._reload_pages(python)

    async def _rebuild(self, changed: set[Path]) -> None:
        """The client modules first, which open tabs update from at once, then the server bundle, which
        server renders wait for. In between, the tabs get SERVER_BUILD_GRACE_S to fetch and run the new
        modules without a server build competing for the CPU, unless a render wants the bundle sooner."""
        self._ready.clear()
        self._render_wanted.clear()
        try:
            if not self._use(await self.builder.build_client(changed), changed):
                return  # the server bundle would fail alike: the last good one stays in service
            if self._clients and self.bridge is not None:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._render_wanted.wait(), SERVER_BUILD_GRACE_S)
            self._use(await self.builder.build_server(), changed)
        finally:
            self._ready.set()

    def _use(self, step: Step, changed: set[Path]) -> bool:
        """Puts a build in service and tells the tabs, or reports its errors; whether it succeeded."""
        if step.errors:
            self.errors = step.errors
            logger.error("build failed:\n%s", "\n".join(step.errors))
            self._broadcast({"type": "error", "errors": step.errors})
            return False
        if step.target == "client":
            self.errors = []
            if self.bridge is not None:
                self.bridge.handler.reload_assets()
                # a stylesheet is always swapped in place; a module, when it exports only components
                swappable = (p.suffix in (".css", ".scss") or step.boundaries.get(str(p)) for p in changed)
                boundary = bool(changed) and all(swappable)
                self._broadcast({"type": "update", "boundary": boundary, "assets": self._page_urls()})
        elif self.bridge is None:
            try:
                self.bridge = Bridge.for_dev_server(self.app, self.options)
            except Exception as exc:  # e.g. a page's .py that does not import: shown until it is fixed
                self.errors = ["".join(traceback.format_exception(exc))]
                self._failed_files = _traceback_files(exc)
                logger.error("loading the pages failed:\n%s", self.errors[0])
                self._broadcast({"type": "error", "errors": self.errors})
                return False
            self._failed_files = set()
            for adapter in self.adapters:
                adapter.use(self.bridge.settings, self.bridge.handler)
            if self._clients:  # tabs showing "build failed" reload now
                self._broadcast({"type": "update", "boundary": False, "assets": {}})
        else:
            self.bridge.handler.reload_bundle()
        logger.info("rebuilt %s in %.0f ms", step.target, step.ms)
        return True

    def _reload_pages(self, changed: set[Path]) -> None:
        assert self.bridge is not None
        started = time.perf_counter()
        # Bytecode is checked against the source's mtime in whole seconds and its size: a second save within
        # the same second that keeps the size (a digit changed) would run the stale bytecode.
        for file in changed:
            with contextlib.suppress(OSError, ValueError):
                os.remove(importlib.util.cache_from_source(str(file)))
        importlib.invalidate_caches()  # and new modules in folders whose listing is cached
        try:
            self.bridge.handler.reload_pages()
        except Exception as exc:
            trace = "".join(traceback.format_exception(exc))
            logger.error("reloading the pages failed:\n%s", trace)
            self._broadcast({"type": "error", "errors": [trace]})
            return
        self._broadcast({"type": "props"})
        logger.info("reloaded the pages in %.0f ms", (time.perf_counter() - started) * 1000)
        try:  # after the tabs were told: TypeScript declarations of the props, for the editor and tsc
            write_declarations(self.pages_dir)
        except TypesError as exc:
            self._broadcast({"type": "error", "errors": [str(exc)]})

    def _write_css_declarations(self) -> None:
        """After a CSS Module changed: its declaration, for the editor and tsc (errors are the build's)."""
        node = find_node()
        with contextlib.suppress(BridgeError):
            sync_css_declarations(self.pages_dir, node, ensure_js_dependencies(node))

    def _page_urls(self) -> dict[str, dict[str, str | list[str]]]:
        assert self.bridge is not None
        document = self.bridge.handler.document
        return {page: document.asset_urls("", page) for page in self.bridge.handler.manifest.pages}

    async def _restart(self, modules: set[Path]) -> None:
        logger.warning("%s changed and cannot be reloaded in place: restarting", ", ".join(map(str, modules)))
        self._end_streams()  # cleanly: tabs reconnect to the new process
        await self.builder.stop()
        os.execv(sys.executable, [sys.executable, *sys.orig_argv[1:]])

    def _end_streams(self) -> None:
        self._closing = True
        for queue in self._clients:
            queue.put_nowait(b"")

    def _end_streams_on_exit_signals(self) -> None:
        """On Ctrl+C or SIGTERM, ends the event streams before anything else: the server (uvicorn) waits for
        open responses to finish before it shuts down, and an event stream never would. Wraps the handlers
        the server installed; only possible in the main thread."""
        if threading.current_thread() is not threading.main_thread():
            return
        loop = asyncio.get_running_loop()
        for number in (signal.SIGINT, signal.SIGTERM):
            previous = signal.getsignal(number)
            if not callable(previous):
                continue

            def handler(signum: int, frame: FrameType | None, previous: Any = previous) -> None:
                loop.call_soon_threadsafe(self._end_streams)
                previous(signum, frame)

            signal.signal(number, handler)

    def _broadcast(self, message: dict[str, object]) -> None:
        event = b"data: " + orjson.dumps(message) + b"\n\n"
        for queue in self._clients:
            queue.put_nowait(event)

    def _events(self, request: Request) -> StreamingResponse:
        queue: asyncio.Queue[bytes] = asyncio.Queue()
        hello = {"type": "hello", "boot": self.boot, "errors": self.errors}

        async def stream() -> AsyncIterator[bytes]:
            if self._closing:  # shutting down: come back in a second
                yield b"retry: 1000\n\n"
                return
            self._clients.add(queue)
            try:
                yield b"retry: 200\ndata: " + orjson.dumps(hello) + b"\n\n"
                while True:
                    try:
                        event = await asyncio.wait_for(queue.get(), 15)
                    except TimeoutError:
                        event = b": keep-alive\n\n"
                    if not event:
                        return
                    yield event
            finally:
                self._clients.discard(queue)

        headers = {"cache-control": "no-store", "x-accel-buffering": "no"}
        return StreamingResponse(stream(), headers=headers, media_type="text/event-stream")


def is_asgi(app: object) -> bool:
    """Whether ``app`` is an ASGI app (a coroutine function, or an object whose ``__call__`` is one), as
    opposed to a WSGI app."""
    call = app if inspect.isfunction(app) else getattr(app, "__call__", None)  # noqa: B004
    return inspect.isclass(app) or inspect.iscoroutinefunction(call)


def _allowed_host(host: str, allowed: frozenset[str]) -> bool:
    """Whether the dev server answers a request for ``host`` (a Host header): a loopback name, an IP
    address, or an allowed name. Other names could be an attacker's, resolving to this machine (DNS
    rebinding), as Vite and webpack-dev-server refuse them too."""
    name = host.rpartition(":")[0] if host.rpartition(":")[2].isdigit() else host
    name = name.lower().rstrip(".")
    if name in allowed or name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        ipaddress.ip_address(name[1:-1] if name.startswith("[") and name.endswith("]") else name)
    except ValueError:
        return False
    return True


def _project_files(pages_dir: Path, files: Iterable[object]) -> set[str]:
    """Those of ``files`` (Python modules' files) that belong to the project: under the pages folder's parent
    but not in the pages folder, nor in a virtualenv or installed package."""
    project = f"{pages_dir.parent}{os.sep}"
    pages = f"{pages_dir}{os.sep}"
    prefixes = tuple(f"{Path(p).resolve()}{os.sep}" for p in {sys.prefix, sys.base_prefix, sys.exec_prefix})
    return {
        file
        for file in files
        if isinstance(file, str)
        and file.endswith(".py")
        and file.startswith(project)
        and not file.startswith(pages)
        and not file.startswith(prefixes)
        and "site-packages" not in file
    }


def _traceback_files(error: BaseException) -> set[str]:
    """The files of the frames in ``error``'s traceback and those of its causes, and a SyntaxError's file."""
    files: set[str] = set()
    seen: set[int] = set()
    pending: list[BaseException | None] = [error]
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        files.update(frame.filename for frame in traceback.extract_tb(current.__traceback__))
        if isinstance(current, SyntaxError) and current.filename:
            files.add(current.filename)
        pending += [current.__cause__, current.__context__]
    return files


def _build_failed_page(errors: list[str]) -> str:
    text = html.escape("\n\n".join(errors))
    return (
        "<!DOCTYPE html><title>Build failed</title><h1>Build failed</h1>"
        f"<pre>{text}</pre><script>new EventSource('{EVENTS_PATH}').onmessage = (event) => "
        "JSON.parse(event.data).type === 'update' && location.reload();</script>"
    )
