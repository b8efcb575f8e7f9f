"""``BridgeWSGI``: bridge in front of a WSGI app (Flask, Django's WSGI handler, ...).

The WSGI server's thread hands a page request to bridge's event loop (one per process, see
concurrency.py) and waits for the answer; a plain ``get_server_side_props`` or action runs back in that
thread, an async one on the loop. The request reaches props as a Starlette ``Request`` whose
``scope["wsgi.environ"]`` is the WSGI environ, so whatever outer WSGI middleware put into the environ is
visible.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from http import HTTPStatus
from typing import TYPE_CHECKING, Any, Unpack
from urllib.parse import quote_from_bytes, unquote_to_bytes

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Message, Receive

from ..concurrency import run_blocking
from ..config import BridgeOptions, Settings
from ..handler import PageHandler
from .base import Adapter
from .flask import flask_app_of, flask_error_response, send_got_request_exception

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

CHUNK = 64 * 1024
"""How much of a request body is read from ``wsgi.input`` at a time."""


class BridgeWSGI(Adapter):
    """Serves the pages in ``pages`` and passes everything else to the WSGI ``app``.

    Flask: ``app.wsgi_app = BridgeWSGI(app.wsgi_app, pages="pages")``; page failures then reach Flask's
    error reporting too (see adapters/flask.py).
    """

    def __init__(self, app: WSGIApplication | None = None, **options: Unpack[BridgeOptions]) -> None:
        self.app = app
        self._flask = flask_app_of(app)
        super().__init__(**options)

    def use(self, settings: Settings, handler: PageHandler) -> None:
        """Serves with ``handler``, whose page failures Flask's ``got_request_exception`` reports too."""
        super().use(settings, handler)
        if self._flask is not None and not settings.raise_errors:
            handler.error_hooks.append(functools.partial(send_got_request_exception, self._flask))

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        request = Request(asgi_scope(environ), wsgi_receive(environ))
        try:
            response = self.handle_in_thread(request, has_app=self.app is not None)
        except Exception as exc:  # raise_errors: the host answers
            if self._flask is None:
                raise
            return flask_error_response(self._flask, environ, exc)(environ, start_response)
        if response is None:
            assert self.app is not None
            return self.app(environ, start_response)
        start_response(status_line(response), header_list(response))
        return [] if environ["REQUEST_METHOD"] == "HEAD" else [bytes(response.body)]


def status_line(response: Response) -> str:
    """The WSGI status line of ``response``: ``"200 OK"``."""
    status = HTTPStatus(response.status_code)
    return f"{status.value} {status.phrase}"


def header_list(response: Response) -> list[tuple[str, str]]:
    """The headers of ``response`` as WSGI wants them, repeated ones (``Set-Cookie``) kept apart."""
    return [(key.decode("latin-1"), value.decode("latin-1")) for key, value in response.raw_headers]


def wsgi_receive(environ: WSGIEnvironment) -> Receive:
    """An ASGI ``receive`` over ``wsgi.input``, read in the WSGI thread and only if bridge answers the
    request (a page action), so the wrapped app still gets an unread body otherwise. A body without a
    ``Content-Length`` (chunked) is read to its end when the server marks where it ends
    (``wsgi.input_terminated``, the extension of PEP 3333 that gunicorn and Werkzeug set)."""
    declared = _port(environ.get("CONTENT_LENGTH"), -1)
    left: int | None = declared if declared >= 0 else (None if environ.get("wsgi.input_terminated") else 0)

    async def receive() -> Message:
        nonlocal left
        if left == 0:
            return {"type": "http.request", "body": b"", "more_body": False}
        chunk: bytes = await run_blocking(environ["wsgi.input"].read, CHUNK if left is None else min(CHUNK, left))
        if left is not None:
            left = left - len(chunk) if chunk else 0
        elif not chunk:
            left = 0
        return {"type": "http.request", "body": chunk, "more_body": left != 0}

    return receive


def _text(environ: WSGIEnvironment, key: str) -> str:
    # WSGI carries URL parts as latin-1 "bytes in a str"; ASGI wants them decoded as UTF-8.
    return str(environ.get(key, "")).encode("latin-1").decode("utf-8", "replace")


def _port(value: object, default: int) -> int:
    # Django's ASGI requests say SERVER_PORT "None" when the ASGI server gave no port (a Unix socket).
    text = str(value or "")
    return int(text) if text.isdigit() else default


def _raw_path(environ: WSGIEnvironment) -> bytes:
    """The path as the client sent it, percent-encoding included (``%2F`` stays one segment's slash).

    PEP 3333 servers decode ``PATH_INFO``; gunicorn and werkzeug keep the request line's URI in ``RAW_URI``
    or ``REQUEST_URI``, used when it decodes to the same path. Otherwise the decoded path, encoded again.
    """
    path = (str(environ.get("SCRIPT_NAME", "")) + str(environ.get("PATH_INFO", ""))).encode("latin-1")
    uri = str(environ.get("RAW_URI") or environ.get("REQUEST_URI") or "").partition("?")[0]
    if uri.startswith("/") and unquote_to_bytes(uri) == path:
        return uri.encode("latin-1")
    return quote_from_bytes(path, safe="/").encode("latin-1")


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
        "raw_path": _raw_path(environ),
        "query_string": str(environ.get("QUERY_STRING", "")).encode("latin-1"),
        "headers": headers,
        "server": (environ.get("SERVER_NAME", "localhost"), _port(environ.get("SERVER_PORT"), 80)),
        "client": (environ.get("REMOTE_ADDR", ""), _port(environ.get("REMOTE_PORT"), 0)),
        "wsgi.environ": environ,
    }
