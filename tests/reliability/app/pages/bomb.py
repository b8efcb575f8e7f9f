"""Props for ``/bomb?shape=...`` (default ``strings``)."""

from typing import Any

from bridge import PageContext


def get_server_side_props(context: PageContext) -> dict[str, Any]:
    return {"props": {"shape": str(context.query.get("shape", "strings"))}}
