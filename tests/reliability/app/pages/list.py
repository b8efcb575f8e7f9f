"""Props for ``/list?n=N``: N rows of some text (N at most 5000)."""

from typing import Any

from bridge import PageContext


def get_server_side_props(context: PageContext) -> dict[str, Any]:
    n = min(int(str(context.query.get("n", "10"))), 5000) if str(context.query.get("n", "10")).isdigit() else 10
    rows = [
        {"id": i, "title": f"Row {i}", "body": f"The body of row {i}, " + "lorem ipsum " * (i % 7)} for i in range(n)
    ]
    return {"props": {"rows": rows}}
