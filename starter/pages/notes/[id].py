"""``/notes/<id>``: one note; a dynamic route, ``context.params["id"]`` is the id in the URL."""

from __future__ import annotations

from typing import TypedDict

from bridge import PageContext, PageResult

from .._lib import notes


class Props(TypedDict):
    note: notes.Note


def get_server_side_props(context: PageContext) -> PageResult[Props]:
    note = notes.get(str(context.params["id"]))
    if note is None:
        return {"not_found": True}  # the 404 page
    return {"props": {"note": note}}
