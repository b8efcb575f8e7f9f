"""``/go``: a redirect to the home page (``?permanent=1`` for 308)."""

from typing import Any

from bridge import PageContext


def get_server_side_props(context: PageContext) -> dict[str, Any]:
    return {"redirect": {"destination": "/about", "permanent": context.query.get("permanent") == "1"}}
