"""What the form tests share: filling the demo's book form, and reading where a submission ended up."""

from __future__ import annotations

import re
from collections.abc import Callable

from browser.support import Page, Tab, data_for, expect
from playwright.sync_api import Locator

__all__ = ["BOOK_URL", "OpenTab", "Tab", "book_id", "data_for", "data_url", "expect", "fill_book", "submit_button"]

OpenTab = Callable[..., Tab]
"""The ``open_tab`` fixture: ``open_tab(server, js=True) -> Tab``."""

BOOK_URL = re.compile(r"/books/(\d+)$")


def fill_book(
    page: Page,
    *,
    title: str,
    author: str = "Test Author",
    year: str = "1900",
    summary: str = "",
    tags: tuple[str, ...] = (),
) -> None:
    """Types into the book form of /books/new or /books/<id>/edit (replacing what is there) and ticks ``tags``."""
    page.get_by_label("Title", exact=True).fill(title)
    page.get_by_label("Author", exact=True).fill(author)
    page.get_by_label("First published").fill(year)
    page.get_by_label("Summary").fill(summary)
    for tag in tags:
        page.get_by_role("checkbox", name=tag, exact=True).check()


def submit_button(page: Page) -> Locator:
    """The book form's submit button ("Add the book", "Save changes", or the pending label)."""
    return page.locator("form.book-form button[type=submit]")


def book_id(tab: Tab) -> int:
    """The id of the book whose page the tab shows."""
    found = BOOK_URL.search(tab.path)
    assert found, f"not on a book page: {tab.path}"
    return int(found.group(1))


def data_url(tab: Tab, build_id: str, path: str) -> str:
    """The URL the client fetches a page's data from (and posts its forms to): the page's own, marked."""
    return tab.url(f"{path}?_bridge_data={build_id}")
