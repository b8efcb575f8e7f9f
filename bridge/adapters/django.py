"""``BridgeMiddleware``: bridge inside Django's middleware stack, so props see ``request.user``.

Add ``"bridge.adapters.django.BridgeMiddleware"`` to ``MIDDLEWARE`` after Django's session and
authentication middleware, and set ``BRIDGE = {"pages": BASE_DIR / "pages"}`` (any ``BridgeOptions``) in
the settings. GET and HEAD on page routes, and the methods of pages' actions, are answered by bridge;
everything else goes on to Django's views. Props get a Starlette ``Request`` whose ``user`` and
``session`` are Django's, and whose ``scope["django.request"]`` is the ``HttpRequest`` itself. Page actions
are checked with Django's own CSRF middleware and token (keep ``CsrfViewMiddleware`` before this one).
Works under WSGI and ASGI, and in dev mode under ``bridge dev --app mysite.asgi:application``. A page that
fails sends Django's ``got_request_exception`` signal, which error trackers listen to; with
``"raise_errors": True`` its exception goes on to Django, whose ``handler500`` answers.
"""

from __future__ import annotations

from collections.abc import Callable, Container
from http.cookies import Morsel
from typing import Any

from django.conf import settings as django_settings
from django.core.signals import got_request_exception
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.middleware.csrf import CsrfViewMiddleware, get_token
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Message, Receive

from ..concurrency import run_blocking
from ..config import Settings
from ..handler import PageHandler
from .base import Adapter
from .wsgi import asgi_scope, header_list


class BridgeMiddleware:
    """Django middleware answering bridge's page routes; loads the app once per process."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.bridge = _DjangoAdapter(**getattr(django_settings, "BRIDGE", {}))

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
        return django_response(response)


class _DjangoAdapter(Adapter):
    """The pages, with Django's CSRF check and its ``got_request_exception`` signal."""

    def use(self, settings: Settings, handler: PageHandler) -> None:
        super().use(settings, handler)
        handler.csrf = DjangoCsrf()
        if not settings.raise_errors:  # (raised, Django's own handler sends the signal)
            handler.error_hooks.append(_send_got_request_exception)


def django_response(response: Response) -> HttpResponse:
    """bridge's ``response`` as Django's. A header sent more than once (``Link``, ``Vary``) is joined with
    commas, as HTTP allows; each ``Set-Cookie`` goes out exactly as bridge wrote it (Django's cookie jar
    would parse it again and keep one cookie per name)."""
    converted = HttpResponse(bytes(response.body), status=response.status_code)
    seen: set[str] = set()
    for key, value in header_list(response):
        if key == "set-cookie":
            cookie = _SetCookie(value)
            name = cookie.key if cookie.key not in converted.cookies else f"{cookie.key} ({len(converted.cookies)})"
            dict.__setitem__(converted.cookies, name, cookie)
        else:
            converted[key] = f"{converted[key]}, {value}" if key in seen else value
            seen.add(key)
    return converted


class _SetCookie(Morsel[str]):
    """A ``Set-Cookie`` value that Django's handlers send as it is (they call ``output``)."""

    def __init__(self, header: str) -> None:
        super().__init__()
        name, _, rest = header.partition("=")
        value = rest.split(";", 1)[0]
        self.set(name.strip(), value, value)
        self._header = header

    def OutputString(self, attrs: Container[str] | None = None) -> str:
        return self._header


def _send_got_request_exception(request: Request, exc: BaseException) -> None:
    """Django's ``got_request_exception``, as Django sends it for a view's exception (Sentry listens)."""
    got_request_exception.send(sender=None, request=request.scope["django.request"])


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

    def check_headers(self, request: Request) -> str | None:
        """Nothing before the body: Django's middleware reads the token from the form itself."""
        return None
