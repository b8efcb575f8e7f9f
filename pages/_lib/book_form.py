"""Reading the book form (``/books/new``, ``/books/<id>/edit``): the submitted fields, checked.

``read(form)`` gives the fields to save, or the errors to show next to each field; the pages answer
``{"errors": ...}`` with them and bridge renders the form again with what was typed.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import NotRequired, TypedDict

from starlette.datastructures import FormData

from .catalogue import TAGS

MAX_TITLE = 200
MAX_AUTHOR = 200
MAX_SUMMARY = 2000
MIN_YEAR = 1000


@dataclass(frozen=True)
class BookFields:
    """A book as the form gives it, checked: the keyword arguments of ``add_book`` and ``update_book``."""

    title: str
    author: str
    year: int
    summary: str
    tags: list[str]


class FormProps(TypedDict):
    """What the book form shows: the tags to pick from and the latest year accepted; after a failed
    submission (status 422) bridge adds ``errors``, a message per field, and ``values``, what was typed."""

    tags: tuple[str, ...]
    latestYear: int
    errors: NotRequired[dict[str, str]]
    values: NotRequired[dict[str, str | list[str]]]


def latest_year() -> int:
    """The latest year of publication accepted: this one."""
    return datetime.date.today().year


def read(form: FormData) -> tuple[BookFields | None, dict[str, str]]:
    """The checked fields of a submitted book form, or None and a message per field that is wrong."""
    title, author, summary = _text(form, "title"), _text(form, "author"), _text(form, "summary", lines=True)
    errors: dict[str, str] = {}
    if not title:
        errors["title"] = "Enter the title."
    elif len(title) > MAX_TITLE:
        errors["title"] = f"Keep the title to {MAX_TITLE} characters (it has {len(title)})."
    if not author:
        errors["author"] = "Enter the author."
    elif len(author) > MAX_AUTHOR:
        errors["author"] = f"Keep the author to {MAX_AUTHOR} characters."
    if len(summary) > MAX_SUMMARY:
        errors["summary"] = f"Keep the summary to {MAX_SUMMARY} characters (it has {len(summary)})."
    year = _year(_text(form, "year"), errors)
    tags = [tag for tag in form.getlist("tags") if isinstance(tag, str)]
    if any(tag not in TAGS for tag in tags):
        errors["tags"] = "Pick tags from the list."
    if errors or year is None:
        return None, errors
    return BookFields(title, author, year, summary, sorted(set(tags))), {}


def _text(form: FormData, name: str, *, lines: bool = False) -> str:
    """A text field, stripped; a one-line field with its runs of white space made one space, a multi-line one
    with the CRLF line breaks that browsers send made LF."""
    value = form.get(name)
    if not isinstance(value, str):
        return ""
    return value.replace("\r\n", "\n").strip() if lines else " ".join(value.split())


def _year(text: str, errors: dict[str, str]) -> int | None:
    latest = latest_year()
    if not text:
        errors["year"] = "Enter the year of first publication."
        return None
    if not (text.isascii() and text.isdigit()):
        errors["year"] = "Enter the year as a number, e.g. 1851."
        return None
    year = int(text)
    if not MIN_YEAR <= year <= latest:
        errors["year"] = f"Enter a year from {MIN_YEAR} to {latest}."
        return None
    return year
