"""Props for ``/mui``."""

from typing import Any

from bridge import PageContext


def get_server_side_props(context: PageContext) -> dict[str, Any]:
    return {"props": {"title": "Catalogue from Python", "start": 2}}
