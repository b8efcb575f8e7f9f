"""Props for ``/books/<id>``: one book, and the author's other books."""

from __future__ import annotations

from typing import TypedDict

from bridge import PageContext, PageResult

from .._lib import catalogue
from .._lib.context import first, positive_int


class Props(TypedDict):
    book: catalogue.Book
    alsoBy: list[catalogue.Book]  # the author's other books, oldest first


def get_server_side_props(context: PageContext) -> PageResult[Props]:
    book_id = positive_int(first(context.params.get("id")))
    book = catalogue.get_book(book_id) if book_id is not None else None
    if book is None:
        return {"not_found": True}
    others = [b for b in catalogue.books_by_author(book.author) if b.id != book.id]
    return {"props": {"book": book, "alsoBy": others}}
