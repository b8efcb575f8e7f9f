"""Answering a page request, whatever the server in front: match the route, run the props, render, and
wrap the HTML, or answer the JSON data route that client-side navigation fetches.

Data route: ``<mount>/_bridge/data/<build id>/<page path>.json?<query>`` (``index.json`` for ``/``). The
build id in the URL keeps caches of different deploys apart, and a client still running an old build
gets 409 and loads the page in full.
"""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import logging
import secrets
import sys
import time
import traceback
from dataclasses import dataclass
from http import HTTPStatus
from urllib.parse import quote_from_bytes

import orjson
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

from .assets import PUBLIC_CACHE, StaticAssets
from .build.manifest import Manifest
from .config import Settings
from .csrf import BridgeCsrf, Csrf
from .document import EMPTY_ROOT, STATIC_PREFIX, Document
from .errors import BridgeError, ConfigError, SerializationError
from .props.body import BodyError, read_body
from .props.context import PageContext, parse_query
from .props.loader import PageModule, load_page, unload_pages
from .props.result import Errors, NotFound, Outcome, Props, RedirectTo
from .props.serialize import dumps, escape_for_script
from .render.cache import CSRF_PLACEHOLDER, RenderCache
from .render.engine import Rendered
from .render.pool import RenderPool
from .routing import Params, Route, RouteTable
from .types.check import check_props

logger = logging.getLogger("bridge")
DATA_PREFIX = "/_bridge/data/"
_LOG_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO, "warning": logging.WARNING, "error": logging.ERROR}


@dataclass(frozen=True)
class Target:
    """What a request path asks for: a page (or, with ``route`` None, no page) as HTML or as JSON data."""

    path: str
    route: Route | None
    params: Params
    data: bool
    stale: bool = False  # a data request from a client of another build


