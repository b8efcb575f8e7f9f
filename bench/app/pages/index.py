"""Props of the list page: ``?n=`` rows. ``async def``: cheap, non-blocking work needs no worker thread.

The page opts in to bridge's render cache only in the bench's cached server variants, which start the
server with BENCH_RENDER_CACHE=1 (bench/harness/apps.py)."""

from __future__ import annotations

import os
from typing import Any

from bridge import PageContext

from ._lib.rows import list_props, row_count

render_cache = os.environ.get("BENCH_RENDER_CACHE") == "1"


async def get_server_side_props(context: PageContext) -> dict[str, Any]:
    return {"props": list_props(row_count(context.query.get("n")))}
