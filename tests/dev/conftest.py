"""Fixtures of the `bridge dev` tests: one headless Chromium for all of them, one `bridge dev` process per test
module, serving a fresh copy of tests/dev/app (the tests edit its files while it runs).

Chromium is /usr/bin/chromium (or $BRIDGE_TEST_CHROMIUM, or `chromium` on PATH). When it is missing the
tests are skipped, except under CI (CI=true), where they fail.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from chromium import headless_chromium

if TYPE_CHECKING:
    from playwright.sync_api import Browser

    from .support import DevProcess, Tab


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    """Headless Chromium, shared by the dev server tests."""
    with headless_chromium() as browser:
        yield browser


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
