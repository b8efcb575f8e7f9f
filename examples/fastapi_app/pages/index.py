"""Props for ``/``: the theme from the session that the outer SessionMiddleware decoded."""

from __future__ import annotations

from typing import Any

from bridge import PageContext


async def get_server_side_props(context: PageContext) -> dict[str, Any]:
    preferences = context.request.session.get("preferences", {})
    return {"props": {"theme": preferences.get("theme", "light")}}
