"""What the browser tests share: a Tab that records what its page did, and the figures for the final report.

Importing this module needs Playwright: without it the importing test module is skipped (an error under CI).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest

try:
    from playwright.sync_api import ConsoleMessage, Dialog, Page, Request, Response, Route, expect
except ImportError as exc:  # pragma: no cover - depends on the environment
    if os.environ.get("CI", "").lower() == "true":
        raise
    pytest.skip(f"Playwright is not installed ({exc}): pip install -e '.[test]'", allow_module_level=True)

__all__ = ["FIGURES", "OpenTab", "Page", "Route", "Tab", "data_for", "expect", "page_url"]

FIGURES: list[str] = []
"""Measurements the tests report (printed in pytest's terminal summary, never asserted)."""

_DATA_PARAM = re.compile(r"[?&]_bridge_data=[^&#]*$")
"""The runtime's mark of a data request: the build id in a reserved parameter, last in the query."""


def page_url(url: str) -> str | None:
    """The page URL (path and query, mount path included) that a data request's ``url`` asks about; None
    for URLs that are no data request."""
    parts = urlsplit(url)
    page, found = _DATA_PARAM.subn("", parts.path + (f"?{parts.query}" if parts.query else ""))
    return page if found else None


def data_for(page: str | None = None) -> Callable[[Request | Response], bool]:
    """For ``expect_request``/``expect_response``: a data request for the page URL ``page`` (any page when None)."""
    return lambda message: (found := page_url(message.url)) is not None and page in (None, found)


# True once React has hydrated (or client-rendered) the whole tree: hydration claims every DOM node in one
# render, so the last element having a fiber means the render, and its commit in the same task, are done.
_HYDRATED = """() => {
  const all = document.getElementById("__bridge")?.getElementsByTagName("*") ?? [];
  const last = all[all.length - 1];
  return !!last && Object.keys(last).some((key) => key.startsWith("__reactFiber$"));
}"""
_SETTLE = "() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)))"


@dataclass(repr=False)
class Tab:
    """A browser tab (a Playwright page) and what it logged, requested and showed."""

    page: Page
    base: str
    console: list[ConsoleMessage] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    requests: list[Request] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    responses: list[tuple[str, int]] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.page.on("console", lambda message: self.console.append(message))
        self.page.on("pageerror", lambda error: self.page_errors.append(f"{error.name}: {error.message}"))
        self.page.on("request", lambda request: self.requests.append(request))
        self.page.on("requestfailed", lambda request: self.failed.append((request.url, request.failure or "")))
        self.page.on("response", lambda response: self.responses.append((response.url, response.status)))
        self.page.on("dialog", self._dialog)

    def _dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def url(self, path: str) -> str:
        return self.base + path

    @property
    def path(self) -> str:
        """The current URL without the origin: path, query and fragment."""
        parts = urlsplit(self.page.url)
        return (
            parts.path + (f"?{parts.query}" if parts.query else "") + (f"#{parts.fragment}" if parts.fragment else "")
        )

    def goto(self, path: str) -> int:
        """A full page load of ``path``; waits for hydration; returns the HTTP status."""
        response = self.page.goto(self.url(path))
        assert response is not None
        self.wait_hydrated()
        return response.status

    def wait_hydrated(self) -> None:
        self.page.wait_for_function(_HYDRATED)
        self.page.evaluate(_SETTLE)

    def settle(self) -> None:
        """Lets pending tasks run: a frame and a macrotask."""
        self.page.evaluate(_SETTLE)

    def set_marker(self) -> None:
        """Marks the document; a full page load loses the mark, a client-side navigation keeps it."""
        self.page.evaluate("window.__marker = 1")

    def marker(self) -> object:
        return self.page.evaluate("window.__marker")

    def data_requests(self, contains: str = "", *, path: str | None = None) -> list[str]:
        """URLs of the data requests so far; only those whose page URL (path and query) contains ``contains``,
        and whose page path is ``path`` when given."""
        pages = [(r.url, page_url(r.url)) for r in self.requests]
        return [
            url for url, page in pages if page is not None and contains in page and path in (None, urlsplit(page).path)
        ]

    def static_requests(self) -> list[str]:
        """Paths under /_bridge/static/ requested so far, without that prefix."""
        prefix = self.base + "/_bridge/static/"
        return [r.url[len(prefix) :] for r in self.requests if r.url.startswith(prefix)]

    def problems(self, allowed_failures: tuple[str, ...] = ()) -> list[str]:
        """Console errors and warnings and uncaught errors, except failed loads of ``allowed_failures`` URLs
        (and of /favicon.ico: bridge apps have no favicon, so Chromium's request for one gets the 404 page)."""
        allowed = {*allowed_failures, self.url("/favicon.ico")}
        found = [f"pageerror {error}" for error in self.page_errors]
        for message in self.console:
            if message.type not in ("error", "warning"):
                continue
            where = message.location.get("url", "")
            if message.text.startswith("Failed to load resource") and where in allowed:
                continue
            found.append(f"console.{message.type} {message.text} (at {where})")
        return found

    def scroll_y(self) -> float:
        value: float = self.page.evaluate("scrollY")
        return value

    def history_length(self) -> int:
        value: int = self.page.evaluate("history.length")
        return value


OpenTab = Callable[..., Tab]
"""The ``open_tab`` fixture: ``open_tab(server, isolated=False) -> Tab``."""
