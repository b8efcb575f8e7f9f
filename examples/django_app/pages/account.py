"""Props for ``/account``: a redirect home (with the script prefix, if any) unless someone is signed in."""

from __future__ import annotations

from typing import Any

from bridge import PageContext


def get_server_side_props(context: PageContext) -> dict[str, Any]:
    user = context.request.user
    if not user.is_authenticated:
        return {"redirect": {"destination": "/", "permanent": False}}
    return {"props": {"user": user.get_username(), "joined": user.date_joined, "staff": user.is_staff}}
