"""Props for ``/props``: the props tests rewrite the message (and make it raise)."""

from __future__ import annotations

from typing import Any

from bridge import PageContext


def get_server_side_props(context: PageContext) -> dict[str, Any]:
    return {"props": {"message": "props v1"}}
