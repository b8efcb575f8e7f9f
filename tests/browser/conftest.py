"""Fixtures of the browser tests: one headless Chromium per run, one `bridge serve` process per app.

Chromium is /usr/bin/chromium (or $BRIDGE_TEST_CHROMIUM, or `chromium` on PATH). When it is missing the
tests are skipped, except under CI (CI=true), where they fail: CI must run them.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from chromium import headless_chromium

from .servers import DEMO_PAGES, FIXTURE_PAGES, BridgeServer, ExternalServer, MountedServer, copy_app

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

    from .support import Tab

    OpenTab = Callable[..., Tab]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.browser)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    support = sys.modules.get(f"{__package__}.support")  # loaded if browser tests ran
    if support is not None and support.FIGURES:
        terminalreporter.section("client runtime figures (measured, not asserted)")
        for line in support.FIGURES:
            terminalreporter.write_line(line)


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    """Headless Chromium, shared by all browser tests."""
    with headless_chromium() as browser:
        yield browser


@pytest.fixture(scope="package")
def external() -> Iterator[ExternalServer]:
    """Another origin (127.0.0.1, another port): a landing page for external links and redirects."""
    server = ExternalServer()
    server.start()
    yield server
    server.stop()


def _serve(source: Path, root: Path, env: dict[str, str]) -> Iterator[BridgeServer]:
    server = BridgeServer(copy_app(source, root), env)
    server.build()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="package")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BridgeServer]:
    """The demo app in pages/, copied, built and served, with its SQLite database in a temp folder."""
    root = tmp_path_factory.mktemp("demo")
    yield from _serve(DEMO_PAGES, root, {"BRIDGE_DEMO_DB": str(root / "library.sqlite3")})


@pytest.fixture(scope="package")
def app(tmp_path_factory: pytest.TempPathFactory, external: ExternalServer) -> Iterator[BridgeServer]:
    """The fixture app in tests/browser/app/pages: the edge cases."""
    yield from _serve(FIXTURE_PAGES, tmp_path_factory.mktemp("app"), {"BROWSER_TEST_EXTERNAL": external.url})


@pytest.fixture(scope="package")
def mounted_app(app: BridgeServer, external: ExternalServer) -> Iterator[BridgeServer]:
    """The fixture app (the same build) mounted at /app in a Starlette app, served by uvicorn."""
    server = MountedServer(app.pages, {"BROWSER_TEST_EXTERNAL": external.url})
    server.start()
    yield server
    server.stop()


@pytest.fixture
def fresh_app(tmp_path: Path, external: ExternalServer) -> Iterator[BridgeServer]:
    """A private copy of the fixture app, for a test that rebuilds and restarts it."""
    yield from _serve(FIXTURE_PAGES, tmp_path, {"BROWSER_TEST_EXTERNAL": external.url})


@pytest.fixture(scope="package")
def shared_context(browser: Browser) -> Iterator[BrowserContext]:
    """One browser context for most tests: its HTTP cache keeps the immutable JS, so page loads are quick."""
    context = browser.new_context()
    context.set_default_timeout(5_000)
    yield context
    context.close()


@pytest.fixture
def open_tab(browser: Browser, shared_context: BrowserContext) -> Iterator[OpenTab]:
    """Opens a tab (its own history and JS state) on a server's origin; ``isolated=True`` gives it a browser
    context of its own too (empty cache, no cookies)."""
    from .support import Tab

    pages: list[Page] = []
    contexts: list[BrowserContext] = []

    def open_(server: BridgeServer, *, isolated: bool = False) -> Tab:
        context = shared_context
        if isolated:
            context = browser.new_context()
            context.set_default_timeout(5_000)
            contexts.append(context)
        page = context.new_page()
        pages.append(page)
        return Tab(page, server.url)

    yield open_
    for page in pages:
        page.close()
    for context in contexts:
        context.close()
