from typing import Any

from bridge import PageContext


def get_server_side_props(context: PageContext) -> dict[str, Any]:
    return {
        "props": {"lines": int(str(context.query.get("lines", "0"))), "size": int(str(context.query.get("size", "10")))}
    }
