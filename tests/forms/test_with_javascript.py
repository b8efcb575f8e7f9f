"""The demo's book forms with JavaScript on: <Form> submits with fetch to the page's data route, follows the
303 as a client-side navigation, renders errors in place, shows its pending state, sends once, and drops
the data it had cached, so no page shows the catalogue as it was before the mutation."""

from __future__ import annotations

import datetime

import pytest
from browser.servers import BridgeServer

from .library import Library
from .support import BOOK_URL, OpenTab, Tab, book_id, data_for, data_url, expect, fill_book, submit_button


def open_form(open_tab: OpenTab, server: BridgeServer, path: str) -> Tab:
    tab = open_tab(server)
    assert tab.goto(path) == 200
    tab.set_marker()
    return tab


def posts(tab: Tab) -> list[str]:
    return [r.url for r in tab.requests if r.method == "POST"]


def test_adding_a_book_is_a_fetch_and_a_client_navigation(
    open_tab: OpenTab, server: BridgeServer, library: Library
) -> None:
    tab = open_form(open_tab, server, "/")
    tab.page.get_by_role("link", name="Add a book").click()  # a client-side navigation to the form
    expect(tab.page).to_have_title("Add a book")
    before = library.count()
    fill_book(tab.page, title="Test Fetched", author="Grace Hopper", year="1952", tags=("science",))
    with tab.page.expect_response(lambda r: r.request.method == "POST") as answer:
        submit_button(tab.page).click()
    expect(tab.page).to_have_url(BOOK_URL)
    expect(tab.page.locator("h1")).to_have_text("Test Fetched")
    assert tab.marker() == 1, "the submission loaded a page"
    post = answer.value
    assert post.url == data_url(tab, server.manifest()["build_id"], "/books/new")
    assert post.request.resource_type == "fetch" and post.status == 200
    assert post.json() == {"redirect": {"destination": f"/books/{book_id(tab)}", "status_code": 303}}
    assert post.request.post_data is not None and "Grace Hopper" in post.request.post_data
    assert posts(tab) == [post.url]
    assert [r.url for r in tab.requests if r.resource_type == "document"] == [tab.url("/")]
    assert library.count() == before + 1
    assert library.find("Test Fetched") == [(book_id(tab), "Test Fetched", "Grace Hopper", 1952, "", ["science"])]
    assert tab.problems() == []


def test_errors_render_in_place_with_the_typed_values(
    open_tab: OpenTab, server: BridgeServer, library: Library
) -> None:
    tab = open_form(open_tab, server, "/books/new")
    page = tab.page
    before = library.count()
    fill_book(page, title="  ", author="Test Author", year="3000", summary="Kept.", tags=("satire", "drama"))
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        submit_button(page).click()
    expect(page.locator("#title-error")).to_have_text("Enter the title.")
    latest = datetime.date.today().year
    expect(page.locator("#year-error")).to_have_text(f"Enter a year from 1000 to {latest}.")
    expect(page.get_by_role("alert")).to_be_visible()
    assert answer.value.status == 422 and answer.value.request.resource_type == "fetch"
    props = answer.value.json()["props"]  # the page's data: its props, the errors and what was sent
    assert props["errors"] == {"title": "Enter the title.", "year": f"Enter a year from 1000 to {latest}."}
    assert {key: props["values"][key] for key in ("title", "year", "tags")} == {
        "title": "  ",
        "year": "3000",
        "tags": ["drama", "satire"],
    }
    assert tab.marker() == 1, "the errors came with a page load"
    expect(page).to_have_url(tab.url("/books/new"))
    expect(page.get_by_label("Author", exact=True)).to_have_value("Test Author")
    expect(page.get_by_label("First published")).to_have_value("3000")
    expect(page.get_by_label("Summary")).to_have_value("Kept.")
    expect(page.locator("input[name=tags]:checked")).to_have_count(2)
    expect(submit_button(page)).to_have_text("Add the book")
    expect(submit_button(page)).to_be_enabled()
    assert library.count() == before

    page.get_by_label("Title", exact=True).fill("Test Second Try")
    page.get_by_label("First published").fill("1999")
    submit_button(page).click()
    expect(page).to_have_url(BOOK_URL)
    expect(page.locator(".book .tag")).to_have_text(["drama", "satire"])
    assert tab.marker() == 1
    assert library.count() == before + 1
    # Chromium logs the 422 answer as a failed load: that answer is the expected one
    assert tab.problems(allowed_failures=(answer.value.url,)) == []


def test_the_pending_state_shows_while_the_action_runs(
    open_tab: OpenTab, server: BridgeServer, library: Library
) -> None:
    tab = open_form(open_tab, server, "/slow/new")  # its action sleeps for a second
    fill_book(tab.page, title="Test Slow")
    button = submit_button(tab.page)
    button.click()
    expect(button).to_have_text("Adding…")
    expect(button).to_be_disabled()
    expect(button).to_have_attribute("aria-busy", "true")
    expect(tab.page.get_by_role("progressbar")).to_be_visible()  # the layout's bar: router.isNavigating
    expect(tab.page).to_have_url(BOOK_URL)
    expect(tab.page.get_by_role("progressbar")).to_be_hidden()
    assert len(library.find("Test Slow")) == 1
    assert tab.problems() == []


