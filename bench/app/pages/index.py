"""Props of the list page: ``?n=`` rows. ``async def``: cheap, non-blocking work needs no worker thread."""

from __future__ import annotations

from typing import Any

from bridge import PageContext

from ._lib.rows import list_props, row_count


async def get_server_side_props(context: PageContext) -> dict[str, Any]:
    return {"props": list_props(row_count(context.query.get("n")))}
