"""The headers of bridge's answers: private no-cache, nosniff, Allow, ETag and 304, Server-Timing, CSP, and
the cookies and headers a page set on ``context.response``."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable

import orjson
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from .props.context import PageContext
from .routing import request_header

PRIVATE = {"cache-control": "private, no-cache", "x-content-type-options": "nosniff"}
"""What every page, data and action answer starts with: per visitor, revalidated each time, no sniffing."""


def private_headers() -> dict[str, str]:
    """A fresh copy of ``PRIVATE`` to add to."""
    return dict(PRIVATE)


def json_response(value: object, status: int = 200) -> Response:
    """A private JSON answer (data requests' redirects, refusals and build mismatches)."""
    return Response(orjson.dumps(value), status, private_headers(), media_type="application/json")


def method_not_allowed(methods: Iterable[str] = ()) -> Response:
    """405 with the ``Allow`` header: GET and HEAD, plus ``methods``."""
    allow = ", ".join(("GET", "HEAD", *sorted(methods)))
    return PlainTextResponse("Method Not Allowed", 405, {"allow": allow})


RETRY_AFTER = 1
"""Seconds a client refused as too busy is told to wait (``Retry-After``)."""


def busy(data: bool) -> Response:
    """503 with ``Retry-After``: too many page requests at once (``max_concurrent_pages``)."""
    headers = {**PRIVATE, "retry-after": str(RETRY_AFTER)}
    if data:
        return Response(
            orjson.dumps({"error": "the server is busy: try again"}), 503, headers, media_type="application/json"
        )
    return PlainTextResponse("503 Service Unavailable: the server is busy, try again in a moment", 503, headers)


def etag(body: bytes) -> str:
    """A strong ETag for ``body``."""
    return f'"{hashlib.blake2b(body, digest_size=12).hexdigest()}"'


def is_fresh(request: Request, tag: str) -> bool:
    """Whether the client's cached copy (``If-None-Match``) is ``tag``, so a 304 will do."""
    return tag in (request_header(request.scope, b"if-none-match") or "")


PRIVATE_HTML = "private, no-cache, no-store, max-age=0, must-revalidate"
"""The ``Cache-Control`` of a page's HTML unless the page sets its own (as Next.js sends)."""


def server_timing(props_ms: float, render_ms: float, cache_hit: bool) -> str:
    """``Server-Timing``: how long the props and the render took, and (pass it in dev mode or with the
    ``timing_cache_hits`` option only: it tells anyone whether someone else just viewed the same data)
    whether the render came from the cache."""
    hit = ';desc="cache hit"' if cache_hit else ""
    return f"props;dur={props_ms:.2f}, render;dur={render_ms:.2f}{hit}"


def content_security_policy(policy: str, nonce: str) -> str:
    """The ``csp`` option with this response's nonce in place of ``{nonce}``."""
    return policy.replace("{nonce}", nonce)


def page_security_headers(csp: str | None, referrer_policy: str | None, frame_options: str | None) -> dict[str, str]:
    """``Referrer-Policy`` and ``X-Frame-Options`` as configured, and ``frame-ancestors 'self'`` added to a
    CSP that has none when frames are limited to the same origin."""
    headers = {"cache-control": PRIVATE_HTML}
    if referrer_policy:
        headers["referrer-policy"] = referrer_policy
    if frame_options:
        headers["x-frame-options"] = frame_options
    if csp and frame_options == "SAMEORIGIN" and "frame-ancestors" not in csp:
        headers["content-security-policy"] = csp.rstrip("; ") + "; frame-ancestors 'self'"
    elif csp:
        headers["content-security-policy"] = csp
    return headers


@functools.lru_cache(maxsize=256)  # (an app has a few Cache-Control values; each request asks twice)
def shared_cacheable(cache_control: str) -> bool:
    """Whether a shared cache (a CDN, a proxy) may store a response with this ``Cache-Control``."""
    directives = {part.split("=")[0].strip().lower() for part in cache_control.split(",")}
    return not directives & {"private", "no-store"} and bool(directives & {"public", "s-maxage"})


def apply_page_headers(context: PageContext, response: Response) -> None:
    """Puts the headers and cookies the page set on ``context.response`` onto ``response``: a header the page
    set replaces bridge's, and one it set several times (``Link``, ``Set-Cookie``) goes out as many times."""
    replaced = {"set-cookie"}  # bridge's own cookie stays beside the page's
    for key, value in context.response.headers.items():
        if key in replaced:
            response.headers.append(key, value)
        else:
            response.headers[key] = value
            replaced.add(key)


def set_csrf_cookie(response: Response, cookie: str | None) -> None:
    """Sets the visitor's new CSRF cookie, unless the response may be cached publicly (a page cached for
    everyone must not hand one visitor's cookie to all)."""
    if cookie is None:
        return
    cache_control = next((value for key, value in response.raw_headers if key == b"cache-control"), b"")
    if not shared_cacheable(cache_control.decode("latin-1")):  # (raw headers: no MutableHeaders per request)
        response.raw_headers.append((b"set-cookie", cookie.encode("latin-1")))
