"""Props for ``/account``: a redirect home (with the mount prefix, if any) unless someone is signed in."""

from __future__ import annotations

from typing import Any

from bridge import PageContext


def get_server_side_props(context: PageContext) -> dict[str, Any]:
    user = context.request.scope["wsgi.environ"].get("REMOTE_USER")
    if user is None:
        return {"redirect": {"destination": "/", "permanent": False}}
    return {"props": {"user": user}}
