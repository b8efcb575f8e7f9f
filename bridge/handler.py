"""The hub that answers a request, whatever the server in front: built assets, ``public/`` files, pages and
their data (the page's URL with ``?_bridge_data=``), page actions, and the trailing-slash redirect; everything
else goes back to the wrapped app (or gets the 404 page).

A page's answer goes down the pipeline: route (request.py, routing.py) -> props or action (props/,
actions.py) -> page data (page_data.py) -> the JSON of a data request, or render and document (page_html.py,
render/, document.py), with the headers of headers.py.
"""

from __future__ import annotations

import asyncio
import logging
import sys
import time
import traceback
from collections.abc import Awaitable, Callable
from urllib.parse import unquote

import orjson
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from .actions import prepare_action, run_action
from .assets import StaticAssets
from .build.manifest import Manifest
from .build.sources import changed_source
from .config import ErrorHook, Settings
from .csrf import TOKEN_PATH, BridgeCsrf, Csrf
from .document import EMPTY_ROOT, STATIC_PREFIX, Document
from .errors import BridgeError, ConfigError, PageLoadError, RenderError, RenderQuarantined, SerializationError
from .headers import (
    apply_page_headers,
    busy,
    json_response,
    method_not_allowed,
    page_security_headers,
    server_timing,
    set_csrf_cookie,
    shared_cacheable,
)
from .page_data import data_response, page_data
from .page_html import PageRenderer, html_response, plain_500
from .props.context import PageContext, is_prefetch
from .props.loader import PageModule, load_page, unload_pages
from .props.result import NotFound, Outcome, Props, RedirectTo, only_props
from .props.serialize import dumps
from .public import PublicFiles
from .render.engine import Rendered
from .render.pool import RenderPool
from .render.stacks import SourceMap
from .reporting import report_error
from .request import (
    CODE_PREFIX,
    PageRequest,
    Target,
    mount_and_path,
    query_string,
    with_query,
    with_utf8_query,
    without_data_param,
)
from .routing import RouteTable, raw_app_path
from .types.check import check_props

logger = logging.getLogger("bridge")


