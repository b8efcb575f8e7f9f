"""Flask behind ``BridgeWSGI`` (``app.wsgi_app = BridgeWSGI(app.wsgi_app, ...)``): page failures reach Flask's
own error reporting, ``got_request_exception`` (Sentry listens), and with ``raise_errors`` Flask's own 500
handling (``@app.errorhandler(500)``) answers them."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from starlette.requests import Request

if TYPE_CHECKING:
    from _typeshed.wsgi import WSGIApplication, WSGIEnvironment
    from flask import Flask


def flask_app_of(app: object) -> Flask | None:
    """The Flask app whose ``wsgi_app`` ``app`` is, or None."""
    owner = getattr(app, "__self__", None)
    if owner is None or "flask" not in sys.modules:
        return None
    from flask import Flask

    return owner if isinstance(owner, Flask) else None


def send_got_request_exception(flask_app: Flask, request: Request, exc: BaseException) -> None:
    """Flask's ``got_request_exception`` for ``exc``, sent inside the request's context as Flask sends it."""
    from flask import got_request_exception

    with flask_app.request_context(request.scope["wsgi.environ"]):
        got_request_exception.send(flask_app, _async_wrapper=flask_app.ensure_sync, exception=exc)


def flask_error_response(flask_app: Flask, environ: WSGIEnvironment, exc: Exception) -> WSGIApplication:
    """Flask's answer to ``exc`` (its 500 error handler, its signal, its log); call it while handling ``exc``.
    With ``PROPAGATE_EXCEPTIONS`` (testing, debug) Flask raises it again, as for its own views."""
    with flask_app.request_context(environ):
        return flask_app.handle_exception(exc)
