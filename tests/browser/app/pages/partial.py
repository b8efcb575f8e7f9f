"""Props for ``/partial``: the comments change on every call; ``served`` says when the rest was made."""

import time
from typing import Any

from bridge import PageContext


def get_server_side_props(context: PageContext) -> dict[str, Any]:
    props: dict[str, Any] = {"comments": [f"comment at {time.time_ns()}"]}
    if context.only is None:
        props |= {"title": "Partial", "served": time.time_ns()}
    return {"props": props}
