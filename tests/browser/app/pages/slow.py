"""Props for ``/slow?ms=<ms>&n=<n>``: answers after ``ms`` milliseconds (default 1000)."""

import asyncio
from typing import Any

from bridge import PageContext


async def get_server_side_props(context: PageContext) -> dict[str, Any]:
    ms = int(str(context.query.get("ms", "1000")))
    await asyncio.sleep(ms / 1000)
    return {"props": {"ms": ms, "n": context.query.get("n", "1")}}
