"""``/notes``: notes kept in the visitor's Django session, and ``post``, a page action that adds one.

Under ``BridgeMiddleware`` a page action is checked by Django's own CSRF middleware: bridge's ``<Form>``
sends Django's token in Django's field (``csrfmiddlewaretoken``).
"""

from __future__ import annotations

from typing import Any

from bridge import PageContext

MAX_LENGTH = 200


def get_server_side_props(context: PageContext) -> dict[str, Any]:
    return {"props": {"notes": context.request.session.get("notes", [])}}


def post(context: PageContext) -> dict[str, Any]:
    text = context.form().get("text")
    text = text.strip() if isinstance(text, str) else ""
    if not text:
        return {"errors": {"text": "Write something first."}}
    if len(text) > MAX_LENGTH:
        return {"errors": {"text": f"Keep it to {MAX_LENGTH} characters."}}
    session = context.request.session  # Django's, saved by its SessionMiddleware on the way out
    session["notes"] = [*session.get("notes", []), text]
    return {"redirect": {"destination": "/notes"}}  # 303
