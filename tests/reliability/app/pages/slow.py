"""``/slow?s=1``: props that take a while (a blocking sleep, in a worker thread), for graceful shutdown."""

import time
from typing import Any

from bridge import PageContext


def get_server_side_props(context: PageContext) -> dict[str, Any]:
    seconds = min(float(str(context.query.get("s", "1"))), 5.0)
    time.sleep(seconds)
    return {"props": {"seconds": seconds}}
