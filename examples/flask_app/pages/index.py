"""Props for ``/``: ``REMOTE_USER`` from the WSGI environ, set by the BasicAuth middleware around the app."""

from __future__ import annotations

from typing import Any

from bridge import PageContext


def get_server_side_props(context: PageContext) -> dict[str, Any]:
    environ = context.request.scope["wsgi.environ"]
    return {"props": {"user": environ.get("REMOTE_USER"), "server": environ.get("SERVER_SOFTWARE", "a WSGI server")}}
