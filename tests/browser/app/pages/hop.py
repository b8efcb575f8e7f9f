"""``/hop``: an internal redirect, to ``/plain/6``."""

from typing import Any

from bridge import PageContext


def get_server_side_props(context: PageContext) -> dict[str, Any]:
    return {"redirect": {"destination": "/plain/6", "permanent": False}}
