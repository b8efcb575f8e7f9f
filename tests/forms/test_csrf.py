"""CSRF protection of the demo's page actions, against the real server: a missing or wrong token, or a request
from another origin or site, is refused with 403 before the action runs, so nothing is written."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from browser.servers import BridgeServer
from playwright.sync_api import APIRequestContext, Browser

from .library import Library
from .support import BOOK_URL, OpenTab, Tab, expect, fill_book, submit_button

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
BOOK = {"title": "Test Forged", "author": "Mallory", "year": "1900"}


def token_of(tab: Tab) -> str:
    value = tab.page.locator("input[name=csrf_token]").get_attribute("value")
    assert value
    return value


@pytest.mark.parametrize(
    ("tamper", "reason"),
    [
        ("(field) => { field.value = 'x'.repeat(43); }", "the CSRF token is missing or wrong"),
        ("(field) => field.remove()", "the CSRF token is missing or wrong"),
    ],
    ids=["wrong", "missing"],
)
def test_a_tampered_form_is_refused_without_javascript(
    open_tab: OpenTab, server: BridgeServer, library: Library, tamper: str, reason: str
) -> None:
    tab = open_tab(server, js=False)
    tab.page.goto(tab.url("/books/new"))
    before = library.count()
    fill_book(tab.page, title=BOOK["title"])
    tab.page.locator("input[name=csrf_token]").evaluate(tamper)
    with tab.page.expect_response(lambda r: r.request.method == "POST") as answer:
        submit_button(tab.page).click()
    assert answer.value.status == 403
    expect(tab.page.locator("body")).to_have_text(f"403 Forbidden: {reason}: reload the page and submit again")
    assert library.count() == before


def test_a_form_on_another_site_is_refused(open_tab: OpenTab, server: BridgeServer, library: Library) -> None:
    # A page on another site holding a form that posts to the demo, even with the visitor's own token.
    tab = open_tab(server, js=False)
    tab.page.goto(tab.url("/books/new"))
    token = token_of(tab)
    fields = "".join(f'<input name="{name}" value="{value}">' for name, value in {**BOOK, "csrf_token": token}.items())
    forged = f'<!DOCTYPE html><form method="post" action="{tab.url("/books/new")}">{fields}<button>Win</button></form>'
    tab.page.route("http://evil.test/", lambda route: route.fulfill(body=forged, content_type="text/html"))
    tab.page.goto("http://evil.test/")
    before = library.count()
    with tab.page.expect_response(lambda r: r.request.method == "POST") as answer:
        tab.page.get_by_role("button", name="Win").click()
    assert answer.value.status == 403
    assert "another site (Sec-Fetch-Site: cross-site)" in answer.value.text()
    assert library.count() == before


def test_a_refused_submission_with_javascript_loads_the_form_afresh(
    open_tab: OpenTab, server: BridgeServer, library: Library
) -> None:
    tab = open_tab(server)
    tab.goto("/books/new")
    tab.set_marker()
    before = library.count()
    fill_book(tab.page, title="Test Refused Then Sent")
    tab.page.locator("input[name=csrf_token]").evaluate("(field) => { field.value = 'x'.repeat(43); }")
    with tab.page.expect_response(lambda r: r.request.method == "POST") as refused:
        submit_button(tab.page).click()
    assert refused.value.status == 403  # its JSON body (checked below) is gone with the page that fetched it
    tab.page.wait_for_function("window.__marker === undefined")  # a full page load: a fresh form, its own token
    tab.wait_hydrated()
    assert library.count() == before
    fill_book(tab.page, title="Test Refused Then Sent")
    submit_button(tab.page).click()
    expect(tab.page).to_have_url(BOOK_URL)
    assert library.count() == before + 1
    assert tab.problems(allowed_failures=(refused.value.url,)) == []


@pytest.fixture
def client(browser: Browser, server: BridgeServer) -> Iterator[tuple[APIRequestContext, str]]:
    """An HTTP client with the demo's CSRF cookie (it got the form once), and the form's token."""
    context = browser.new_context(base_url=server.url)
    page = context.request.get("/books/new")
    found = TOKEN.search(page.text())
    assert page.ok and found
    yield context.request, found.group(1)
    context.close()


@pytest.mark.parametrize(
    ("token", "headers", "reason"),
    [
        (None, {}, "the CSRF token is missing or wrong"),
        ("wrong", {}, "the CSRF token is missing or wrong"),
        ("right", {"origin": "http://evil.test"}, "the request came from another origin (http://evil.test, not http"),
        ("right", {"sec-fetch-site": "same-site"}, "the request came from another site (Sec-Fetch-Site: same-site)"),
        ("right", {"x-csrf-token": "wrong"}, "the CSRF token is missing or wrong"),  # the header wins over the field
    ],
)
def test_requests_without_the_right_token_or_from_elsewhere_get_403(
    client: tuple[APIRequestContext, str],
    library: Library,
    token: str | None,
    headers: dict[str, str],
    reason: str,
) -> None:
    request, right = client
    form = dict(BOOK)
    if token is not None:
        form["csrf_token"] = right if token == "right" else "x" * 43
    before = library.count()
    response = request.post("/books/new", form=form, headers=headers, max_redirects=0)
    assert response.status == 403
    assert reason in response.text()
    assert library.count() == before


def test_the_data_route_refuses_in_json(
    client: tuple[APIRequestContext, str], server: BridgeServer, library: Library
) -> None:
    request, _ = client
    before = library.count()
    url = f"/books/new?_bridge_data={server.manifest()['build_id']}"
    response = request.post(url, form={**BOOK, "csrf_token": "x" * 43}, max_redirects=0)
    assert response.status == 403
    assert response.json() == {"error": "the CSRF token is missing or wrong: reload the page and submit again"}
    assert library.count() == before


def test_the_right_token_in_the_field_or_the_header_is_accepted(
    client: tuple[APIRequestContext, str], library: Library
) -> None:
    # The control for the refusals above: the same requests, with the token, do write.
    request, token = client
    before = library.count()
    field = request.post("/books/new", form={**BOOK, "title": "Test Token Field", "csrf_token": token}, max_redirects=0)
    assert field.status == 303 and BOOK_URL.search(field.headers["location"])
    form = {**BOOK, "title": "Test Token Header"}
    header = request.post("/books/new", form=form, headers={"x-csrf-token": token}, max_redirects=0)
    assert header.status == 303
    assert library.count() == before + 2
