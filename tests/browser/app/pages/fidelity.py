"""Props for ``/fidelity``: when they were made, so that a link to the page itself shows a new value."""

import time
from typing import Any

from bridge import PageContext


def get_server_side_props(context: PageContext) -> dict[str, Any]:
    return {"props": {"served": time.time_ns()}}
