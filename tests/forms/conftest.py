"""Fixtures of the form tests: the demo app, with the pages in app/pages copied over it, built and served by a
real `bridge serve --workers 1` process with its SQLite database in a temp file; headless Chromium, with
JavaScript on and off.

The servers and the Tab that records what a page did come from the browser tests (tests/browser). Chromium is
found as there; without it (or Playwright) the tests are skipped, except under CI (CI=true), where they fail.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from browser.servers import DEMO_PAGES, BridgeServer, copy_app, http_get
from chromium import headless_chromium

from .library import Library

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

    from .support import OpenTab, Tab

HERE = Path(__file__).parent
APP_PAGES = HERE / "app" / "pages"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="package")
def library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    """The demo's database for this run (created and seeded by the server on first use)."""
    return Library(tmp_path_factory.mktemp("db") / "library.sqlite3")


@pytest.fixture(scope="package")
def server(tmp_path_factory: pytest.TempPathFactory, library: Library) -> Iterator[BridgeServer]:
    """The demo plus app/pages (a slow action), copied, built and served."""
    root = tmp_path_factory.mktemp("forms")
    pages = copy_app(DEMO_PAGES, root)
    shutil.copytree(APP_PAGES, pages, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__"))
    server = BridgeServer(pages, {"BRIDGE_DEMO_DB": str(library.path)})
    server.build()
    server.start()
    try:
        assert http_get(server.url + "/")[0] == 200  # creates and seeds the database
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    with headless_chromium() as browser:
        yield browser


@pytest.fixture(scope="package")
def contexts(browser: Browser) -> Iterator[dict[bool, BrowserContext]]:
    """Two browser contexts, JavaScript on (True) and off (False), shared by the tests: their HTTP caches keep
    the immutable JS, so page loads are quick. They share the CSRF cookie too, as tabs of one browser do."""
    made = {js: browser.new_context(java_script_enabled=js) for js in (True, False)}
    for context in made.values():
        context.set_default_timeout(5_000)
    yield made
    for context in made.values():
        context.close()


@pytest.fixture
def open_tab(contexts: dict[bool, BrowserContext]) -> Iterator[OpenTab]:
    """``open_tab(server, js=True)``: a tab (its own history and JS state) with JavaScript on or off."""
    from browser.support import Tab

    pages: list[Page] = []

    def open_(server: BridgeServer, *, js: bool = True) -> Tab:
        page = contexts[js].new_page()
        pages.append(page)
        return Tab(page, server.url)

    yield open_
    for page in pages:
        page.close()
