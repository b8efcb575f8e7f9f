"""Headless Chromium for the suites that drive a browser (tests/browser, dev, forms, reliability).

Chromium is $BRIDGE_TEST_CHROMIUM, else /usr/bin/chromium, else `chromium` on PATH. Without it, or without
Playwright, those tests are skipped, except under CI (CI=true), where they fail: CI must run them.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
CI = os.environ.get("CI", "").lower() == "true"


def unavailable(reason: str) -> NoReturn:
    """Skips the test, or fails it under CI, where the browser tests must run."""
    if CI:
        pytest.fail(f"{reason} (CI=true: the browser tests may not be skipped)", pytrace=False)
    pytest.skip(reason)


def chromium_path() -> str | None:
    """The Chromium to run, or None when there is none."""
    configured = os.environ.get("BRIDGE_TEST_CHROMIUM")
    if configured:
        return configured if Path(configured).exists() else None
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    return shutil.which("chromium")


@contextmanager
def headless_chromium() -> Iterator[Browser]:
    """Chromium launched headless through Playwright, closed afterwards (or the test skipped/failed)."""
    path = chromium_path()
    if path is None:
        unavailable("Chromium not found: install it (apt-get install chromium) or set BRIDGE_TEST_CHROMIUM")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        unavailable(f"Playwright is not installed ({exc}): pip install -e '.[test]'")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()