class PageHandler:
    """The app's pages: route table, page modules, render pool and document, loaded once at start-up."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.manifest = Manifest.read(settings.build_dir)
        self.routes, self._modules = self._load_pages()
        bundle = (settings.build_dir / self.manifest.server).read_text()
        self.pool = RenderPool(
            bundle, factory=settings.engine_factory(), threads=settings.render_threads, limits=settings.limits
        )
        self.document = Document(self.manifest)
        self.static = StaticAssets(settings.build_dir / "static")
        self.public = StaticAssets(settings.pages.parent / "public", PUBLIC_CACHE)
        self.render_cache = RenderCache(settings.render_cache_bytes)
        self.csrf: Csrf = BridgeCsrf()
        """The CSRF scheme for page actions; the Django adapter puts Django's own here."""
        self._build_id = self.manifest.build_id

    def _load_pages(self) -> tuple[RouteTable, dict[str, PageModule]]:
        pages_dir = self.settings.pages
        routes = RouteTable.scan(pages_dir)
        unbuilt = [route.page for route in routes.routes if route.page not in self.manifest.pages]
        if unbuilt:
            raise ConfigError(
                f"pages {unbuilt} are missing from the build in {self.settings.build_dir}: run `bridge build`"
            )
        modules = {route.page: load_page(pages_dir, route.props) for route in routes.routes if route.props}
        return routes, modules

    def reload_assets(self) -> None:
        """Switches to the client build now in the build folder (``bridge dev``): manifest and assets."""
        manifest = Manifest.read(self.settings.build_dir)
        self.static.rescan()
        self.manifest, self.document, self._build_id = manifest, Document(manifest), manifest.build_id

    def reload_bundle(self) -> None:
        """Switches the render threads to the server bundle now in the build folder (``bridge dev``)."""
        self.pool.reload((self.settings.build_dir / self.manifest.server).read_text())
        self.render_cache = RenderCache(self.settings.render_cache_bytes)  # renders of the old bundle

    def reload_pages(self) -> None:
        """Re-reads the route table and imports every page module afresh (``bridge dev``, after a .py edit).

        Raises what importing raises; the previous pages stay in service until an import succeeds.
        """
        previous = unload_pages(self.settings.pages)
        try:
            self.routes, self._modules = self._load_pages()
        except BaseException:
            sys.modules.update(previous)
            raise

    def close(self) -> None:
        """Stops the render threads and closes the JS engines."""
        self.pool.close()

    def target(self, path: str) -> Target | None:
        """Resolves an app-relative path to a page or data request; None when it is neither."""
        if path.startswith(DATA_PREFIX):
            build_id, _, rest = path[len(DATA_PREFIX) :].partition("/")
            if not rest.endswith(".json"):
                return None
            page_path = "/" + rest[: -len(".json")]
            page_path = "/" if page_path == "/index" else page_path
            if build_id != self._build_id:
                return Target(page_path, None, {}, data=True, stale=True)
            found = self.routes.match(page_path)
            route, params = found if found else (None, {})
            return Target(page_path, route, params, data=True)
        found = self.routes.match(path)
        return Target(path, found[0], found[1], data=False) if found else None

    async def handle(self, request: Request, *, has_app: bool, blocking: bool = False) -> Response | None:
        """The response to ``request``, or None when it belongs to the wrapped app (``has_app``).

        GET and HEAD on pages, data routes, built assets and the files in ``public/`` (beside the pages
        folder, served at the root) are bridge's; other methods on pages go to the
        wrapped app (405 without one); unknown paths go to the wrapped app (the 404 page without one).
        With ``blocking``, props and render run in the calling thread and nothing awaits: the WSGI adapter
        drives this coroutine without an event loop (see ``handle_blocking``).
        """
        request = _with_utf8_query(request)
        base = request.scope.get("root_path", "")
        path = request.scope["path"]
        if base and (path == base or path.startswith(f"{base}/")):
            path = path[len(base) :] or "/"
        method = request.scope["method"]
        if path.startswith(STATIC_PREFIX):
            return self.static.response(path[len(STATIC_PREFIX) :], method, request.headers.get("accept-encoding", ""))
        if path[1:] in self.public and method in ("GET", "HEAD"):
            return self.public.response(path[1:], method, request.headers.get("accept-encoding", ""))
        reads = method in ("GET", "HEAD")
        target = self.target(path)
        if target is not None and reads:
            return await self.respond(request, target, blocking)
        methods = self._methods(target) if target is not None else frozenset()
        if target is not None and (method in methods or (method == "POST" and methods)):
            return await self.act(request, target, blocking)  # a POST may carry _method=PUT/PATCH/DELETE
        if reads and path != "/" and path.endswith("/") and self.target(path.rstrip("/")):
            query = _query_string(request)
            return RedirectResponse(base + path.rstrip("/") + (f"?{query}" if query else ""), 308)
        if has_app:
            return None
        if target is not None:
            allow = ", ".join(("GET", "HEAD", *sorted(self._methods(target))))
            return PlainTextResponse("Method Not Allowed", 405, {"allow": allow})
        return await self.error_page(request, Target(path, None, {}, data=False), 404, blocking=blocking)

    def handle_blocking(self, request: Request, *, has_app: bool) -> Response | None:
        """``handle`` for threads without an event loop: the coroutine completes on its first step."""
        coroutine = self.handle(request, has_app=has_app, blocking=True)
        try:
            coroutine.send(None)
        except StopIteration as done:
            return done.value  # type: ignore[no-any-return]
        coroutine.close()
        raise RuntimeError("bridge: a blocking request tried to wait for the event loop")

    async def respond(self, request: Request, target: Target, blocking: bool = False) -> Response:
        """Answers a GET or HEAD for ``target``."""
        if target.stale:
            return _json({"build_id": self._build_id, "error": "this page was built by another deploy"}, 409)
        if target.route is None:
            return await self.error_page(request, target, 404, blocking=blocking)
        context = self._context(request, target)
        started = time.perf_counter()
        module = self._modules.get(target.route.page)
        try:
            outcome = await module.props(context, blocking) if module else Props({})
        except Exception as exc:
            return await self._failed(request, target, exc, blocking)
        return await self._answer(request, target, context, outcome, 200, started, blocking)

    async def act(self, request: Request, target: Target, blocking: bool = False) -> Response:
        """Answers a POST, PUT, PATCH or DELETE with the page's action: body and CSRF checked first."""
        assert target.route is not None
        module = self._modules[target.route.page]
        started = time.perf_counter()
        try:
            limit = self.settings.max_body_bytes
            body = asyncio.run(read_body(request, limit)) if blocking else await read_body(request, limit)
        except BodyError as exc:
            return _refusal(target, exc.status, str(exc))
        reason = self.csrf.check(request, body.form)
        if reason is not None:
            logger.warning("%s %s refused: %s", request.method, request.url.path, reason)
            return _refusal(target, 403, reason)
        method = request.method
        override = body.form.get("_method") if body.form is not None else None
        if method == "POST" and isinstance(override, str) and override.upper() in module.methods:
            method = override.upper()  # a form without JavaScript asking for PUT, PATCH or DELETE
        if method not in module.methods:
            allow = ", ".join(("GET", "HEAD", *sorted(module.methods)))
            return PlainTextResponse("Method Not Allowed", 405, {"allow": allow})
        context = self._context(request, target)
        context.body = body
        status = 200
        try:
            outcome = await module.act(method, context, blocking)
            if isinstance(outcome, Errors):  # the page again, with its props, the errors and what was sent
                status = 422
                page = await module.props(context, blocking)
                extra = {"errors": outcome.value, "values": body.values()}
                outcome = Props({**_as_dict(page.value), **extra}) if isinstance(page, Props) else page
        except Exception as exc:
            return await self._failed(request, target, exc, blocking)
        return await self._answer(request, target, context, outcome, status, started, blocking)

    def _methods(self, target: Target) -> frozenset[str]:
        module = self._modules.get(target.route.page) if target.route else None
        return module.methods if module else frozenset()

    def _context(self, request: Request, target: Target) -> PageContext:
        assert target.route is not None
        query = _query_string(request)
        return PageContext(
            params=target.params,
            query=parse_query(request),
            request=request,
            resolved_url=target.path + (f"?{query}" if query else ""),
            route=target.route.pattern,
        )

    async def _answer(
        self,
        request: Request,
        target: Target,
        context: PageContext,
        outcome: Outcome,
        status: int,
        started: float,
        blocking: bool,
    ) -> Response:
        """The response for what props or an action produced: a redirect, the 404 page, or the page."""
        assert target.route is not None
        if isinstance(outcome, RedirectTo):
            return self._redirect(request, target, outcome, context)
        if isinstance(outcome, NotFound):
            return await self.error_page(request, target, 404, context, blocking)
        module = self._modules.get(target.route.page)
        file = module.file if module else None
        try:
            props = dumps(outcome.value, file)
            if self.settings.dev and module is not None:
                check_props(module, props)  # against the return annotation of get_server_side_props
            if len(props) > self.settings.max_props_bytes:
                limit = self.settings.max_props_bytes
                raise SerializationError("props", f"{len(props)} bytes is over the limit of {limit}", file)
        except Exception as exc:
            return await self._failed(request, target, exc, blocking)
        props_ms = (time.perf_counter() - started) * 1000
        status = context.response.status_code or status
        return await self._page(request, target, target.route.page, props, status, context, props_ms, blocking)

    async def error_page(
        self,
        request: Request,
        target: Target,
        status: int,
        context: PageContext | None = None,
        blocking: bool = False,
        error: BaseException | None = None,
    ) -> Response:
        """The 404 or 500 page (the app's own, or the built-in one) with that status.

        In dev mode ``error`` travels in the page data, where the dev client shows it in its overlay.
        """
        props = orjson.dumps({"statusCode": status})
        details = _details(error) if error is not None and self.settings.dev else None
        return await self._page(request, target, str(status), props, status, context, 0.0, blocking, details)

    async def _page(
        self,
        request: Request,
        target: Target,
        page: str,
        props: bytes,
        status: int,
        context: PageContext | None,
        props_ms: float,
        blocking: bool,
        error: dict[str, str] | None = None,
    ) -> Response:
        base = request.scope.get("root_path", "")
        token, cookie = self.csrf.token(request)
        data = self._page_data(base, page, target, request, props, error, token)
        headers = {"cache-control": "private, no-cache", "x-content-type-options": "nosniff"}
        if target.data:
            etag = f'"{hashlib.blake2b(data, digest_size=12).hexdigest()}"'
            headers["etag"] = etag
            if status == 200 and etag in request.headers.get("if-none-match", ""):
                return Response(None, 304, headers)
            response: Response = Response(data, status, headers, media_type="application/json")
        else:
            started = time.perf_counter()
            cached = False
            try:
                rendered, cached = await self._render(page, data, token, blocking)
            except BridgeError as exc:
                if page not in ("404", "500") and self.settings.render_fallback == "client":
                    logger.error(
                        "%s %s: rendering failed, the browser renders it: %s", request.method, target.path, exc
                    )
                    rendered = Rendered(head="", body=EMPTY_ROOT, logs="")
                elif page != "500":
                    return await self._failed(request, target, exc, blocking)
                else:
                    return self._plain_500(base, exc, error, data)
            render_ms = (time.perf_counter() - started) * 1000
            if rendered.logs:
                self._log_console(page, rendered.logs)
            nonce = secrets.token_urlsafe(16) if self.settings.csp else None
            body = self.document.html(base, page, rendered, escape_for_script(data), nonce)
            response = Response(body, status, headers, media_type="text/html")
            hit = ';desc="cache hit"' if cached else ""
            response.headers["server-timing"] = f"props;dur={props_ms:.2f}, render;dur={render_ms:.2f}{hit}"
            if self.settings.csp:
                response.headers["content-security-policy"] = self.settings.csp.replace("{nonce}", str(nonce))
        if context is not None:
            _apply(context, response)
        if cookie is not None and "public" not in response.headers.get("cache-control", ""):
            response.headers.append("set-cookie", cookie)  # (a page cached publicly must not set cookies)
        return response

    async def _render(self, page: str, data: bytes, token: str, blocking: bool) -> tuple[Rendered, bool]:
        """Renders ``page`` with its page data, or takes the render from the cache when the page opted in
        (see render/cache.py); returns the render and whether it came from the cache."""
        module = self._modules.get(page)
        if module is None or not module.render_cache:
            return await self._render_now(page, data.decode(), blocking), False
        neutral = data.replace(token.encode(), CSRF_PLACEHOLDER.encode(), 1)
        key = RenderCache.key(page, neutral)
        rendered = self.render_cache.get(key)
        hit = rendered is not None
        if rendered is None:
            rendered = await self._render_now(page, neutral.decode(), blocking)
            self.render_cache.put(key, Rendered(rendered.head, rendered.body, logs=""))
        body = rendered.body.replace(CSRF_PLACEHOLDER, token)
        return Rendered(rendered.head, body, rendered.logs), hit

    async def _render_now(self, page: str, data_json: str, blocking: bool) -> Rendered:
        return self.pool.render_sync(page, data_json) if blocking else await self.pool.render(page, data_json)

    def _plain_500(self, base: str, exc: BridgeError, error: dict[str, str] | None, data: bytes) -> Response:
        """When even the 500 page fails: plain HTML; in dev mode with the details and the dev client."""
        logger.error("rendering the 500 page failed too: %s", exc)
        if not self.settings.dev:
            return Response(_PLAIN_500, 500, media_type="text/html")
        body = self.document.fallback_html(base, error or _details(exc), escape_for_script(data))
        return Response(body, 500, media_type="text/html")

    def _page_data(
        self,
        base: str,
        page: str,
        target: Target,
        request: Request,
        props: bytes,
        error: dict[str, str] | None,
        csrf_token: str,
    ) -> bytes:
        query = _query_string(request)
        route = {
            "pathname": target.path,
            "pattern": target.route.pattern if target.route else None,
            "query": parse_query(request),
            "params": target.params,
            "asPath": target.path + (f"?{query}" if query else ""),
        }
        meta = {"page": page, "build_id": self._build_id, "base": base, "route": route}
        meta["assets"] = self.document.asset_urls(base, page)
        meta["csrf"] = {"field": self.csrf.field, "token": csrf_token}
        if error is not None:
            meta["error"] = error
        return orjson.dumps(meta)[:-1] + b',"props":' + props + b"}"

    def _redirect(self, request: Request, target: Target, outcome: RedirectTo, context: PageContext) -> Response:
        destination = outcome.destination
        if target.data:
            response: Response = _json({"redirect": {"destination": destination, "status_code": outcome.status_code}})
        else:
            if destination.startswith("/") and not destination.startswith("//"):
                destination = request.scope.get("root_path", "") + destination
            response = RedirectResponse(destination, outcome.status_code)
        _apply(context, response)
        return response

    async def _failed(self, request: Request, target: Target, exc: Exception, blocking: bool) -> Response:
        logger.error("%s %s failed: %s", request.method, request.url.path, exc, exc_info=exc)
        return await self.error_page(request, target, 500, blocking=blocking, error=exc)

    def _log_console(self, page: str, logs: str) -> None:
        console = logging.getLogger(f"bridge.console.{page}")
        for level, text in orjson.loads(logs):
            console.log(_LOG_LEVELS.get(level, logging.INFO), "[%s] %s", page, text)


