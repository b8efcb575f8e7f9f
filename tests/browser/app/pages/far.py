"""Props for ``/far``: when they were made."""

import time
from typing import Any

from bridge import PageContext


def get_server_side_props(context: PageContext) -> dict[str, Any]:
    return {"props": {"served": time.time_ns()}}
