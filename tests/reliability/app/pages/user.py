"""``/user?name=...``: the private data of one user, derived from the name; flags for the page's behaviour."""

from typing import Any

from bridge import PageContext


def get_server_side_props(context: PageContext) -> dict[str, Any]:
    name = str(context.query.get("name", "nobody"))
    flags = {flag: context.query.get(flag) == "1" for flag in ("log", "fail", "keep")}
    return {"props": {"name": name, "secret": f"secret-of-{name}", "card": {"number": f"4111-{name}"}, **flags}}