_PLAIN_500 = "<!DOCTYPE html><title>500: Internal Server Error</title><h1>500: Internal Server Error</h1>"


def _as_dict(props: object) -> dict[str, object]:
    if dataclasses.is_dataclass(props) and not isinstance(props, type):
        return dataclasses.asdict(props)
    assert isinstance(props, dict)
    return props


def _query_string(request: Request) -> str:
    """``request.url.query`` without building the whole URL (a tenth of a data request's Python time)."""
    query: bytes = request.scope.get("query_string", b"")
    return query.decode()


def _with_utf8_query(request: Request) -> Request:
    """``request``, or a copy whose query string has its bytes that are not UTF-8 percent-encoded.

    Starlette's ``request.url`` decodes the query string as UTF-8 and raises on anything else, which would
    escape as a 500 (uvicorn refuses such requests, other servers and WSGI gateways may pass them on).
    """
    query: bytes = request.scope.get("query_string", b"")
    try:
        query.decode()
    except UnicodeDecodeError:
        fixed = quote_from_bytes(query, safe=_QUERY_SAFE).encode()
        return Request({**request.scope, "query_string": fixed}, request.receive)
    return request


_QUERY_SAFE = "".join(chr(c) for c in range(33, 127))
"""Printable ASCII: what may stay as it is in a query string (already percent-encoded bytes included)."""


def _refusal(target: Target, status: int, message: str) -> Response:
    """An action refused before it ran (CSRF, body too large or malformed), as JSON or plain text."""
    if target.data:
        return _json({"error": message}, status)
    return PlainTextResponse(f"{status} {HTTPStatus(status).phrase}: {message}", status)


def _details(error: BaseException) -> dict[str, str]:
    """An error as the dev overlay shows it: message and traceback (Python) or JS stack."""
    trace = "" if isinstance(error, BridgeError) else "".join(traceback.format_exception(error))
    return {"type": type(error).__name__, "message": str(error), "traceback": trace}


def _json(value: object, status: int = 200) -> Response:
    headers = {"cache-control": "private, no-cache", "x-content-type-options": "nosniff"}
    return Response(orjson.dumps(value), status, headers, media_type="application/json")


def _apply(context: PageContext, response: Response) -> None:
    for key, value in context.response.headers.items():
        if key == "set-cookie":
            continue
        response.headers[key] = value
    for cookie in context.response.headers.getlist("set-cookie"):
        response.headers.append("set-cookie", cookie)