class PageHandler:
    """The app's pages: route table, page modules, render pool and document, loaded once at start-up."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.manifest = Manifest.read(settings.build_path)
        self.routes, self._modules = self._load_pages()
        bundle = (settings.build_path / self.manifest.server).read_text()
        self.pool = RenderPool(
            bundle,
            factory=settings.engine_factory(),
            threads=settings.thread_count,
            per_loop=settings.loop_contexts,
            limits=settings.limits,
        )
        self.renderer = PageRenderer(self.pool, settings.render_cache_bytes)
        self._security = page_security_headers(settings.csp, settings.referrer_policy, settings.frame_options)
        self.document = Document(self.manifest)
        self.static = StaticAssets(settings.build_path / "static")
        self.public = PublicFiles(settings.pages.parent / "public", live=settings.dev)
        self.csrf: Csrf = BridgeCsrf()
        """The CSRF scheme for page actions; the Django adapter puts Django's own here."""
        self._answering = 0  # page requests being answered now (changed on the event loop only)
        self.error_hooks: list[ErrorHook] = [settings.on_error] if settings.on_error else []
        """Told of each page failure (see reporting.py); the Django and Flask adapters add their signals."""

    def _load_pages(self) -> tuple[RouteTable, dict[str, PageModule]]:
        pages_dir = self.settings.pages
        routes = RouteTable.scan(pages_dir)
        unbuilt = [route.page for route in routes.routes if route.page not in self.manifest.pages]
        if unbuilt:
            raise ConfigError(
                f"pages {unbuilt} are missing from the build in {self.settings.build_path}: run `bridge build`"
            )
        if changed := changed_source(self.manifest.sources, pages_dir.parent):
            raise ConfigError(
                f"the build in {self.settings.build_path} is older than {changed}, changed since: run `bridge build`"
            )
        modules = {route.page: load_page(pages_dir, route.props) for route in routes.routes if route.props}
        return routes, modules

    def reload_assets(self) -> None:
        """Switches to the client build now in the build folder (``bridge dev``): manifest and assets."""
        manifest = Manifest.read(self.settings.build_path)
        self.static.rescan()
        self.manifest, self.document = manifest, Document(manifest)

    def reload_bundle(self) -> None:
        """Switches the render threads to the server bundle now in the build folder (``bridge dev``)."""
        self.pool.reload((self.settings.build_path / self.manifest.server).read_text())
        self.renderer.forget()

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

    def target(self, path: str, build: str | None = None) -> Target | None:
        """Resolves an app-relative path, percent-encoded as requested, to a page, its data (``build``: the
        build id of a data request), or the code route; None for HTML of a path that is no page."""
        if path.startswith(CODE_PREFIX):
            build_id, _, rest = path[len(CODE_PREFIX) :].partition("/")
            if not rest.endswith(".json"):
                return None
            path = "/" + rest[: -len(".json")]
            path = "/" if path == "/index" else path
            if build_id != self.manifest.build_id:
                return Target(unquote(path), None, {}, data=True, stale=True, code=True)
            found = self.routes.match(path)
            route, params = found if found else (None, {})
            return Target(unquote(path), route, params, data=True, code=True)
        found = self.routes.match(path)
        route, params = found if found else (None, {})
        if build is not None:  # (a path that is no page: its data is the 404 page's)
            return Target(unquote(path), route, params, data=True, stale=build != self.manifest.build_id)
        return Target(unquote(path), route, params, data=False) if route else None

    async def handle(self, request: Request, *, has_app: bool) -> Response | None:
        """The response to ``request``, or None when it belongs to the wrapped app (``has_app``).

        GET and HEAD on pages, their data, the code route, built assets and the files in ``public/`` (beside
        the pages folder, served at the root) are bridge's; other methods on pages go to the page's actions,
        or to the wrapped app (405 without one); unknown paths go to the wrapped app (the 404 page without one).
        """
        request = with_utf8_query(request)
        base, path = mount_and_path(request.scope)
        method = request.scope["method"]
        if path.startswith(STATIC_PREFIX):
            return self.static.response(path[len(STATIC_PREFIX) :], method, request.headers.get("accept-encoding", ""))
        reads = method in ("GET", "HEAD")
        if path[1:] in self.public and reads:
            return self.public.response(path[1:], request.scope)
        if path == TOKEN_PATH and reads:
            return self._csrf_token(request)
        raw = raw_app_path(request.scope, path)  # routing splits on the slashes the client sent, not on %2F
        if reads and raw != "/" and raw.endswith("/") and self.routes.match(raw.rstrip("/")):
            # (with the whole query: a data request stays one)
            return RedirectResponse(base + with_query(raw.rstrip("/"), query_string(request.scope)), 308)
        request, build = without_data_param(request)
        target = self.target(raw, build)
        if target is not None and target.data and target.route is None and not target.code and has_app:
            return None  # (a path that is no page is the app's: it answers as on a full load, which follows)
        if target is not None and target.stale:
            stale = {"build_id": self.manifest.build_id, "error": "this page was built by another deploy"}
            return json_response(stale, 409)
        if target is not None and reads:
            return await self._bounded(self.respond, PageRequest(request, target, base))
        methods = self._methods(target) if target is not None and not target.code else frozenset()
        if target is not None and (method in methods or (method == "POST" and methods)):
            return await self._bounded(self.act, PageRequest(request, target, base))  # POST may say _method=PUT
        if has_app:
            return None
        if target is not None:
            return method_not_allowed(methods)
        return await self.error_page(PageRequest(request, Target(path, None, {}, data=False), base), 404)

    async def _bounded(self, answer: Callable[[PageRequest], Awaitable[Response]], request: PageRequest) -> Response:
        """``answer(request)``, or 503 when ``max_concurrent_pages`` page requests are being answered."""
        limit = self.settings.max_concurrent_pages
        if limit is not None and self._answering >= limit:
            logger.warning("%s %s refused: %d page requests are being answered", request.method, request.as_path, limit)
            return busy(request.target.data)
        self._answering += 1
        try:
            return await answer(request)
        finally:
            self._answering -= 1

    async def respond(self, request: PageRequest) -> Response:
        """Answers a GET or HEAD for a page or its data."""
        target = request.target
        module = self._modules.get(target.route.page) if target.route else None
        if target.code or (module and not module.prefetch and target.data and is_prefetch(request.request)):
            return self._code(request)  # (a page with prefetch = False: its code, never its props)
        if target.route is None:
            return await self.error_page(request, 404)
        context = request.context()
        started = time.perf_counter()
        try:
            outcome = await module.props(context) if module else Props({})
        except Exception as exc:
            return await self._failed(request, exc)
        return await self._answer(request, context, outcome, 200, started)

    async def act(self, request: PageRequest) -> Response:
        """Answers a POST, PUT, PATCH or DELETE with the page's action (see actions.py)."""
        assert request.target.route is not None
        module = self._modules[request.target.route.page]
        started = time.perf_counter()
        prepared = await prepare_action(request, module, self.csrf, self.settings.max_body_bytes)
        if isinstance(prepared, Response):
            return prepared
        method, context = prepared
        try:
            outcome, status = await run_action(module, method, context, self.csrf.field)
        except Exception as exc:
            return await self._failed(request, exc)
        return await self._answer(request, context, outcome, status, started)

    def _code(self, request: PageRequest) -> Response:
        """The code route's answer: the modules of the page serving the path (or of the 404 page)."""
        route = request.target.route
        page = route.page if route else "404"
        code = {
            "build_id": self.manifest.build_id,
            "page": page,
            "assets": self.document.asset_urls(request.base, page),
        }
        response = json_response(code)
        if request.target.code and not self.settings.dev:  # the URL holds the build id: the answer never changes
            response.headers["cache-control"] = "public, max-age=31536000, immutable"
        return response

    def _csrf_token(self, request: Request) -> Response:
        """The visitor's CSRF token, never cached, with the cookie on a first visit: for a form on a page a
        shared cache may store, whose page data holds no token (see ``_page``)."""
        token, cookie = self.csrf.token(request)
        response = json_response({"field": self.csrf.field, "token": token})
        response.headers["cache-control"] = "private, no-store"
        set_csrf_cookie(response, cookie)
        return response

    def _methods(self, target: Target) -> frozenset[str]:
        module = self._modules.get(target.route.page) if target.route else None
        return module.methods if module else frozenset()

    async def _answer(
        self, request: PageRequest, context: PageContext, outcome: Outcome, status: int, started: float
    ) -> Response:
        """The response for what props or an action produced: a redirect, the 404 page, or the page."""
        assert request.target.route is not None
        if isinstance(outcome, RedirectTo):
            return self._redirect(request, outcome, context)
        if isinstance(outcome, NotFound):
            return await self.error_page(request, 404, context)
        page = request.target.route.page
        module = self._modules.get(page)
        file = module.file if module else None
        value = outcome.value
        if context.only is not None:  # a partial reload: the props asked for, merged by the runtime
            value = only_props(value, context.only)
        try:
            props = dumps(value, file)
            if self.settings.dev and module is not None and context.only is None:
                check_props(module, props)  # against the return annotation of get_server_side_props
            if len(props) > self.settings.max_props_bytes:
                limit = self.settings.max_props_bytes
                raise SerializationError("props", f"{len(props)} bytes is over the limit of {limit}", file)
        except Exception as exc:
            return await self._failed(request, exc)
        props_ms = (time.perf_counter() - started) * 1000
        status = context.response.status_code or status
        return await self._page(request, page, props, status, context, props_ms)

    async def error_page(
        self,
        request: PageRequest,
        status: int,
        context: PageContext | None = None,
        error: BaseException | None = None,
    ) -> Response:
        """The 404 or 500 page (the app's own, or the built-in one) with that status.

        In dev mode ``error`` travels in the page data, where the dev client shows it in its overlay.
        """
        props = orjson.dumps({"statusCode": status})
        details = describe(error) if error is not None and self.settings.dev else None
        return await self._page(request, str(status), props, status, context, 0.0, details)

    async def _page(
        self,
        request: PageRequest,
        page: str,
        props: bytes,
        status: int,
        context: PageContext | None,
        props_ms: float,
        error: dict[str, str] | None = None,
    ) -> Response:
        """The page as JSON data or as an HTML document, with the page's own headers and the CSRF cookie.

        A page a shared cache may store (``public``, ``s-maxage``) holds no token and sets no cookie: its forms
        fetch a token when submitted (``/_bridge/csrf``)."""
        token: str | None = None
        cookie = None
        acted = request.method not in ("GET", "HEAD")  # (an action's answer: one visitor's, whatever props ask)
        if context is None or acted or not shared_cacheable(context.response.headers.get("cache-control", "")):
            token, cookie = self.csrf.token(request.request)
        data = page_data(
            request,
            page,
            build_id=self.manifest.build_id,
            assets=self.document.asset_urls(request.base, page),
            csrf={"field": self.csrf.field, "token": token},
            props=props,
            error=error,
        )
        if request.target.data:
            response = data_response(request, data, status)
            if response.status_code == 304:
                return response
        else:
            started = time.perf_counter()
            try:
                rendered, cached = await self._render(request, page, data, token)
            except BridgeError as exc:
                if page != "500":
                    return await self._failed(request, exc)
                details = (error or describe(exc)) if self.settings.dev else None
                return plain_500(self.document, request.base, exc, details, data)
            timing = server_timing(
                props_ms,
                (time.perf_counter() - started) * 1000,
                cached and (self.settings.dev or self.settings.timing_cache_hits),
            )
            response = html_response(
                self.document, request.base, page, rendered, data, status, server_timing=timing, security=self._security
            )
        if context is not None:
            apply_page_headers(context, response)
        if acted:
            response.headers["cache-control"] = "private, no-store"
        set_csrf_cookie(response, cookie)
        return response

    async def _render(self, request: PageRequest, page: str, data: bytes, token: str | None) -> tuple[Rendered, bool]:
        """The render and whether it came from the cache; with ``render_fallback="client"``, a page whose
        render failed is left to the browser (the 404 and 500 pages never are)."""
        module = self._modules.get(page)
        try:
            return await self.renderer.render(page, data, token, module is not None and module.render_cache)
        except BridgeError as failure:
            exc = failure
            if type(failure) in (RenderError, PageLoadError):  # (a timeout or memory error has no stack to map)
                exc = await asyncio.to_thread(self._mapped, failure)  # (decoding the source map takes a moment)
            if page in ("404", "500") or self.settings.render_fallback != "client":
                raise exc from None
            path = request.target.path
            if not isinstance(exc, RenderQuarantined):  # (the render pool logs those, rate-limited)
                logger.error("%s %s: rendering failed, the browser renders it: %s", request.method, path, exc)
            return Rendered(head="", body=EMPTY_ROOT, logs=""), False

    def _redirect(self, request: PageRequest, outcome: RedirectTo, context: PageContext) -> Response:
        destination = outcome.destination
        if request.target.data:
            response = json_response({"redirect": {"destination": destination, "status_code": outcome.status_code}})
        else:
            if destination.startswith("/") and not destination.startswith("//"):
                destination = request.base + destination
            response = RedirectResponse(destination, outcome.status_code)
        apply_page_headers(context, response)
        return response

    def _mapped(self, exc: BridgeError) -> BridgeError:
        """A render error with the JS stack mapped to the original files (render/stacks.py)."""
        bundle = self.settings.build_path / self.manifest.server
        source_map = SourceMap.of_bundle(bundle, self.settings.pages.parent)
        return type(exc)(source_map.map_stack(str(exc))) if source_map is not None else exc

    async def _failed(self, request: PageRequest, exc: Exception) -> Response:
        """Reports a page's failure and answers the 500 page; with ``raise_errors``, raises it to the host."""
        await report_error(self.error_hooks, request.request, exc)
        if self.settings.raise_errors:
            raise exc
        if not isinstance(exc, RenderQuarantined):  # (the render pool logs those, rate-limited)
            logger.error("%s %s failed: %s", request.method, request.request.url.path, exc, exc_info=exc)
        return await self.error_page(request, 500, error=exc)


def describe(error: BaseException) -> dict[str, str]:
    """An error as the dev overlay shows it: message and traceback (Python) or JS stack."""
    trace = "" if isinstance(error, BridgeError) else "".join(traceback.format_exception(error))
    return {"type": type(error).__name__, "message": str(error), "traceback": trace}
