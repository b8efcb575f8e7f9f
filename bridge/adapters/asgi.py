"""``Bridge``: the ASGI app that serves pages and hands every other request to the app it wraps."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Unpack

from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from ..compression import Compression
from ..config import BridgeOptions
from .base import DEV_APP_ENV, Adapter
from .unloaded import Unloaded


class Bridge(Adapter):
    """Serves the pages in ``pages`` (built by ``bridge build``) and passes everything else to ``app``.

    GET and HEAD on a page route render the page, and a page's actions (``post``...) answer their methods;
    other methods, and paths that are no page, go to ``app``. Without an ``app``, unknown paths get the 404
    page and other methods on pages get 405.
    Works as a Starlette/FastAPI middleware too: ``Middleware(Bridge, pages="pages")``.

    Alone, a build that cannot be loaded raises here (ConfigError). Wrapping an app, it fails the server's
    start-up instead, or without a lifespan only bridge's routes (see ``unloaded``).
    """

    def __init__(self, app: ASGIApp | None = None, **options: Unpack[BridgeOptions]) -> None:
        self.app = app
        self.unloaded: Unloaded | None = None
        self.dev_server: ASGIApp | None = None
        if app is None:
            super().__init__(**options)
            return
        if os.environ.get(DEV_APP_ENV):  # under `bridge dev --app`: builds, reloads and the overlay around app
            from ..dev.server import DevServer

            self.dev_server = DevServer(app, **options)
            return
        try:
            super().__init__(**options)
        except Exception as exc:
            self.unloaded = Unloaded(exc, Path(options.get("pages", "pages")))

    @classmethod
    def for_dev_server(cls, app: ASGIApp | None, options: BridgeOptions) -> Bridge:
        """The Bridge a DevServer serves its build with: loaded now, raising what loading raises."""
        bridge = cls.__new__(cls)
        bridge.app, bridge.unloaded, bridge.dev_server = app, None, None
        bridge.load(options)
        return bridge

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.dev_server is not None:
            await self.dev_server(scope, receive, send)
            return
        if self.unloaded is not None:
            assert self.app is not None
            await self.unloaded(scope, receive, send, self.app)
            return
        if scope["type"] != "http":
            if self.app is not None:
                await self.app(scope, receive, send)
            elif scope["type"] == "lifespan":
                await _lifespan(receive, send)
            return
        response = await self.handler.handle(Request(scope, receive), has_app=self.app is not None)
        if response is None:
            assert self.app is not None
            await self.app(scope, receive, send)
        elif self.settings.compression:
            await Compression(response)(scope, receive, send)
        else:
            await response(scope, receive, send)

    def close(self) -> None:
        """Stops the render threads (none when the pages could not be loaded)."""
        if self.unloaded is None and self.dev_server is None:
            super().close()


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return
