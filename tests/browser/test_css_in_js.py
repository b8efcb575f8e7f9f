"""CSS-in-JS on the server: emotion (directly and through MUI) and styled-components collect their styles
through the app's ``styleRegistry`` (pages/_document.jsx), which bridge puts in <head>: the first paint is
styled before any script runs, and the page hydrates without a mismatch. The libraries are real npm
packages, pinned in the test app's own package.json and package-lock.json."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bridge.build.toolchain import ensure_js_dependencies, find_node

from .servers import HERE, BridgeServer, copy_app, http_get
from .support import OpenTab, Route, Tab

APP = HERE / "cssinjs_app"
# Per page: an element, a computed style property its library sets, and the value.
PAGES = {
    "/emotion": ("#title", "color", "rgb(0, 90, 160)"),
    "/styled": ("#title", "color", "rgb(150, 30, 90)"),
    "/mui": ("#increment", "backgroundColor", "rgb(25, 118, 210)"),  # <Button variant="contained">
}


@pytest.fixture(scope="module")
def cssinjs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BridgeServer]:
    ensure_js_dependencies(find_node(), APP)  # npm ci from the app's lockfile, once per lockfile
    root = tmp_path_factory.mktemp("cssinjs")
    (root / "node_modules").symlink_to(APP / "node_modules")
    server = BridgeServer(copy_app(APP / "pages", root))
    server.build()
    server.start()
    yield server
    server.stop()


def _no_scripts(route: Route) -> None:
    route.abort()


def _style(tab: Tab, path: str) -> str:
    selector, property, _ = PAGES[path]
    value: str = tab.page.evaluate(f"getComputedStyle(document.querySelector({selector!r}))[{property!r}]")
    return value


@pytest.mark.parametrize("path", PAGES)
def test_the_server_html_carries_the_styles_in_head(cssinjs: BridgeServer, path: str) -> None:
    status, _, body = http_get(cssinjs.url + path)
    head = body.decode().split("</head>")[0]
    assert status == 200
    assert "<style" in head
    assert "<style" not in body.decode().split("</head>")[1]  # nothing in the body


@pytest.mark.parametrize("path", PAGES)
def test_styled_before_any_script_runs(cssinjs: BridgeServer, open_tab: OpenTab, path: str) -> None:
    tab = open_tab(cssinjs, isolated=True)
    tab.page.route("**/*.js", _no_scripts)
    tab.page.goto(tab.url(path))
    assert _style(tab, path) == PAGES[path][2]
    assert tab.page.evaluate("typeof window.__bridge?.navigate") == "undefined", "no script ran"


@pytest.mark.parametrize("path", PAGES)
def test_hydrates_without_a_mismatch_and_stays_styled(cssinjs: BridgeServer, open_tab: OpenTab, path: str) -> None:
    tab = open_tab(cssinjs)
    tab.goto(path)
    assert _style(tab, path) == PAGES[path][2]  # (before the click: a hovered MUI button is darker)
    tab.page.click("#increment")
    tab.page.wait_for_function("document.getElementById('increment').textContent === '1'")
    assert tab.problems() == []  # a hydration mismatch is a console error
