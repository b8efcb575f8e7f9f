"""What a ``Bridge`` wrapping an app does when its pages cannot be loaded (no build, a stale build, a
page module that fails to import): fail the server's start-up, or, where nothing starts up, fail only
bridge's own routes.

Starlette and FastAPI make their middleware on the first ASGI call, which is the lifespan start-up when
the server runs one; an exception there would be taken for "lifespan unsupported" and every route of the
app would answer 500. So ``Bridge`` keeps the error and answers the start-up with
``lifespan.startup.failed`` and the message: the server stops. Without a lifespan (``--lifespan off``),
the pages' routes and ``/_bridge/...`` answer 500 with the message, and the app's own routes keep working.
"""

from __future__ import annotations

import logging
from pathlib import Path

from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from ..errors import BridgeError
from ..request import mount_and_path
from ..routing import RouteTable

logger = logging.getLogger("bridge")


class Unloaded:
    """The failure of loading the pages, and the paths that are bridge's despite it."""

    def __init__(self, error: Exception, pages: Path) -> None:
        self.message = f"bridge could not load the pages: {type(error).__name__}: {error}"
        logger.error(self.message, exc_info=not isinstance(error, BridgeError))
        try:
            self.routes: RouteTable | None = RouteTable.scan(pages.resolve())
        except (BridgeError, OSError):
            self.routes = None

    def owns(self, scope: Scope) -> bool:
        """Whether the request is for one of bridge's routes: a page or ``/_bridge/...``."""
        _, path = mount_and_path(scope)
        if path.startswith("/_bridge/"):
            return True
        return self.routes is not None and self.routes.match(path.rstrip("/") or "/") is not None

    async def __call__(self, scope: Scope, receive: Receive, send: Send, app: ASGIApp) -> None:
        if scope["type"] == "lifespan":
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.failed", "message": self.message})
            return
        if scope["type"] == "http" and self.owns(scope):
            logger.error("%s %s: %s", scope["method"], scope["path"], self.message)
            await PlainTextResponse(f"500 Internal Server Error\n\n{self.message}", 500)(scope, receive, send)
            return
        await app(scope, receive, send)
