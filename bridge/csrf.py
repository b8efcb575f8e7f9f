"""Cross-site request forgery protection for page actions, on by default.

Every rendered page carries a token (in its page data, where ``<Form>`` finds it) that is also kept in
an HttpOnly, SameSite=Lax cookie; a page a shared cache may store carries none, and its forms fetch one from
``TOKEN_PATH`` when submitted. A POST/PUT/PATCH/DELETE to a page must send the same token back, in
the ``csrf_token`` form field or the ``X-CSRF-Token`` header, and must not come from another site
(``Sec-Fetch-Site``, ``Origin``). An API route of the wrapped app can check requests the same way with
``BridgeCsrf().check(request, form)``.

Apps behind Django use Django's own token and middleware instead (bridge/adapters/django.py).
"""

from __future__ import annotations

import hmac
import re
import secrets
from typing import Protocol

from starlette.datastructures import FormData
from starlette.requests import Request

from .routing import request_header

TOKEN_FORMAT = re.compile(r"[A-Za-z0-9_-]{43}")
"""What ``secrets.token_urlsafe(32)`` makes: the only cookie value taken for a token."""
TOKEN_PATH = "/_bridge/csrf"
"""Where a form on a page cached publicly (whose page data holds no token) gets one: ``GET <mount>/_bridge/csrf``
answers ``{"field", "token"}``, never cached, with the cookie on a first visit."""
COOKIE = "bridge_csrf"
FIELD = "csrf_token"
HEADER = "x-csrf-token"


class Csrf(Protocol):
    """A CSRF scheme: the token a page embeds, and the check of an incoming mutation."""

    field: str
    """The form field that carries the token."""

    def token(self, request: Request) -> tuple[str, str | None]:
        """The token for this visitor, and a ``Set-Cookie`` value when the visitor needs a new cookie."""
        ...

    def check(self, request: Request, form: FormData | None) -> str | None:
        """None when the request may mutate, else the reason it may not."""
        ...

    def check_headers(self, request: Request) -> str | None:
        """The part of ``check`` that needs no body, run before the body is read: the reason to refuse the
        request whatever its body, or None."""
        ...


class BridgeCsrf:
    """bridge's own scheme: a random token in a cookie, sent back in a field or header (double submit)."""

    field = FIELD

    def token(self, request: Request) -> tuple[str, str | None]:
        """The visitor's token, creating one (and its cookie) on the first visit."""
        has_cookies = request_header(request.scope, b"cookie") is not None  # (no parsing for a first visit)
        existing = request.cookies.get(COOKIE, "") if has_cookies else ""
        if TOKEN_FORMAT.fullmatch(existing):  # anything else (planted markup, say) is replaced
            return existing, None
        token = secrets.token_urlsafe(32)
        secure = "; Secure" if request.scope.get("scheme") == "https" else ""
        return token, f"{COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax{secure}"

    def check(self, request: Request, form: FormData | None) -> str | None:
        """Refuses cross-site requests and requests without the visitor's token."""
        reason = self.check_headers(request)
        if reason is not None:
            return reason
        expected = request.cookies.get(COOKIE, "")
        sent = request.headers.get(HEADER) or (form.get(FIELD) if form is not None else None)
        if not isinstance(sent, str) or not _same(sent, expected):
            return _WRONG_TOKEN
        return None

    def check_headers(self, request: Request) -> str | None:
        """Refuses what the headers alone condemn: another site or origin, no token cookie, a wrong token in
        the header."""
        site = request.headers.get("sec-fetch-site")
        if site is not None and site not in ("same-origin", "none"):
            return f"the request came from another site (Sec-Fetch-Site: {site})"
        origin = request.headers.get("origin")
        own = f"{request.url.scheme}://{request.url.netloc}"
        if origin is not None and origin != own:
            return f"the request came from another origin ({origin}, not {own})"
        expected = request.cookies.get(COOKIE, "")
        sent = request.headers.get(HEADER)
        if not expected or (sent is not None and not _same(sent, expected)):
            return _WRONG_TOKEN
        return None


_WRONG_TOKEN = "the CSRF token is missing or wrong: reload the page and submit again"


def _same(sent: str, expected: str) -> bool:
    """Whether two tokens are equal, in constant time; any text may be sent (non-ASCII too)."""
    return bool(expected) and hmac.compare_digest(sent.encode(), expected.encode())
