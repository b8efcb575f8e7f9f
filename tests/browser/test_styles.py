"""Stylesheets in Chromium: global CSS, CSS Modules and imported files, styled on the first paint (before any
script runs), through client navigations (no frame of a page without its CSS) and back."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import pytest

from .servers import HERE, BridgeServer, copy_app, http_get
from .support import OpenTab, Route, Tab

STYLES_PAGES = HERE / "styles_app" / "pages"

# Records, for every animation frame, the path and the computed styles of what the tests look at.
_RECORD_FRAMES = """() => {
  window.__frames = [];
  const style = (selector, property) => {
    const element = document.querySelector(selector);
    return element ? getComputedStyle(element)[property] : null;
  };
  const record = () => {
    window.__frames.push({
      path: location.pathname,
      card: style("[data-testid=card]", "borderTopColor"),
      sheet: style(".sheet-title", "letterSpacing"),
      border: getComputedStyle(document.body).borderTopWidth,
      body: getComputedStyle(document.body).color,
    });
    requestAnimationFrame(record);
  };
  requestAnimationFrame(record);
}"""

RED = "rgb(200, 0, 0)"
INK = "rgb(10, 20, 30)"


@pytest.fixture(scope="module")
def styled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BridgeServer]:
    server = BridgeServer(copy_app(STYLES_PAGES, tmp_path_factory.mktemp("styles")))
    server.build()
    server.start()
    yield server
    server.stop()


def _style(tab: Tab, selector: str, property: str) -> str:
    value: str = tab.page.evaluate(f"getComputedStyle(document.querySelector({selector!r}))[{property!r}]")
    return value


def _no_scripts(route: Route) -> None:
    route.abort()


def _slow_stylesheet(route: Route) -> None:
    time.sleep(0.3)  # the stylesheet arrives well after the page's module and data
    route.continue_()


def test_the_first_paint_is_styled_before_any_script_runs(styled: BridgeServer, open_tab: OpenTab) -> None:
    tab = open_tab(styled, isolated=True)
    tab.page.route("**/*.js", _no_scripts)  # what the browser paints from the server's HTML and CSS alone
    tab.page.goto(tab.url("/card"))
    tab.page.wait_for_load_state("load")
    assert _style(tab, "body", "color") == INK  # global.css, from _app
    assert _style(tab, "body", "marginTop") == "0px"  # reset.css, @import-ed by global.css
    assert _style(tab, "[data-testid=card]", "borderTopColor") == RED  # card.module.css
    assert _style(tab, "[data-testid=card] h2", "color") == RED
    dot = _style(tab, "#dot", "backgroundImage")
    assert "/_bridge/static/" in dot and "dot-" in dot  # url() in CSS: a hashed file
    logo = tab.page.evaluate("document.querySelector('[data-testid=card] img').naturalWidth")
    assert logo == 1  # import logo from "./logo.png": the hashed URL, served
    assert tab.page.evaluate("typeof window.__bridge?.navigate") == "undefined", "no script ran"


def test_each_page_links_exactly_its_stylesheets(styled: BridgeServer) -> None:
    manifest = styled.manifest()
    app_css, card_css = manifest["pages"]["_app"]["css"], manifest["pages"]["card"]["css"]
    assert len(app_css) == 1 and len(card_css) == 1 and manifest["pages"]["sheet"]["css"] != card_css
    _, _, body = http_get(styled.url + "/card")
    head = body.decode().split("</head>")[0]
    links = [part.split('"')[1] for part in head.split('<link rel="stylesheet" href=')[1:]]
    assert links == [f"/_bridge/static/{file}" for file in (*app_css, *card_css)]
    status, headers, css = http_get(styled.url + links[1])
    assert status == 200 and headers["content-type"].startswith("text/css")
    assert headers["cache-control"] == "public, max-age=31536000, immutable"
    assert b"border:2px solid" in css and b".card{" not in css  # scoped class names only


def test_module_class_names_are_the_same_on_server_and_client(styled: BridgeServer, open_tab: OpenTab) -> None:
    tab = open_tab(styled)
    tab.goto("/card")
    server_html = http_get(styled.url + "/card")[2].decode()
    client_class = tab.page.evaluate("document.querySelector('[data-testid=card]').className")
    assert f'class="{client_class}"' in server_html
    assert client_class.startswith("card_") and client_class != "card"
    # the two modules' .title classes are scoped apart
    tab.page.click("text=Home")
    tab.page.wait_for_url("**/")
    assert _style(tab, "h1", "color") == "rgb(0, 120, 0)"
    assert tab.problems() == []


def test_client_navigation_applies_the_next_pages_css_before_it_shows(styled: BridgeServer, open_tab: OpenTab) -> None:
    tab = open_tab(styled, isolated=True)  # an empty cache: the stylesheets load during the navigation
    tab.goto("/")
    tab.set_marker()
    tab.page.route("**/*.css", _slow_stylesheet)
    tab.page.evaluate(_RECORD_FRAMES)
    tab.page.click("text=Card")
    tab.page.wait_for_selector("[data-testid=card]")
    tab.page.click("nav >> text=Sheet")
    tab.page.wait_for_selector(".sheet-title")
    tab.settle()
    assert _style(tab, "body", "borderTopWidth") == "5px"  # sheet.css applies on /sheet
    tab.page.go_back()
    tab.page.wait_for_selector("[data-testid=card]")
    tab.settle()
    assert tab.marker() == 1, "client-side navigations, no full load"
    frames = tab.page.evaluate("window.__frames")
    shown = [frame for frame in frames if frame["card"] is not None]
    assert shown, "the card page was on screen"
    assert {frame["card"] for frame in shown} == {RED}, "a frame showed the card without its CSS"
    assert {frame["sheet"] for frame in frames if frame["sheet"] is not None} == {"3px"}
    assert {frame["body"] for frame in frames} == {INK}, "the global CSS stayed applied"
    # back on /card: sheet.css is switched off again, in the first frame already
    assert {frame["border"] for frame in shown} == {"0px"}
    assert _style(tab, "body", "borderTopWidth") == "0px"
    assert tab.problems() == []


def test_imported_and_url_files_get_hashed_names(styled: BridgeServer) -> None:
    files = styled.manifest()["static_files"]
    assert sorted(re.sub(r"-[A-Z0-9]{8}\.", "-<hash>.", file) for file in files) == [
        "assets/dot-<hash>.png",
        "assets/logo-<hash>.png",
    ]
    for file in files:
        assert (styled.build_dir / "static" / file).is_file()
