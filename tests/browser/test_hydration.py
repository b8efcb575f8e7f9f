"""First loads: every demo page hydrates without a console error, warning or hydration mismatch."""

from __future__ import annotations

import pytest

from .servers import BridgeServer
from .support import OpenTab

DEMO_PAGES = [
    ("/", 200, "Catalogue"),
    ("/?q=twain", 200, "“twain” · Catalogue"),
    ("/?page=2", 200, "Catalogue · page 2"),
    ("/books/1", 200, "Book: "),
    ("/tags/fiction", 200, "Tagged: fiction"),
    ("/tags/fiction/classic", 200, "Tagged: fiction + classic"),
    ("/about", 200, "About this demo"),
    ("/no/such/page", 404, "Not found"),
]


@pytest.mark.parametrize(("path", "status", "title"), DEMO_PAGES)
def test_demo_page_hydrates_cleanly(open_tab: OpenTab, demo: BridgeServer, path: str, status: int, title: str) -> None:
    tab = open_tab(demo)
    assert tab.goto(path) == status
    assert tab.page.title().startswith(title)
    # an error page's own document "fails to load" in Chromium's eyes (status 404); nothing else may
    allowed = (tab.url(path),) if status != 200 else ()
    assert tab.problems(allowed) == []


def test_the_console_check_catches_a_hydration_mismatch(open_tab: OpenTab, app: BridgeServer) -> None:
    # /mismatch renders other text in the browser than on the server: proof that the check above can fail
    tab = open_tab(app)
    tab.goto("/mismatch")
    problems = tab.problems()
    assert problems, "a hydration mismatch went unnoticed"
    assert any("418" in p or "ydrat" in p for p in problems), problems
