"""``/``: the notes, newest first (props from Python), and ``post``, the action of the form that adds one."""

from __future__ import annotations

from typing import TypedDict

from bridge import PageContext, PageResult

from ._lib import notes


class Props(TypedDict):
    notes: list[notes.Note]


def get_server_side_props(context: PageContext) -> PageResult[Props]:
    return {"props": {"notes": notes.all_notes()}}


def post(context: PageContext) -> dict[str, object]:
    text = str(context.form().get("text", "")).strip()
    if not text:
        return {"errors": {"text": "Write something first."}}  # the page again, status 422
    note = notes.add(text)
    return {"redirect": {"destination": f"/notes/{note.id}"}}  # 303: the browser opens the new note
