"""After a client-side navigation, screen readers hear the new page (its title, else its <h1>) and keyboard
focus starts at its top (or at the #hash's element); back and forward restore the scroll and leave focus."""

from __future__ import annotations

from .servers import BridgeServer
from .support import OpenTab, Tab, expect

ACTIVE = "document.activeElement.id || document.activeElement.dataset.testid || document.activeElement.tagName"


def announcer(tab: Tab) -> str:
    text: str = tab.page.evaluate("document.getElementById('__bridge-announcer').textContent")
    return text


def tab_to(tab: Tab, test_id: str, limit: int = 30) -> None:
    """Presses Tab until the element with ``data-testid=test_id`` has the focus."""
    for _ in range(limit):
        tab.page.keyboard.press("Tab")
        if tab.page.evaluate(ACTIVE) == test_id:
            return
    raise AssertionError(f"{limit} Tabs never reached {test_id}")


def test_the_announcer_is_a_live_region_served_with_the_page(open_tab: OpenTab, app: BridgeServer) -> None:
    tab = open_tab(app)
    tab.goto("/plain/1")
    region = tab.page.locator("#__bridge-announcer")
    expect(region).to_have_attribute("aria-live", "assertive")
    expect(region).to_have_text("")
    box = region.bounding_box()
    assert (box is not None and box["width"] * box["height"] <= 1) or region.evaluate(
        "el => getComputedStyle(el).clipPath !== 'none'"
    ), "the region is for screen readers only"


def test_keyboard_navigation_is_announced_and_focus_starts_at_the_top(open_tab: OpenTab, app: BridgeServer) -> None:
    tab = open_tab(app)
    tab.goto("/plain/1")
    tab.set_marker()
    tab_to(tab, "next")
    tab.page.keyboard.press("Enter")
    expect(tab.page).to_have_title("Plain 2")
    expect(tab.page.locator("#__bridge-announcer")).to_have_text("Plain 2")
    assert tab.page.evaluate(ACTIVE) == "__bridge", "focus moves to the top of the new page"
    tab.page.keyboard.press("Tab")
    assert tab.page.evaluate(ACTIVE) == "nav-home", "the next Tab is the page's first link"
    outline = tab.page.evaluate("getComputedStyle(document.getElementById('__bridge')).outlineStyle")
    assert outline == "none"
    assert tab.marker() == 1
    assert tab.problems() == []


def test_a_page_without_a_title_is_announced_by_its_heading(open_tab: OpenTab, app: BridgeServer) -> None:
    tab = open_tab(app)
    tab.goto("/fidelity")
    tab.page.get_by_test_id("encoded").click()
    expect(tab.page.locator("#__bridge-announcer")).to_have_text("The word: a/b")


def test_a_link_to_a_fragment_focuses_its_element(open_tab: OpenTab, app: BridgeServer) -> None:
    tab = open_tab(app)
    tab.goto("/plain/1")
    tab.page.get_by_test_id("nav-anchor").focus()
    tab.page.keyboard.press("Enter")
    expect(tab.page).to_have_title("Long 1")
    expect(tab.page.locator("#__bridge-announcer")).to_have_text("Long 1")
    tab.page.wait_for_function("document.activeElement.id === 'anchor'")
    tab.page.keyboard.press("Shift+Tab")  # sequential navigation goes on from the anchor: back to the link above it
    assert tab.page.evaluate(ACTIVE) == "to-anchor"


def test_back_restores_the_scroll_and_leaves_focus_alone(open_tab: OpenTab, app: BridgeServer) -> None:
    tab = open_tab(app)
    tab.goto("/long")
    tab.set_marker()
    tab.page.evaluate("scrollTo(0, 2000)")
    tab.page.wait_for_function("scrollY === 2000")
    tab.page.get_by_test_id("nav-plain").focus()  # the layout's link: it stays on screen across pages
    tab.page.keyboard.press("Enter")
    expect(tab.page).to_have_title("Plain 1")
    tab.page.get_by_test_id("nav-long2").focus()
    tab.page.go_back()
    expect(tab.page).to_have_title("Long 1")
    expect(tab.page.locator("#__bridge-announcer")).to_have_text("Long 1")
    tab.settle()
    assert abs(tab.scroll_y() - 2000) <= 2
    assert tab.page.evaluate(ACTIVE) == "nav-long2", "back must not move the focus"
    assert tab.marker() == 1
