"""A form on a page a shared cache may store (``cache-control: public``): the page holds no visitor's CSRF
token and sets no cookie, and with JavaScript the form fetches the visitor's token when it is submitted, so a
first-time visitor (no cookie yet) can use it, and so can a second visitor served the same cached HTML, as a
CDN would serve it."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from browser.servers import BridgeServer
from playwright.sync_api import Browser, BrowserContext, Route

from .library import Library
from .support import BOOK_URL, Tab, book_id, expect, fill_book, submit_button

NewVisitor = Callable[[], Tab]


@pytest.fixture
def new_visitor(browser: Browser, server: BridgeServer) -> Iterator[NewVisitor]:
    """``new_visitor()``: a tab in a browser context of its own: no cookies, no cache."""
    contexts: list[BrowserContext] = []

    def make() -> Tab:
        context = browser.new_context()
        context.set_default_timeout(5_000)
        contexts.append(context)
        return Tab(context.new_page(), server.url)

    yield make
    for context in contexts:
        context.close()


def add_book(tab: Tab, library: Library, title: str) -> None:
    """Fills the form and submits it; checks that the action ran (no 403) and the book page followed."""
    before = library.count()
    fill_book(tab.page, title=title)
    with tab.page.expect_response(lambda r: r.request.method == "POST") as answer:
        submit_button(tab.page).click()
    assert answer.value.status == 200, f"the action was refused with {answer.value.status}"
    expect(tab.page).to_have_url(BOOK_URL)
    expect(tab.page.locator("h1")).to_have_text(title)
    assert library.count() == before + 1
    assert [row[0] for row in library.find(title)] == [book_id(tab)]


def cookie_names(tab: Tab) -> list[str]:
    return [cookie["name"] for cookie in tab.page.context.cookies()]


def test_a_first_time_visitor_submits_a_form_on_a_page_cached_publicly(
    new_visitor: NewVisitor, server: BridgeServer, library: Library
) -> None:
    tab = new_visitor()
    assert tab.goto("/cached/new") == 200
    assert cookie_names(tab) == []  # the page set none
    add_book(tab, library, "Test Cached First Visit")
    assert cookie_names(tab) == ["bridge_csrf"]  # set when the form fetched its token
    assert [r.url for r in tab.requests if "/_bridge/csrf" in r.url] == [tab.url("/_bridge/csrf")]
    assert tab.problems() == []


def test_a_second_visitor_served_the_same_cached_html_submits_too(
    new_visitor: NewVisitor, server: BridgeServer, library: Library
) -> None:
    first = new_visitor()
    response = first.page.goto(first.url("/cached/new"))
    assert response is not None and response.headers["cache-control"] == "public, max-age=60"
    cached = response.body()
    first.wait_hydrated()

    def from_the_cache(route: Route) -> None:  # a CDN answering with the copy it stored for the first visitor
        if route.request.method != "GET":
            return route.continue_()
        return route.fulfill(status=200, body=cached, headers={"content-type": "text/html; charset=utf-8"})

    second = new_visitor()
    second.page.route(second.url("/cached/new"), from_the_cache)
    assert second.goto("/cached/new") == 200
    add_book(second, library, "Test Cached Second Visitor")
    add_book(first, library, "Test Cached First Visitor")
    for tab in (first, second):
        assert cookie_names(tab) == ["bridge_csrf"]
        assert tab.problems() == []
    [first_cookie], [second_cookie] = first.page.context.cookies(), second.page.context.cookies()
    assert first_cookie["value"] != second_cookie["value"]
