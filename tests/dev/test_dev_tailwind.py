"""`bridge dev` with Tailwind CSS: a utility class added in a component applies in place (Tailwind's
stylesheet is rebuilt with it), without a reload and with component state kept."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from browser.test_tailwind import tailwind_project

from .conftest import OpenTab
from .support import UPDATE_TIMEOUT_MS, DevProcess


@pytest.fixture(scope="module")
def dev(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DevProcess]:
    """`bridge dev` serving a copy of the Tailwind test app."""
    server = DevProcess(tailwind_project(tmp_path_factory.mktemp("tailwind-dev")).parent)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def test_a_tailwind_class_added_in_a_component_applies_in_place(dev: DevProcess, open_tab: OpenTab) -> None:
    tab = open_tab("/")
    tab.click("#increment", 2)
    italic = "() => getComputedStyle(document.getElementById('title')).fontStyle === 'italic'"
    assert not tab.page.evaluate(italic)
    with dev.edited("pages/index.jsx") as write:
        write((dev.pages / "index.jsx").read_text().replace("underline unselectable", "underline italic unselectable"))
        tab.page.wait_for_function(italic, timeout=UPDATE_TIMEOUT_MS)
        assert tab.text("#increment") == "2"  # state kept: no reload
        assert tab.marker() == 1
    assert tab.unexpected_errors() == []


def test_a_sass_partial_edit_restyles_the_modules_using_it(dev: DevProcess, open_tab: OpenTab) -> None:
    tab = open_tab("/")
    tab.click("#increment", 1)
    color = "(value) => getComputedStyle(document.getElementById('label')).color === value"
    tab.page.wait_for_function(color, arg="rgb(12, 34, 56)")
    with dev.edited("pages/_styles/_colors.scss") as write:
        write((dev.pages / "_styles" / "_colors.scss").read_text().replace("rgb(12, 34, 56)", "rgb(90, 80, 70)"))
        tab.page.wait_for_function(color, arg="rgb(90, 80, 70)", timeout=UPDATE_TIMEOUT_MS)
        assert tab.text("#increment") == "1"
        assert tab.marker() == 1
    assert tab.unexpected_errors() == []
