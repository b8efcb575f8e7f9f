"""bridge in front of a Flask app, over WSGI: no event loop, pages answered in the WSGI server's threads.

    cd examples/flask_app
    bridge build                 # compiles pages/ into .bridge/
    flask --app app run          # pages at /, the app's API at /api/...
    python app.py                # the whole app mounted under /app (SCRIPT_NAME), on http://127.0.0.1:8000/app/

``app.wsgi_app = BridgeWSGI(app.wsgi_app, pages=...)`` puts bridge in front of Flask's own WSGI app: GET and
HEAD on page routes are bridge's, everything else (the API, static files, POSTs) goes on to Flask. Outer WSGI
middleware wraps both; what it puts into the environ reaches a page's props as
``context.request.scope["wsgi.environ"]``. Here that is ``REMOTE_USER``, set by a small HTTP Basic auth layer.
"""

from __future__ import annotations

import base64
import binascii
import hmac
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from flask import Flask, jsonify, request
from werkzeug.exceptions import NotFound
from werkzeug.middleware.dispatcher import DispatcherMiddleware

from bridge.adapters.wsgi import BridgeWSGI

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

HERE = Path(__file__).resolve().parent
USERS = {"ada": "lovelace", "alan": "turing"}  # a demo: keep real passwords hashed, elsewhere


class BasicAuth:
    """Outer WSGI middleware: checks HTTP Basic credentials and sets ``REMOTE_USER`` for whoever comes next.

    No credentials means anonymous; wrong ones get 401.
    """

    def __init__(self, app: WSGIApplication, users: dict[str, str]) -> None:
        self.app = app
        self.users = users

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        environ.pop("REMOTE_USER", None)  # only this layer may say who the user is
        header = environ.get("HTTP_AUTHORIZATION", "")
        if header:
            user = self.check(header)
            if user is None:
                start_response("401 Unauthorized", [("WWW-Authenticate", 'Basic realm="example"')])
                return [b"wrong user name or password\n"]
            environ["REMOTE_USER"] = user
        return self.app(environ, start_response)

    def check(self, header: str) -> str | None:
        scheme, _, encoded = header.partition(" ")
        try:
            name, _, password = base64.b64decode(encoded, validate=True).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return None
        expected = self.users.get(name)
        ok = scheme.lower() == "basic" and expected is not None and hmac.compare_digest(expected, password)
        return name if ok else None


app = Flask(__name__)
NOTES: list[str] = []


@app.get("/api/whoami")
def whoami() -> object:
    return jsonify(user=request.remote_user)


@app.post("/api/notes")
def add_note() -> object:
    text = str((request.get_json(silent=True) or {}).get("text", ""))
    NOTES.append(text)
    return jsonify(id=len(NOTES), text=text), 201


# Bridge in front of Flask, and the auth layer in front of both.
app.wsgi_app = BasicAuth(BridgeWSGI(app.wsgi_app, pages=HERE / "pages"), USERS)  # type: ignore[method-assign]


def mounted(prefix: str = "/app") -> WSGIApplication:
    """The whole app under ``prefix``, the way a WSGI server mounts it: SCRIPT_NAME is the prefix."""
    return DispatcherMiddleware(NotFound(), {prefix: app})


if __name__ == "__main__":
    from werkzeug.serving import run_simple

    run_simple("127.0.0.1", 8000, mounted(), threaded=True)
