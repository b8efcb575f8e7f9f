"""``BridgeMiddleware``: bridge inside Django's middleware stack, so props see ``request.user``.

Add ``"bridge.adapters.django.BridgeMiddleware"`` to ``MIDDLEWARE`` after Django's session and
authentication middleware, and set ``BRIDGE = {"pages": BASE_DIR / "pages"}`` (any ``BridgeOptions``) in
the settings. GET and HEAD on page routes, and the methods of pages' actions, are answered by bridge;
everything else goes on to Django's views. Props get a Starlette ``Request`` whose ``user`` and
``session`` are Django's, and whose ``scope["django.request"]`` is the ``HttpRequest`` itself. Page actions
are checked with Django's own CSRF middleware and token (keep ``CsrfViewMiddleware`` before this one).
Works under WSGI and ASGI.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.middleware.csrf import CsrfViewMiddleware, get_token
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.types import Message, Receive

from ..concurrency import run_blocking
from .base import Adapter
from .wsgi import asgi_scope


class BridgeMiddleware:
    """Django middleware answering bridge's page routes; loads the app once per process."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.bridge = Adapter(**getattr(settings, "BRIDGE", {}))
        self.bridge.handler.csrf = DjangoCsrf()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        scope: dict[str, Any] = asgi_scope(request.META)
        scope["scheme"] = request.scheme  # under ASGI, META has no wsgi.url_scheme
        scope["django.request"] = request
        for name in ("user", "session"):
            if hasattr(request, name):
                scope[name] = getattr(request, name)
        response = self.bridge.handle_in_thread(Request(scope, _receive(request)), has_app=True)
        if response is None:
            return self.get_response(request)
        django_response = HttpResponse(bytes(response.body), status=response.status_code)
        for key, value in response.headers.items():
            if key == "set-cookie":
                django_response.cookies.load(value)
            else:
                django_response[key] = value
        return django_response


def _receive(request: HttpRequest) -> Receive:
    async def receive() -> Message:
        body = await run_blocking(lambda: request.body)  # Django reads it in the request's own thread
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


class _CsrfCheck(CsrfViewMiddleware):  # type: ignore[misc]
    """Django's CSRF middleware, run for a page action, keeping the reason it refuses."""

    reason: str | None = None

    def _reject(self, request: HttpRequest, reason: str) -> HttpResponse:
        self.reason = reason
        return HttpResponseForbidden(reason)


class DjangoCsrf:
    """Page actions under Django use Django's CSRF token (``csrfmiddlewaretoken``) and its checks."""

    field = "csrfmiddlewaretoken"

    def token(self, request: Request) -> tuple[str, str | None]:
        """Django's token for this request; Django's CsrfViewMiddleware sets its cookie."""
        return get_token(request.scope["django.request"]), None

    def check(self, request: Request, form: FormData | None) -> str | None:
        """Django's verdict on this request: None, or why it is refused."""
        check = _CsrfCheck(lambda request: HttpResponse())
        refused = check.process_view(request.scope["django.request"], None, (), {})
        return None if refused is None else check.reason or "CSRF verification failed"
