"""The HTML answer for a page: the render (from the render cache when the page opted in), the document
around it with its CSP nonce and Server-Timing, the page's console output in the log, and the plain page
for when even the 500 page fails."""

from __future__ import annotations

import asyncio
import logging
import re
import secrets

import orjson
from starlette.responses import Response

from .document import Document
from .errors import BridgeError
from .headers import content_security_policy, private_headers
from .props.serialize import escape_for_script
from .render.cache import CSRF_PLACEHOLDER, RenderCache
from .render.engine import Rendered
from .render.pool import RenderPool

logger = logging.getLogger("bridge")
_SAFE_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,128}")
"""A token that may replace the placeholder in HTML as it is: nothing in it needs escaping anywhere."""
_LOG_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO, "warning": logging.WARNING, "error": logging.ERROR}
_PLAIN_500 = "<!DOCTYPE html><title>500: Internal Server Error</title><h1>500: Internal Server Error</h1>"


class PageRenderer:
    """Renders pages with the render pool, through a render cache for pages that opted in."""

    def __init__(self, pool: RenderPool, cache_bytes: int) -> None:
        self.pool = pool
        self.cache = RenderCache(cache_bytes)
        self._rendering: dict[bytes, asyncio.Task[Rendered]] = {}
        """Cache misses being rendered, by cache key: a concurrent miss for the same key waits for that render."""

    def forget(self) -> None:
        """Empties the render cache (its renders came from a server bundle that was just replaced)."""
        self.cache = RenderCache(self.cache.max_bytes)
        self._rendering = {}

    async def render(self, page: str, data: bytes, token: str | None, cacheable: bool) -> tuple[Rendered, bool]:
        """Renders ``page`` with its page data, or takes the render from the cache when ``cacheable`` (see
        render/cache.py); returns the render and whether it came from the cache. ``token`` is the visitor's
        CSRF token in ``data``, or None when the page data holds none (a page cached publicly)."""
        # the same input for the quarantine and the cache whoever asks: without the visitor's token
        neutral = data if token is None else data.replace(token.encode(), CSRF_PLACEHOLDER.encode(), 1)
        if not cacheable:
            return await self.pool.render(page, data.decode(), neutral.decode()), False
        placeholders = neutral.count(CSRF_PLACEHOLDER.encode())
        if placeholders != (token is not None) or (token is not None and not _SAFE_TOKEN.fullmatch(token)):
            # the placeholder would stand for more than the token (or the token is not one of ours): no cache
            return await self.pool.render(page, data.decode()), False
        key = RenderCache.key(page, neutral)
        rendered = self.cache.get(key)
        hit = rendered is not None
        if rendered is None:
            rendered, hit = await self._render_once(page, key, neutral)
        head, body = rendered.head, rendered.body
        if token is not None:
            head, body = head.replace(CSRF_PLACEHOLDER, token), body.replace(CSRF_PLACEHOLDER, token)
        return Rendered(head, body, "" if hit else rendered.logs), hit

    async def _render_once(self, page: str, key: bytes, neutral: bytes) -> tuple[Rendered, bool]:
        """Renders a cache miss, or waits for the render of the same key already on its way (then a hit).

        The render runs as a task of its own, so a visitor who goes away does not cancel it for the others.
        """
        task = self._rendering.get(key)
        if task is not None and task.get_loop() is asyncio.get_running_loop():
            return await asyncio.shield(task), True
        task = asyncio.ensure_future(self._fill(page, key, neutral))
        self._rendering[key] = task
        task.add_done_callback(lambda done: self._done(key, done))
        return await asyncio.shield(task), False

    async def _fill(self, page: str, key: bytes, neutral: bytes) -> Rendered:
        rendered = await self.pool.render(page, neutral.decode())
        self.cache.put(key, Rendered(rendered.head, rendered.body, logs=""))
        return rendered

    def _done(self, key: bytes, task: asyncio.Task[Rendered]) -> None:
        if self._rendering.get(key) is task:
            del self._rendering[key]
        if not task.cancelled():
            task.exception()  # retrieved here too: every visitor may have gone away before it failed


def html_response(
    document: Document,
    base: str,
    page: str,
    rendered: Rendered,
    data: bytes,
    status: int,
    *,
    server_timing: str,
    security: dict[str, str],
) -> Response:
    """The page's HTML document with the ``security`` headers (``page_security_headers``); with a
    Content-Security-Policy among them, a fresh nonce in it and on every script."""
    if rendered.logs:
        log_console(page, rendered.logs)
    headers = {**private_headers(), **security}
    headers["server-timing"] = server_timing
    nonce = None
    if "content-security-policy" in security:
        nonce = secrets.token_urlsafe(16)
        headers["content-security-policy"] = content_security_policy(security["content-security-policy"], nonce)
    body = document.html(base, page, rendered, escape_for_script(data), nonce)
    return Response(body, status, headers, media_type="text/html")


def plain_500(document: Document, base: str, exc: BridgeError, details: dict[str, str] | None, data: bytes) -> Response:
    """When even the 500 page fails: plain HTML; with ``details`` (dev mode), those and the dev client."""
    logger.error("rendering the 500 page failed too: %s", exc)
    if details is None:
        return Response(_PLAIN_500, 500, media_type="text/html")
    return Response(document.fallback_html(base, details, escape_for_script(data)), 500, media_type="text/html")


def log_console(page: str, logs: str) -> None:
    """Logs what the render printed with ``console.*``, under ``bridge.console.<page>``."""
    console = logging.getLogger(f"bridge.console.{page}")
    for level, text in orjson.loads(logs):
        console.log(_LOG_LEVELS.get(level, logging.INFO), "[%s] %s", page, text)
