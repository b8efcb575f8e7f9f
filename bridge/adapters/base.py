"""What every adapter shares: loading the app once from the options, and answering from a thread
without an event loop (WSGI, Django)."""

from __future__ import annotations

import os
from typing import Unpack

from starlette.requests import Request
from starlette.responses import Response

from ..concurrency import process_loop
from ..config import BridgeOptions, Settings
from ..handler import PageHandler

DEV_APP_ENV = "BRIDGE_DEV_APP"
"""Set by ``bridge dev --app``: the adapters the app makes then serve the dev server's builds (bridge/dev/server.py)."""


class Adapter:
    """Loads the app (built by ``bridge build``) once; subclasses speak a server protocol.

    Under ``bridge dev --app`` an adapter built into a framework (``BridgeWSGI``, Django's middleware) loads
    nothing itself: the dev server builds the pages and hands each build it loads to ``use``.
    """

    settings: Settings
    handler: PageHandler

    def __init__(self, **options: Unpack[BridgeOptions]) -> None:
        if os.environ.get(DEV_APP_ENV):
            from ..dev.server import DevServer

            DevServer.around_host_app(options).adapters.append(self)
            return
        self.load(options)

    def load(self, options: BridgeOptions) -> None:
        """Loads the build that ``options`` name and serves it (see ``use``); raises what loading raises."""
        settings = Settings.from_options(options)
        self.use(settings, PageHandler(settings))

    def use(self, settings: Settings, handler: PageHandler) -> None:
        """Serves with ``handler`` from now on; adapters override it to hook their framework into it."""
        self.settings, self.handler = settings, handler

    def handle_in_thread(self, request: Request, *, has_app: bool) -> Response | None:
        """``PageHandler.handle`` for a server thread that has no event loop: the request is answered on the
        process's loop, and the page's plain functions run in this thread (see concurrency.py)."""
        return process_loop.run(self.handler.handle(request, has_app=has_app))

    def close(self) -> None:
        """Stops the render threads; for shutting down outside a server's lifespan, e.g. in tests."""
        self.handler.close()
