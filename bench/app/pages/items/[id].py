"""Props of the detail page ``/items/<id>``."""

from __future__ import annotations

from typing import Any

from bridge import PageContext

from .._lib.rows import item_props


async def get_server_side_props(context: PageContext) -> dict[str, Any]:
    props = item_props(str(context.params["id"]))
    return {"props": props} if props is not None else {"not_found": True}
