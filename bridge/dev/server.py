"""The ``bridge dev`` app: the pages, rebuilt and reloaded as files change, plus the dev event stream.

What a save does:
- a component (``.jsx``/``.tsx``/...) in the pages folder: the warm esbuild contexts rebuild; as soon
  as the client build is written, open tabs get an ``update`` and swap the modules in place with React
  Fast Refresh (or reload, when a changed module exports more than components); the server bundle
  follows, and server renders wait for it.
- a page's ``.py`` (or a helper in the pages folder): every page module is imported afresh in this
  process, and tabs refetch their page's props through the data route and re-render in place.
- another Python module the app imported: it cannot be reloaded safely, so the process restarts itself
  and tabs reload when they reconnect.
Build errors and failed imports go to every tab's overlay; the last good build keeps serving.
"""

from __future__ import annotations

import asyncio
import html
import logging
import os
import sys
import time
import traceback
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Unpack

import orjson
import watchfiles
from starlette.requests import Request
from starlette.responses import HTMLResponse, StreamingResponse
from starlette.types import Receive, Scope, Send

from ..adapters.asgi import Bridge
from ..build.bundler import page_files
from ..config import BridgeOptions
from ..errors import BridgeError
from ..routing import COMPONENT_SUFFIXES, RouteTable
from .builder import DevBuilder

logger = logging.getLogger("bridge.dev")
EVENTS_PATH = "/_bridge/dev/events"
_SOURCE_SUFFIXES = {*COMPONENT_SUFFIXES, ".css", ".json"}


class _Filter(watchfiles.DefaultFilter):
    def __init__(self, build_dir: Path) -> None:
        super().__init__(ignore_paths=[str(build_dir)])

    def __call__(self, change: watchfiles.Change, path: str) -> bool:
        return Path(path).suffix in {*_SOURCE_SUFFIXES, ".py"} and super().__call__(change, path)


