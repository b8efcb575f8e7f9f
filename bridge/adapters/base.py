"""What every adapter shares: loading the app once from the options, and answering from a thread
without an event loop (WSGI, Django)."""

from __future__ import annotations

from typing import Unpack

from starlette.requests import Request
from starlette.responses import Response

from ..concurrency import process_loop
from ..config import BridgeOptions, Settings
from ..handler import PageHandler


class Adapter:
    """Loads the app (built by ``bridge build``) once; subclasses speak a server protocol."""

    def __init__(self, **options: Unpack[BridgeOptions]) -> None:
        self.settings = Settings.from_options(options)
        self.handler = PageHandler(self.settings)

    def handle_in_thread(self, request: Request, *, has_app: bool) -> Response | None:
        """``PageHandler.handle`` for a server thread that has no event loop: the request is answered on the
        process's loop, and the page's plain functions run in this thread (see concurrency.py)."""
        return process_loop.run(self.handler.handle(request, has_app=has_app))

    def close(self) -> None:
        """Stops the render threads; for shutting down outside a server's lifespan, e.g. in tests."""
        self.handler.close()
