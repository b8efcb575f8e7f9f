"""``/random``: a temporary redirect to a book picked at random."""

from __future__ import annotations

from bridge import PageContext, RedirectResult

from ._lib import catalogue


def get_server_side_props(context: PageContext) -> RedirectResult:
    book_id = catalogue.random_book_id()
    return {"redirect": {"destination": f"/books/{book_id}", "permanent": False}}
