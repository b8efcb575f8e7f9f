"""Props for ``/plain/<n>``: n, and when the props were made (so a refetch shows)."""

import time
from typing import Any

from bridge import PageContext


def get_server_side_props(context: PageContext) -> dict[str, Any]:
    n = context.params["n"]
    if not isinstance(n, str) or not n.isdigit():
        return {"not_found": True}
    return {"props": {"n": int(n), "served": time.time_ns()}}
