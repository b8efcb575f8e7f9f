"""``/slow/new``: ``/books/new`` with an action that takes a second, to see the form's pending state.

This folder is copied over a copy of the demo's pages (tests/forms/conftest.py), so ``_lib`` is the demo's.
"""

from __future__ import annotations

import time
from dataclasses import asdict
from typing import Any

from bridge import PageContext

from .._lib import book_form, catalogue

DELAY = 1.0


def get_server_side_props(context: PageContext) -> dict[str, Any]:
    return {"props": {"tags": catalogue.TAGS, "latestYear": book_form.latest_year()}}


def post(context: PageContext) -> dict[str, Any]:
    time.sleep(DELAY)
    fields, errors = book_form.read(context.form())
    if fields is None:
        return {"errors": errors}
    book = catalogue.add_book(**asdict(fields))
    return {"redirect": {"destination": f"/books/{book.id}"}}
