"""The ``context`` argument of ``get_server_side_props``."""

from __future__ import annotations

from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any, Literal
from urllib.parse import parse_qsl

from starlette.datastructures import FormData, MutableHeaders
from starlette.requests import Request

from ..routing import Params, request_header
from .body import Body, grouped

Query = dict[str, str | list[str]]


class ResponseOptions:
    """What a page may change about its response: status code, headers and cookies."""

    def __init__(self) -> None:
        self.status_code: int | None = None
        self.headers = MutableHeaders()

    def set_cookie(
        self,
        key: str,
        value: str = "",
        *,
        max_age: int | None = None,
        path: str = "/",
        domain: str | None = None,
        secure: bool = False,
        httponly: bool = False,
        samesite: Literal["lax", "strict", "none"] | None = "lax",
    ) -> None:
        """Adds a ``Set-Cookie`` header; the arguments are those of Starlette's ``Response.set_cookie``."""
        cookie: SimpleCookie = SimpleCookie()
        cookie[key] = value
        morsel = cookie[key]
        if max_age is not None:
            morsel["max-age"] = max_age
        morsel["path"] = path
        if domain is not None:
            morsel["domain"] = domain
        morsel["secure"] = secure
        morsel["httponly"] = httponly
        if samesite is not None:
            morsel["samesite"] = samesite
        self.headers.append("set-cookie", morsel.OutputString())

    def delete_cookie(self, key: str, *, path: str = "/", domain: str | None = None) -> None:
        """Expires the cookie ``key`` in the browser."""
        self.set_cookie(key, max_age=0, path=path, domain=domain)


ONLY_HEADER = b"x-bridge-only"
"""The request header of a partial reload: the names of the props wanted, comma-separated."""


def is_prefetch(request: Request) -> bool:
    """Whether ``request`` is a prefetch: ``Sec-Purpose: prefetch`` (what browsers send for their own
    prefetches) or ``Purpose: prefetch`` (what the runtime's ``fetch`` sends: browsers keep ``Sec-`` headers
    for themselves)."""
    scope = request.scope
    purpose = request_header(scope, b"sec-purpose") or request_header(scope, b"purpose") or ""
    return purpose.split(";")[0].strip().lower() == "prefetch"


def requested_props(request: Request) -> frozenset[str] | None:
    """The props a partial reload asks for (``router.reload({only: [...]})``), or None for all of them."""
    value = request_header(request.scope, ONLY_HEADER)
    if value is None:
        return None
    return frozenset(name.strip() for name in value.split(",") if name.strip())


def parse_query(request: Request) -> Query:
    """The query string as Next.js gives it: one value per key, a list when the key repeats. Parsed as
    Starlette parses ``request.query_params``, without building that (it is built if the page reads it)."""
    return grouped(parse_qsl(request.scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True))


@dataclass
class PageContext:
    """Everything ``get_server_side_props(context)`` knows about the request it answers."""

    params: Params
    """Route parameters: ``{"id": "3"}`` for ``/books/[id]``, a list for ``[...slug]``."""
    query: Query
    """The query string; repeated keys give lists."""
    request: Request
    """The Starlette request: headers, cookies, ``url``, and ``scope`` with what outer middleware set."""
    resolved_url: str
    """The page URL without the mount path, with its query string, as the browser shows it."""
    route: str
    """The route pattern, e.g. ``/books/[id]``."""
    response: ResponseOptions = field(default_factory=ResponseOptions)
    """Set ``status_code``, ``headers`` or cookies of the response."""
    body: Body = field(default_factory=Body)
    """An action's request body, read and checked (size, CSRF) before the action runs."""
    prefetch: bool = False
    """True when the request is a prefetch (a hovered link): the user may never see these props. Run no side
    effects then (or set ``prefetch = False`` in the page's module: its data is then never prefetched)."""
    only: frozenset[str] | None = None
    """The props a partial reload asks for (``router.reload({ only: ["comments"] })``), or None for all:
    props may skip computing the others; only these are sent."""

    def form(self) -> FormData:
        """The submitted form (``application/x-www-form-urlencoded`` or ``multipart/form-data``; uploads
        are ``UploadFile``); empty for other bodies. Already read: no ``await`` needed, sync or async."""
        return self.body.form if self.body.form is not None else FormData()

    def json(self) -> Any:
        """The submitted JSON value (``application/json``), or None."""
        return self.body.json
