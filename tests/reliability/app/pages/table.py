"""Props for ``/table?n=N``: the number of rows (a runaway past 10000)."""

from typing import Any

from bridge import PageContext


def get_server_side_props(context: PageContext) -> dict[str, Any]:
    n = str(context.query.get("n", "5"))
    return {"props": {"n": int(n) if n.isdigit() else 5}}
