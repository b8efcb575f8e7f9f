"""``Bridge``: the ASGI app that serves pages and hands every other request to the app it wraps."""

from __future__ import annotations

from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from .config import Settings
from .document import STATIC_PREFIX
from .handler import PageHandler, Target
from .render.engine import Limits

_IMMUTABLE = {"cache-control": "public, max-age=31536000, immutable", "x-content-type-options": "nosniff"}


class Bridge:
    """Serves the pages in ``pages`` (built by ``bridge build``) and passes everything else to ``app``.

    GET and HEAD on a page route render the page; other methods, and paths that are no page, go to
    ``app``. Without an ``app``, unknown paths get the 404 page and other methods on pages get 405.
    """

    def __init__(
        self,
        app: ASGIApp | None = None,
        *,
        pages: str | Path = "pages",
        build_dir: str | Path | None = None,
        dev: bool = False,
        engine: str = "quickjs",
        render_threads: int | None = None,
        render_timeout: float = 1.0,
        render_memory: int = Limits.memory,
        max_props_bytes: int = Settings.max_props_bytes,
    ) -> None:
        options: dict[str, object] = {"dev": dev, "engine": engine, "max_props_bytes": max_props_bytes}
        if render_threads is not None:
            options["render_threads"] = render_threads
        options["limits"] = Limits(timeout=render_timeout, memory=render_memory)
        self.app = app
        self.settings = Settings.create(pages, build_dir, **options)
        self.handler = PageHandler(self.settings)
        self._static = StaticFiles(directory=self.settings.build_dir / "static", follow_symlink=False)

    def close(self) -> None:
        """Stops the render threads; call it when the app shuts down outside an ASGI server's lifespan."""
        self.handler.close()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            if self.app is not None:
                await self.app(scope, receive, send)
            elif scope["type"] == "lifespan":
                await _lifespan(receive, send)
            return
        base = scope.get("root_path", "")
        path = scope["path"]
        if base and path.startswith(base):
            path = path[len(base) :] or "/"
        if path.startswith(STATIC_PREFIX):
            await self._serve_static(scope, receive, send, base, path[len(STATIC_PREFIX) :])
            return
        reads = scope["method"] in ("GET", "HEAD")
        target = self.handler.target(path)
        response: Response
        if target is not None and reads:
            response = await self.handler.respond(Request(scope, receive), target)
        elif reads and path != "/" and path.endswith("/") and self.handler.target(path.rstrip("/")):
            query = scope.get("query_string", b"").decode("latin-1")
            response = RedirectResponse(base + path.rstrip("/") + (f"?{query}" if query else ""), 308)
        elif self.app is not None:
            await self.app(scope, receive, send)
            return
        elif target is not None:
            response = PlainTextResponse("Method Not Allowed", 405, {"allow": "GET, HEAD"})
        else:
            unknown = Target(path, None, {}, data=False)
            response = await self.handler.error_page(Request(scope, receive), unknown, 404)
        await response(scope, receive, send)

    async def _serve_static(self, scope: Scope, receive: Receive, send: Send, base: str, file: str) -> None:
        """A built asset, cached for good: its file name carries its content hash."""
        scope = {**scope, "root_path": base + STATIC_PREFIX.rstrip("/")}
        try:
            response: Response = await self._static.get_response(file, scope)
        except HTTPException as exc:
            response = PlainTextResponse(exc.detail, exc.status_code, exc.headers)
        else:
            if response.status_code == 200:
                response.headers.update(_IMMUTABLE)
        await response(scope, receive, send)


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return
