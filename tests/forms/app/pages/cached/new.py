"""``/cached/new``: ``/books/new`` on a page a shared cache may store (``public, max-age=60``), so its HTML
and data hold no visitor's CSRF token and set no cookie: the form fetches the token when submitted."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from bridge import PageContext

from .._lib import book_form, catalogue


def get_server_side_props(context: PageContext) -> dict[str, Any]:
    context.response.headers["cache-control"] = "public, max-age=60"
    return {"props": {"tags": catalogue.TAGS, "latestYear": book_form.latest_year()}}


def post(context: PageContext) -> dict[str, Any]:
    fields, errors = book_form.read(context.form())
    if fields is None:
        return {"errors": errors}
    book = catalogue.add_book(**asdict(fields))
    return {"redirect": {"destination": f"/books/{book.id}"}}
