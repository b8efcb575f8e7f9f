"""The demo's book forms with JavaScript off: plain HTML form posts, a 303 to the book's page on success,
the form again (status 422) with the messages and the typed values on errors."""

from __future__ import annotations

from browser.servers import BridgeServer

from .library import Library
from .support import BOOK_URL, OpenTab, Tab, book_id, expect, fill_book, submit_button


def open_form(open_tab: OpenTab, server: BridgeServer, path: str) -> Tab:
    tab = open_tab(server, js=False)
    response = tab.page.goto(tab.url(path))
    assert response is not None and response.status == 200
    assert tab.page.evaluate("1") == 1  # evaluate works; the page's own scripts do not run
    assert tab.page.locator("script[type=module]").count() > 0
    return tab


def test_adding_a_book_posts_the_form_and_follows_the_303(
    open_tab: OpenTab, server: BridgeServer, library: Library
) -> None:
    tab = open_form(open_tab, server, "/books/new")
    before = library.count()
    fill_book(
        tab.page,
        title="Test  Plain Post",
        author="Ada Lovelace",
        year="1843",
        summary="Notes.",
        tags=("science", "history"),
    )
    with tab.page.expect_navigation() as navigation:
        submit_button(tab.page).click()
    final = navigation.value
    assert final is not None and final.status == 200 and final.request.method == "GET"
    post = final.request.redirected_from
    assert post is not None and post.method == "POST" and post.url == tab.url("/books/new")
    redirect = post.response()
    assert redirect is not None and redirect.status == 303
    expect(tab.page).to_have_url(BOOK_URL)
    expect(tab.page.locator("h1")).to_have_text("Test Plain Post")
    expect(tab.page.locator(".byline")).to_have_text("Ada Lovelace · first published 1843")
    assert library.count() == before + 1
    assert library.find("Test Plain Post") == [
        (book_id(tab), "Test Plain Post", "Ada Lovelace", 1843, "Notes.", ["history", "science"])
    ]
    # every load was a full page load: the form's page, then the POST and its redirect
    documents = [(r.method, r.url) for r in tab.requests if r.resource_type == "document"]
    assert documents == [("GET", tab.url("/books/new")), ("POST", tab.url("/books/new")), ("GET", tab.page.url)]
    assert tab.problems() == []


def test_errors_come_back_with_the_typed_values_and_status_422(
    open_tab: OpenTab, server: BridgeServer, library: Library
) -> None:
    tab = open_form(open_tab, server, "/books/new")
    before = library.count()
    long_title = "Test " + "x" * 200
    fill_book(tab.page, title=long_title, author="  ", year="18x3", summary="Kept\nas typed.", tags=("drama", "poetry"))
    with tab.page.expect_response(lambda r: r.request.method == "POST") as answer:
        submit_button(tab.page).click()
    assert answer.value.status == 422
    page = tab.page
    expect(page.get_by_role("alert")).to_have_text("Please correct the fields marked below.")
    expect(page.locator("#title-error")).to_have_text("Keep the title to 200 characters (it has 205).")
    expect(page.locator("#author-error")).to_have_text("Enter the author.")
    expect(page.locator("#year-error")).to_have_text("Enter the year as a number, e.g. 1851.")
    assert page.locator("#summary-error").count() == 0
    # the messages belong to their fields, and the fields hold what was typed
    expect(page.get_by_label("Title", exact=True)).to_have_attribute("aria-describedby", "title-error")
    expect(page.get_by_label("Title", exact=True)).to_have_value(long_title)
    expect(page.get_by_label("Author", exact=True)).to_have_value("  ")
    expect(page.get_by_label("First published")).to_have_value("18x3")
    expect(page.get_by_label("Summary")).to_have_value("Kept\nas typed.")
    checked = page.locator("input[name=tags]:checked")
    expect(checked).to_have_count(2)
    assert [checked.nth(i).get_attribute("value") for i in range(2)] == ["drama", "poetry"]
    assert library.count() == before

    # the page that came back is a working form: correct it and send it again
    page.get_by_label("Title", exact=True).fill("Test Corrected")
    page.get_by_label("Author", exact=True).fill("Someone")
    page.get_by_label("First published").fill("1883")
    with page.expect_navigation():
        submit_button(page).click()
    expect(page).to_have_url(BOOK_URL)
    assert library.find("Test Corrected") == [
        (book_id(tab), "Test Corrected", "Someone", 1883, "Kept\nas typed.", ["drama", "poetry"])
    ]
    assert library.count() == before + 1


def test_editing_a_book(open_tab: OpenTab, server: BridgeServer, library: Library) -> None:
    tab = open_form(open_tab, server, "/books/43/edit")
    page = tab.page
    expect(page.get_by_label("Title", exact=True)).to_have_value("A Doll's House")
    expect(page.locator("input[name=tags]:checked")).to_have_count(1)  # drama
    before = library.count()
    page.get_by_label("Title", exact=True).fill("Test A Doll's House")
    page.get_by_role("checkbox", name="drama").uncheck()
    page.get_by_role("checkbox", name="classic").check()
    with page.expect_navigation() as navigation:
        submit_button(page).click()
    assert navigation.value is not None and navigation.value.request.redirected_from is not None
    expect(page).to_have_url(tab.url("/books/43"))
    expect(page.locator("h1")).to_have_text("Test A Doll's House")
    expect(page.locator(".book .tag")).to_have_text(["classic"])
    assert library.count() == before
    [(_, _, author, year, _, tags)] = library.find("Test A Doll's House")
    assert (author, year, tags) == ("Henrik Ibsen", 1879, ["classic"])


def test_editing_an_unknown_book_is_a_404(open_tab: OpenTab, server: BridgeServer) -> None:
    tab = open_tab(server, js=False)
    response = tab.page.goto(tab.url("/books/9999/edit"))
    assert response is not None and response.status == 404
