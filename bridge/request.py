"""What a request asks bridge for, worked out once: the path inside the mount, the page it names, whether it
asks for the page's HTML or its data, and its query.

Data requests: the runtime fetches a page's data (and posts its forms) at the page's own URL, with the build
id in a reserved query parameter placed last: ``<mount>/books/3?tab=2&_bridge_data=<build id>`` (as
Remix's ``?_data=``). So any rule an outer app, middleware or proxy applies to a page's path, exact or by
prefix, applies to its data by construction; the URL still differs from the HTML's, so shared caches (CDNs
that ignore ``Vary`` too, the reason for Next.js's ``_rsc`` parameter) never mix HTML and JSON; and the
build id keeps deploys apart: a client still running an old build gets 409 and loads the page in full. The
parameter is removed before anything else sees the query (props' ``context``, ``asPath``, ETags, the render
cache). Code route: ``<mount>/_bridge/code/<build id>/<page path>.json`` names the modules of the page serving
a path without running its props (links prefetch it when scrolled into view).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import quote_from_bytes, unquote, unquote_plus

from starlette.requests import Request
from starlette.types import Scope

from .props.context import PageContext, Query, is_prefetch, parse_query, requested_props
from .routing import Params, Route

DATA_PARAM = "_bridge_data"
"""The reserved query parameter of a data request; its value is the client's build id."""
CODE_PREFIX = "/_bridge/code/"


def mount_and_path(scope: Scope) -> tuple[str, str]:
    """The mount path (ASGI ``root_path``) and the path inside it (``/`` at the mount itself)."""
    base: str = scope.get("root_path", "")
    path: str = scope["path"]
    if base and (path == base or path.startswith(f"{base}/")):
        path = path[len(base) :] or "/"
    return base, path


def query_string(scope: Scope) -> str:
    """The raw query string (``request.url.query`` without building the whole URL: a tenth of a data
    request's Python time)."""
    query: bytes = scope.get("query_string", b"")
    return query.decode()


def with_query(path: str, query: str) -> str:
    """``path?query``, or ``path`` when the query is empty."""
    return f"{path}?{query}" if query else path


def split_data_param(query: str) -> tuple[str, str | None]:
    """``query`` without the reserved parameter (however its name is percent-encoded), and the build id it
    gives (the last one, if repeated); None when the request is not a data request."""
    if DATA_PARAM not in unquote(query):
        return query, None
    kept, build = [], None
    for part in query.split("&"):
        name, _, value = part.partition("=")
        if unquote_plus(name) == DATA_PARAM:
            build = unquote_plus(value)
        else:
            kept.append(part)
    return "&".join(kept), build


def is_data_request(scope: Scope) -> bool:
    """Whether the request asks for a page's data (its query has the reserved parameter)."""
    query: bytes = scope.get("query_string", b"")
    return split_data_param(query.decode("latin-1"))[1] is not None


def without_data_param(request: Request) -> tuple[Request, str | None]:
    """``request``, or for a data request a copy without the reserved parameter, and the build id it gives."""
    query, build = split_data_param(query_string(request.scope))
    if build is None:
        return request, None
    return Request({**request.scope, "query_string": query.encode()}, request.receive), build


@dataclass(frozen=True)
class Target:
    """What a request path asks for: a page (or, with ``route`` None, no page) as HTML or as JSON data."""

    path: str
    route: Route | None
    params: Params
    data: bool
    stale: bool = False  # a data or code request from a client of another build
    code: bool = False  # a code route request: which modules the page needs, no props


@dataclass
class PageRequest:
    """A request for a page or its data, with what every step of the answer needs."""

    request: Request
    target: Target
    base: str
    """The mount path."""
    query: Query = field(init=False)
    """The query string, parsed once (repeated keys give lists)."""
    as_path: str = field(init=False)
    """The page URL inside the mount with its query string, as the browser shows it."""

    def __post_init__(self) -> None:
        self.query = parse_query(self.request)
        self.as_path = with_query(self.target.path, query_string(self.request.scope))

    @property
    def method(self) -> str:
        """The HTTP method."""
        return self.request.scope["method"]  # type: ignore[no-any-return]

    def context(self) -> PageContext:
        """A fresh ``context`` for the page's ``get_server_side_props`` or action."""
        assert self.target.route is not None
        return PageContext(
            params=self.target.params,
            query=dict(self.query),  # (a page that changes its query leaves the page data's alone)
            request=self.request,
            resolved_url=self.as_path,
            route=self.target.route.pattern,
            prefetch=is_prefetch(self.request),
            only=requested_props(self.request) if self.target.data else None,
        )


def with_utf8_query(request: Request) -> Request:
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
