"""``/books/<id>/edit``: the form to edit a book, and ``post``, which saves it and redirects to its page."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from bridge import PageContext, PageResult

from ..._lib import book_form, catalogue
from ..._lib.context import first, positive_int


class EditProps(book_form.FormProps):
    book: catalogue.Book


def get_server_side_props(context: PageContext) -> PageResult[EditProps]:
    book_id = positive_int(first(context.params.get("id")))
    book = catalogue.get_book(book_id) if book_id is not None else None
    if book is None:
        return {"not_found": True}
    return {"props": {"book": book, "tags": catalogue.TAGS, "latestYear": book_form.latest_year()}}


def post(context: PageContext) -> dict[str, Any]:
    book_id = positive_int(first(context.params.get("id")))
    if book_id is None:
        return {"not_found": True}
    fields, errors = book_form.read(context.form())
    if fields is None:
        return {"errors": errors}  # the form again (status 422), with the messages and what was typed
    book = catalogue.update_book(book_id, **asdict(fields))
    if book is None:
        return {"not_found": True}
    return {"redirect": {"destination": f"/books/{book.id}"}}
