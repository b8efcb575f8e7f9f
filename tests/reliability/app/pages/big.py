"""``/big?kb=N``: props of about N kB (default 2000), over the fixture's max_props_bytes."""

from typing import Any

from bridge import PageContext


def get_server_side_props(context: PageContext) -> dict[str, Any]:
    kb = int(str(context.query.get("kb", "2000")))
    return {"props": {"blob": "b" * (kb * 1024)}}
