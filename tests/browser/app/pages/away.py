"""``/away?next=...``: the "return to" pattern, an open redirect to whatever ``next`` says, on GET and POST."""

from typing import Any

from bridge import PageContext


def get_server_side_props(context: PageContext) -> dict[str, Any]:
    return {"redirect": {"destination": context.query["next"]}}


def post(context: PageContext) -> dict[str, Any]:
    return {"redirect": {"destination": context.form()["next"]}}
