"""Fixtures of the `bridge dev` tests: one headless Chromium for all of them, one `bridge dev` process per test
module, serving a fresh copy of tests/dev/app (the tests edit its files while it runs).

Chromium is /usr/bin/chromium (or $BRIDGE_TEST_CHROMIUM, or `chromium` on PATH). When it is missing the
tests are skipped, except under CI (CI=true), where they fail.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser

    from .support import DevProcess, Tab

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _unavailable(reason: str) -> NoReturn:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: the dev server tests may not be skipped)", pytrace=False)
    pytest.skip(reason)


def _chromium_path() -> str | None:
    configured = os.environ.get("BRIDGE_TEST_CHROMIUM")
    if configured:
        return configured if Path(configured).exists() else None
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    return shutil.which("chromium")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    """Headless Chromium, shared by the dev server tests."""
    path = _chromium_path()
    if path is None:
        _unavailable("Chromium not found: install it (apt-get install chromium) or set BRIDGE_TEST_CHROMIUM")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        _unavailable(f"Playwright is not installed ({exc}): pip install -e '.[test]'")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def dev(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DevProcess]:
    """`bridge dev` serving a copy of tests/dev/app, for the whole test module."""
    from .support import DevProcess, copy_app

    server = DevProcess(copy_app(tmp_path_factory.mktemp("dev")))
    server.start()
    try:
        yield server
    finally:
        server.stop()


OpenTab = Callable[[str], "Tab"]


@pytest.fixture
def open_tab(browser: Browser, dev: DevProcess) -> Iterator[OpenTab]:
    """Opens a page of the dev server in a fresh browser context; closes them all after the test."""
    from .support import Tab

    contexts = []

    def open_(path: str) -> Tab:
        context = browser.new_context()
        contexts.append(context)
        tab = Tab(context.new_page(), dev.url)
        tab.open(path)
        return tab

    yield open_
    for context in contexts:
        for page in context.pages:  # not while a page reloads: that can hang Chromium (playwright#42068)
            page.wait_for_load_state()
        context.close()
