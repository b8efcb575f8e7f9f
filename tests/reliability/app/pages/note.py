"""``/note``: POST stores nothing, it shows the ``text`` field back."""

from typing import Any

from bridge import PageContext


def get_server_side_props(context: PageContext) -> dict[str, Any]:
    return {"props": {"text": ""}}


def post(context: PageContext) -> dict[str, Any]:
    return {"props": {"text": str(context.form().get("text", ""))}}
