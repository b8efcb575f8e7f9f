"""``BridgeWSGI``: bridge in front of a WSGI app (Flask, Django's WSGI handler, ...), no event loop needed.

Pages are answered in the WSGI server's own thread: a plain ``get_server_side_props`` runs right there
(an async one in a short-lived loop of its own) and the render waits for a render thread. The request
reaches props as a Starlette ``Request`` whose ``scope["wsgi.environ"]`` is the WSGI environ, so whatever
outer WSGI middleware put into the environ is visible.
"""

from __future__ import annotations

from collections.abc import Iterable
from http import HTTPStatus
from typing import TYPE_CHECKING, Any, Unpack

from starlette.requests import Request
from starlette.types import Message, Receive

from ..config import BridgeOptions
from .base import Adapter

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment


class BridgeWSGI(Adapter):
    """Serves the pages in ``pages`` and passes everything else to the WSGI ``app``.

    Flask: ``app.wsgi_app = BridgeWSGI(app.wsgi_app, pages="pages")``.
    """

    def __init__(self, app: WSGIApplication | None = None, **options: Unpack[BridgeOptions]) -> None:
        super().__init__(**options)
        self.app = app

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        request = Request(asgi_scope(environ), wsgi_receive(environ))
        response = self.handler.handle_blocking(request, has_app=self.app is not None)
        if response is None:
            assert self.app is not None
            return self.app(environ, start_response)
        status = HTTPStatus(response.status_code)
        headers = [(key.decode("latin-1"), value.decode("latin-1")) for key, value in response.raw_headers]
        start_response(f"{status.value} {status.phrase}", headers)
        return [] if environ["REQUEST_METHOD"] == "HEAD" else [bytes(response.body)]


def wsgi_receive(environ: WSGIEnvironment) -> Receive:
    """An ASGI ``receive`` over ``wsgi.input``: read only if bridge answers the request (a page action),
    so the wrapped app still gets an unread body otherwise."""

    async def receive() -> Message:
        length = _port(environ.get("CONTENT_LENGTH"), 0)
        return {
            "type": "http.request",
            "body": environ["wsgi.input"].read(length) if length else b"",
            "more_body": False,
        }

    return receive


def _text(environ: WSGIEnvironment, key: str) -> str:
    # WSGI carries URL parts as latin-1 "bytes in a str"; ASGI wants them decoded as UTF-8.
    return str(environ.get(key, "")).encode("latin-1").decode("utf-8", "replace")


def _port(value: object, default: int) -> int:
    # Django's ASGI requests say SERVER_PORT "None" when the ASGI server gave no port (a Unix socket).
    text = str(value or "")
    return int(text) if text.isdigit() else default


def asgi_scope(environ: WSGIEnvironment) -> dict[str, Any]:
    """The ASGI HTTP scope equivalent to a WSGI environ (plus the environ itself)."""
    headers = [
        (key[5:].replace("_", "-").lower().encode("latin-1"), str(value).encode("latin-1"))
        for key, value in environ.items()
        if key.startswith("HTTP_")
    ]
    for key, name in (("CONTENT_TYPE", b"content-type"), ("CONTENT_LENGTH", b"content-length")):
        if environ.get(key):
            headers.append((name, str(environ[key]).encode("latin-1")))
    root_path = _text(environ, "SCRIPT_NAME")
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": str(environ.get("SERVER_PROTOCOL", "HTTP/1.1")).removeprefix("HTTP/"),
        "method": environ["REQUEST_METHOD"],
        "scheme": environ.get("wsgi.url_scheme", "http"),
        "root_path": root_path,
        "path": root_path + _text(environ, "PATH_INFO"),
        "raw_path": (str(environ.get("SCRIPT_NAME", "")) + str(environ.get("PATH_INFO", ""))).encode("latin-1"),
        "query_string": str(environ.get("QUERY_STRING", "")).encode("latin-1"),
        "headers": headers,
        "server": (environ.get("SERVER_NAME", "localhost"), _port(environ.get("SERVER_PORT"), 80)),
        "client": (environ.get("REMOTE_ADDR", ""), _port(environ.get("REMOTE_PORT"), 0)),
        "wsgi.environ": environ,
    }
