"""``/books/new``: the form to add a book, and ``post``, which adds it and redirects to its page."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from bridge import PageContext, PageResult

from .._lib import book_form, catalogue


def get_server_side_props(context: PageContext) -> PageResult[book_form.FormProps]:
    return {"props": {"tags": catalogue.TAGS, "latestYear": book_form.latest_year()}}


def post(context: PageContext) -> dict[str, Any]:
    fields, errors = book_form.read(context.form())
    if fields is None:
        return {"errors": errors}  # the form again (status 422), with the messages and what was typed
    book = catalogue.add_book(**asdict(fields))
    return {"redirect": {"destination": f"/books/{book.id}"}}  # 303: the browser GETs the new book's page
