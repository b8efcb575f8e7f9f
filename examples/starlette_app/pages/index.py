"""Props for ``/``: the signed-in user (AuthenticationMiddleware) and a one-time message (the session)."""

from __future__ import annotations

from typing import Any

from bridge import PageContext

# The props consume the one-time message: a hover's prefetch must not run them (it loads the code only).
prefetch = False


def get_server_side_props(context: PageContext) -> dict[str, Any]:
    request = context.request
    user = request.user.display_name if request.user.is_authenticated else None
    # The session is the outer SessionMiddleware's: changing it here updates the session cookie.
    flash = request.session.pop("flash", None)
    return {"props": {"user": user, "flash": flash}}