class DevServer:
    """ASGI app of ``bridge dev`` (run it with lifespan on: start-up builds, shutdown stops the builder)."""

    def __init__(self, **options: Unpack[BridgeOptions]) -> None:
        self.options = options
        self.options["dev"] = True
        self.pages_dir = Path(self.options.get("pages", "pages")).resolve()
        build_dir = self.options.get("build_dir")
        self.build_dir = Path(build_dir).resolve() if build_dir else self.pages_dir.parent / ".bridge" / "dev"
        self.options["build_dir"] = self.build_dir
        self.builder = DevBuilder(self.pages_dir, self.build_dir)
        self.bridge: Bridge | None = None
        self.errors: list[str] = []
        self.boot = uuid.uuid4().hex[:8]
        self._clients: set[asyncio.Queue[bytes]] = set()
        self._ready = asyncio.Event()
        self._watcher: asyncio.Task[None] | None = None
        self._stop = asyncio.Event()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        path = scope["path"][len(scope.get("root_path", "")) :]
        if path == EVENTS_PATH:
            await self._events(Request(scope, receive))(scope, receive, send)
            return
        if not path.startswith("/_bridge/"):  # a server render waits for the server bundle being built
            await self._ready.wait()
        if self.bridge is None:
            await HTMLResponse(_build_failed_page(self.errors), 500)(scope, receive, send)
            return
        await self.bridge(scope, receive, send)

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

    async def start(self) -> None:
        """First build, load the app, start watching."""
        started = time.perf_counter()
        await self.builder.start()
        await self._rebuild(set())
        logger.info("ready in %.0f ms", (time.perf_counter() - started) * 1000)
        self._watcher = asyncio.create_task(self._watch())

    async def stop(self) -> None:
        """Stop watching, the builder and the render threads."""
        self._stop.set()
        if self._watcher is not None:
            await self._watcher
        await self.builder.stop()
        if self.bridge is not None:
            self.bridge.close()

    async def _watch(self) -> None:
        root = self.pages_dir.parent
        async for changes in watchfiles.awatch(
            root, watch_filter=_Filter(self.build_dir), debounce=200, step=5, stop_event=self._stop
        ):
            try:
                await self.changed({Path(path) for _, path in changes})
            except Exception:
                logger.exception("handling a change failed")

    async def changed(self, paths: set[Path]) -> None:
        """Reacts to changed files (see the module docstring)."""
        inside = {p for p in paths if p.is_relative_to(self.pages_dir)}
        outside_python = {p for p in paths - inside if p.suffix == ".py" and _imported(p)}
        if outside_python:
            await self._restart(outside_python)
        sources = {p for p in inside if p.suffix in _SOURCE_SUFFIXES}
        python = {p for p in inside if p.suffix == ".py"}
        if not sources and not python:
            return
        try:
            structure_changed = page_files(RouteTable.scan(self.pages_dir)) != self.builder.pages
        except BridgeError as exc:  # e.g. a .py without component, or two pages for one URL
            self._broadcast({"type": "error", "errors": [str(exc)]})
            return
        if structure_changed:
            await self.builder.start()
        if sources or structure_changed:
            await self._rebuild(sources)
        if (python or structure_changed) and self.bridge is not None:
            self._reload_pages()

    async def _rebuild(self, changed: set[Path]) -> None:
        self._ready.clear()
        try:
            async for step in self.builder.rebuild(changed):
                if step.errors:
                    self.errors = step.errors
                    logger.error("build failed:\n%s", "\n".join(step.errors))
                    self._broadcast({"type": "error", "errors": step.errors})
                    return
                if step.target == "client":
                    self.errors = []
                    if self.bridge is not None:
                        self.bridge.handler.reload_assets()
                        boundary = bool(changed) and all(step.boundaries.get(str(p), False) for p in changed)
                        self._broadcast({"type": "update", "boundary": boundary, "assets": self._page_urls()})
                elif self.bridge is None:
                    self.bridge = Bridge(**self.options)
                    if self._clients:  # tabs showing "build failed" reload now
                        self._broadcast({"type": "update", "boundary": False, "assets": {}})
                else:
                    self.bridge.handler.reload_bundle()
                logger.info("rebuilt %s in %.0f ms", step.target, step.ms)
        finally:
            self._ready.set()

    def _reload_pages(self) -> None:
        assert self.bridge is not None
        try:
            self.bridge.handler.reload_pages()
        except Exception as exc:
            trace = "".join(traceback.format_exception(exc))
            logger.error("reloading the pages failed:\n%s", trace)
            self._broadcast({"type": "error", "errors": [trace]})
            return
        self._broadcast({"type": "props"})

    def _page_urls(self) -> dict[str, dict[str, str]]:
        assert self.bridge is not None
        document = self.bridge.handler.document
        return {page: document.asset_urls("", page) for page in self.bridge.handler.manifest.pages}

    async def _restart(self, modules: set[Path]) -> None:
        logger.warning("%s changed and cannot be reloaded in place: restarting", ", ".join(map(str, modules)))
        await self.builder.stop()
        os.execv(sys.executable, [sys.executable, *sys.orig_argv[1:]])

    def _broadcast(self, message: dict[str, object]) -> None:
        event = b"data: " + orjson.dumps(message) + b"\n\n"
        for queue in self._clients:
            queue.put_nowait(event)

    def _events(self, request: Request) -> StreamingResponse:
        queue: asyncio.Queue[bytes] = asyncio.Queue()
        hello = {"type": "hello", "boot": self.boot, "errors": self.errors}

        async def stream() -> AsyncIterator[bytes]:
            self._clients.add(queue)
            try:
                yield b"retry: 200\ndata: " + orjson.dumps(hello) + b"\n\n"
                while True:
                    try:
                        yield await asyncio.wait_for(queue.get(), 15)
                    except TimeoutError:
                        yield b": keep-alive\n\n"
            finally:
                self._clients.discard(queue)

        headers = {"cache-control": "no-store", "x-accel-buffering": "no"}
        return StreamingResponse(stream(), headers=headers, media_type="text/event-stream")


def _imported(path: Path) -> bool:
    name = str(path)
    return any(getattr(module, "__file__", None) == name for module in list(sys.modules.values()))


def _build_failed_page(errors: list[str]) -> str:
    text = html.escape("\n\n".join(errors))
    return (
        "<!DOCTYPE html><title>Build failed</title><h1>Build failed</h1>"
        f"<pre>{text}</pre><script>new EventSource('{EVENTS_PATH}').onmessage = (event) => "
        "JSON.parse(event.data).type === 'update' && location.reload();</script>"
    )
