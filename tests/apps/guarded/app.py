"""bridge behind rules on the path ``/admin`` that refuse anyone but an admin (401), written the ways apps and
proxies write them: a Starlette middleware outside ``Middleware(Bridge)``, or an outer ASGI app in front of
the whole app, as a proxy's ``location /admin`` is. An admin is a request with ``X-Role: admin``.

``uvicorn --factory app:served`` serves the pages folder $BRIDGE_TEST_PAGES behind the prefix middleware.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from starlette.applications import Starlette
from starlette.datastructures import Headers
from starlette.middleware import Middleware
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from bridge import Bridge

PathRule = Callable[[str], bool]


def exactly_admin(path: str) -> bool:
    """The rule ``/admin``, exactly."""
    return path == "/admin"


def under_admin(path: str) -> bool:
    """The rule ``/admin`` and everything under it."""
    return path == "/admin" or path.startswith("/admin/")


class Guard:
    """Refuses the paths ``refuses`` names to anyone but an admin, and passes everything else to ``app``."""

    def __init__(self, app: ASGIApp, refuses: PathRule) -> None:
        self.app = app
        self.refuses = refuses

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        refused = scope["type"] == "http" and self.refuses(scope["path"])
        if refused and Headers(scope=scope).get("x-role") != "admin":
            await PlainTextResponse("admins only", 401)(scope, receive, send)
            return
        await self.app(scope, receive, send)


def with_middleware(pages: Path, refuses: PathRule) -> Starlette:
    """A Starlette app whose middleware refuses ``refuses`` before ``Middleware(Bridge)`` sees the request."""
    return Starlette(middleware=[Middleware(Guard, refuses=refuses), Middleware(Bridge, pages=pages)])


def behind_proxy(pages: Path) -> Guard:
    """The app (bridge as its middleware) behind an outer ASGI app refusing ``/admin`` and ``/admin/...``."""
    return Guard(Starlette(middleware=[Middleware(Bridge, pages=pages)]), under_admin)


def served() -> Starlette:
    """For uvicorn: $BRIDGE_TEST_PAGES behind the prefix rule as a Starlette middleware."""
    return with_middleware(Path(os.environ["BRIDGE_TEST_PAGES"]), under_admin)
