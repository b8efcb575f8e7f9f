"""Hostile strings in props stay text: in the embedded page data, in the DOM, in attributes and in <title>,
on a first load and after client-side navigation."""

from __future__ import annotations

import pytest

from .servers import BridgeServer
from .support import OpenTab, Tab, expect, page_url

# the props of tests/browser/app/pages/xss.py
PAYLOADS = {
    "script": "</script><script>alert(1)</script>",
    "comment": "<!--<script>alert(2)//",
    "separators": "a\u2028b\u2029c",
    "attribute": '"><img src=x onerror=alert(3)>',
    "flag": "</script><img src=x onerror=window.__xss=1>",
}


def assert_rendered_as_text(tab: Tab) -> None:
    expect(tab.page.locator("h1")).to_have_text("Hostile props")
    for key, value in PAYLOADS.items():
        element = tab.page.get_by_test_id(key)
        assert element.text_content() == value, key
        assert element.get_attribute("title") == value, key
    assert tab.page.title() == f"XSS {PAYLOADS['script']}"
    tab.page.wait_for_timeout(100)  # would-be onerror handlers of a broken-out <img src=x> run by now
    assert tab.page.evaluate("document.querySelectorAll('img').length") == 0
    assert tab.page.evaluate("window.__xss") is None
    assert tab.dialogs == []


def test_hostile_props_are_text_on_first_load(open_tab: OpenTab, app: BridgeServer) -> None:
    tab = open_tab(app)
    tab.goto("/xss")
    assert_rendered_as_text(tab)
    # the page data survived the trip through the <script> element intact, and nothing else became a script
    props = tab.page.evaluate("JSON.parse(document.getElementById('__BRIDGE_DATA__').textContent).props.payloads")
    assert props == PAYLOADS
    sources = tab.page.evaluate("[...document.scripts].map((s) => s.id || s.type)")
    assert sources == ["__BRIDGE_DATA__", "module"]
    assert tab.problems() == []


def test_hostile_props_are_text_after_client_navigation(open_tab: OpenTab, app: BridgeServer) -> None:
    tab = open_tab(app)
    tab.goto("/")
    tab.set_marker()
    tab.page.get_by_test_id("xss").click()
    expect(tab.page).to_have_url(tab.url("/xss"))
    assert_rendered_as_text(tab)
    assert tab.marker() == 1
    assert tab.problems() == []


SCRIPT_URL = "javascript:alert(document.domain)"


@pytest.mark.parametrize("control", ["redirect", "submit"])
def test_a_redirect_to_a_javascript_url_is_not_followed(open_tab: OpenTab, app: BridgeServer, control: str) -> None:
    # /away redirects to whatever it is given: the server refuses the javascript: destination (500), and the
    # runtime, which would hand a redirect it got from the data route to location.assign, never runs it.
    tab = open_tab(app)
    tab.goto("/hostile-links")
    with tab.page.expect_response(lambda response: "/away" in (page_url(response.url) or "")) as answer:
        tab.page.get_by_test_id(control).click()
    assert answer.value.status == 500
    tab.settle()
    assert tab.dialogs == []
    assert "redirect" not in answer.value.json()


@pytest.mark.parametrize("control", ["push", "replace", "prefetch"])
def test_the_router_refuses_javascript_urls(open_tab: OpenTab, app: BridgeServer, control: str) -> None:
    tab = open_tab(app)
    tab.goto("/hostile-links")
    tab.set_marker()
    with tab.page.expect_console_message(lambda message: message.type == "error", timeout=5000) as logged:
        tab.page.get_by_test_id(control).click()
    assert "refused" in logged.value.text and SCRIPT_URL in logged.value.text
    tab.settle()
    assert tab.dialogs == []
    assert tab.marker() == 1
    assert tab.path == "/hostile-links"
