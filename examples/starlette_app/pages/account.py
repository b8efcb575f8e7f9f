"""Props for ``/account``: a redirect home (with the mount prefix, if any) unless someone is signed in."""

from __future__ import annotations

from typing import Any

from bridge import PageContext


def get_server_side_props(context: PageContext) -> dict[str, Any]:
    request = context.request
    if not request.user.is_authenticated:
        return {"redirect": {"destination": "/", "permanent": False}}
    return {"props": {"user": request.user.display_name, "session": dict(request.session)}}
