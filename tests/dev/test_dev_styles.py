"""`bridge dev` and stylesheets: a saved global stylesheet or CSS Module applies in the open tab in place,
without a reload and with component state kept; a CSS syntax error shows in the overlay."""

from __future__ import annotations

from .conftest import OpenTab
from .support import UPDATE_TIMEOUT_MS, DevProcess, Tab


def _wait_style(tab: Tab, selector: str, property: str, value: str) -> None:
    tab.page.wait_for_function(
        "([selector, property, value]) => getComputedStyle(document.querySelector(selector))[property] === value",
        arg=[selector, property, value],
        timeout=UPDATE_TIMEOUT_MS,
    )


def test_a_global_stylesheet_edit_applies_in_place_and_keeps_state(dev: DevProcess, open_tab: OpenTab) -> None:
    tab = open_tab("/styled")
    _wait_style(tab, "#title", "color", "rgb(1, 2, 3)")
    tab.click("#increment", 2)
    with dev.edited("pages/_styles/styled.css") as write:
        write((dev.pages / "_styles" / "styled.css").read_text().replace("rgb(1, 2, 3)", "rgb(4, 5, 6)"))
        _wait_style(tab, "#title", "color", "rgb(4, 5, 6)")
        assert tab.text("#count") == "2"  # component state kept: no reload
        assert tab.marker() == 1  # same document
    _wait_style(tab, "#title", "color", "rgb(1, 2, 3)")
    assert tab.page.locator("link[data-bridge-css]:not([media='not all'])").count() == 1  # the others are off
    assert tab.marker() == 1
    assert tab.unexpected_errors() == []


def test_a_css_module_edit_applies_in_place_and_keeps_state(dev: DevProcess, open_tab: OpenTab) -> None:
    tab = open_tab("/styled")
    tab.click("#increment", 3)
    with dev.edited("pages/_styles/styled.module.css") as write:
        write((dev.pages / "_styles" / "styled.module.css").read_text().replace("padding: 4px", "padding: 9px"))
        _wait_style(tab, "#box", "paddingTop", "9px")
        assert tab.text("#count") == "3"
        assert tab.marker() == 1
    _wait_style(tab, "#box", "paddingTop", "4px")
    assert tab.marker() == 1
    assert tab.unexpected_errors() == []


def test_a_css_syntax_error_shows_in_the_overlay(dev: DevProcess, open_tab: OpenTab) -> None:
    tab = open_tab("/styled")
    with dev.edited("pages/_styles/styled.css") as write:
        write(".styled-title {\n  color: red;\n")
        text = tab.wait_overlay(shown=True)
        assert text is not None and "styled.css:3:1: Expected" in text, text
        _wait_style(tab, "#title", "color", "rgb(1, 2, 3)")  # the last good stylesheet stays
    tab.wait_overlay(shown=False)
    assert tab.marker() == 1