@pytest.mark.parametrize("path", ["/books/new", "/slow/new"])
def test_a_double_click_saves_once(open_tab: OpenTab, server: BridgeServer, library: Library, path: str) -> None:
    tab = open_form(open_tab, server, path)
    title = f"Test Double Click {path}"
    fill_book(tab.page, title=title)
    submit_button(tab.page).dblclick()
    expect(tab.page).to_have_url(BOOK_URL)
    tab.settle()
    assert len(posts(tab)) == 1
    assert len(library.find(title)) == 1
    assert tab.problems() == []


def test_two_submits_in_one_go_send_once(open_tab: OpenTab, server: BridgeServer, library: Library) -> None:
    # Faster than any click: the second submit comes before React has rendered the disabled button.
    tab = open_form(open_tab, server, "/books/new")
    fill_book(tab.page, title="Test Submitted Twice")
    tab.page.evaluate(
        "() => { const form = document.querySelector('form.book-form'); form.requestSubmit(); form.requestSubmit(); }"
    )
    expect(tab.page).to_have_url(BOOK_URL)
    tab.settle()
    assert len(posts(tab)) == 1
    assert len(library.find("Test Submitted Twice")) == 1


def status(library: Library) -> str:
    """The catalogue's status line for the books now in the database."""
    count = library.count()
    return f"{count} books in the catalogue · page 1 of {-(-count // 10)}"


def test_pages_seen_or_prefetched_before_a_mutation_are_fetched_again(
    open_tab: OpenTab, server: BridgeServer, library: Library
) -> None:
    tab = open_form(open_tab, server, "/")
    page = tab.page
    expect(page.locator(".status")).to_have_text(status(library))
    page.get_by_role("link", name="Add a book").click()
    expect(page).to_have_title("Add a book")
    catalogue = page.get_by_role("navigation", name="Main").get_by_role("link", name="Catalogue")
    with page.expect_response(data_for("/")):
        catalogue.hover()  # prefetches the catalogue's data: the list without the new book
    fill_book(page, title="Aardvark Almanac", author="Test Author")  # sorts first in the catalogue
    submit_button(page).click()
    expect(page).to_have_url(BOOK_URL)
    new_id = book_id(tab)

    index_data = len(tab.data_requests(path="/"))
    catalogue.click()
    expect(page).to_have_url(tab.url("/"))
    expect(page.locator(".book-row h2").first).to_have_text("Aardvark Almanac")
    expect(page.locator(".status")).to_have_text(status(library))
    assert len(tab.data_requests(path="/")) == index_data + 1, "the prefetched (stale) data was used"

    # back to the first visit of the catalogue (history: /, /books/new, /books/<id>, /): fetched afresh too
    for expected in (f"/books/{new_id}", "/books/new", "/"):
        page.go_back()
        expect(page).to_have_url(tab.url(expected))
    expect(page.locator(".book-row h2").first).to_have_text("Aardvark Almanac")
    assert len(tab.data_requests(path="/")) == index_data + 2
    assert tab.marker() == 1
    assert tab.problems() == []


def test_a_page_prefetched_while_the_action_runs_is_fetched_again(
    open_tab: OpenTab, server: BridgeServer, library: Library
) -> None:
    tab = open_form(open_tab, server, "/slow/new")
    page = tab.page
    fill_book(page, title="Test Prefetched Meanwhile")
    submit_button(page).click()
    expect(submit_button(page)).to_have_text("Adding…")
    catalogue = page.get_by_role("navigation", name="Main").get_by_role("link", name="Catalogue")
    with page.expect_response(data_for("/")):
        catalogue.hover()  # while the action sleeps: the catalogue as it was before it
    assert library.find("Test Prefetched Meanwhile") == []
    expect(page).to_have_url(BOOK_URL)
    catalogue.click()
    expect(page).to_have_url(tab.url("/"))
    expect(page.locator(".status")).to_have_text(status(library))
    assert tab.problems() == []


def test_editing_a_book(open_tab: OpenTab, server: BridgeServer, library: Library) -> None:
    tab = open_form(open_tab, server, "/books/9")
    page = tab.page
    page.get_by_role("link", name="Edit this book").click()
    expect(page).to_have_url(tab.url("/books/9/edit"))
    expect(page.get_by_label("Title", exact=True)).to_have_value("The Adventures of Sherlock Holmes")
    page.get_by_label("Title", exact=True).fill("Test Adventures")
    page.get_by_label("First published").fill("1000")
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        submit_button(page).click()
    expect(page).to_have_url(tab.url("/books/9"))
    expect(page.locator("h1")).to_have_text("Test Adventures")
    assert answer.value.url == data_url(tab, server.manifest()["build_id"], "/books/9/edit")
    assert tab.marker() == 1
    [(_, _, author, year, _, _)] = library.find("Test Adventures")
    assert (author, year) == ("Arthur Conan Doyle", 1000)
    # the form, opened again, shows the saved book (not the data cached when it was first shown)
    page.go_back()
    expect(page).to_have_url(tab.url("/books/9/edit"))
    expect(page.get_by_label("Title", exact=True)).to_have_value("Test Adventures")
    assert tab.problems() == []
