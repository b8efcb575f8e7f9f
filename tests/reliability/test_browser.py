"""Browser security in headless Chromium against real server processes.

- Hostile props stay text on a first load and after client-side navigation, with no dialog: what
  tests/browser/test_xss.py does not cover already, i.e. ``javascript:`` (and ``data:``) URLs in links, plain
  ``<a>`` and bridge's ``<Link>``, clicked; a single-quote and an upper-case ``</SCRIPT >`` breakout.
- A strict Content-Security-Policy (no 'unsafe-inline', no 'unsafe-eval'): with ``script-src 'self'`` and
  with a nonce policy (``'nonce-{nonce}' 'strict-dynamic'``) the app hydrates and navigates with no CSP
  violation. `bridge serve` has no option for a CSP, so these servers are tests/reliability/cspapp.py under
  uvicorn, with the same build.

Chromium is /usr/bin/chromium (or $BRIDGE_TEST_CHROMIUM); without it or Playwright the tests are skipped,
except under CI (CI=true), where they fail.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from chromium import headless_chromium

from .conftest import App
from .support import CI, Server, bridge_serve, free_port

try:
    from playwright.sync_api import Browser, ConsoleMessage, Dialog, Page, expect
except ImportError as exc:  # pragma: no cover - depends on the environment
    if CI:
        raise
    pytest.skip(f"Playwright is not installed ({exc})", allow_module_level=True)

pytestmark = pytest.mark.browser

STRICT = "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'"
NONCE = "script-src 'nonce-{nonce}' 'strict-dynamic'; object-src 'none'; base-uri 'none'"

# the props of tests/reliability/app/pages/xss.py
PAYLOADS = {
    "script": "</script><script>alert(1)</script>",
    "comment": "<!--<script>alert(2)//",
    "separators": "a\u2028b\u2029c</script>",
    "attribute": '"><img src=x onerror=alert(3)>',
    "single": "'><svg onload=alert(4)>",
    "flag": "</SCRIPT ><img src=x onerror=window.__xss=1>",
    "javascript": "javascript:alert(5)",
}
HREFS = [
    "javascript:alert(6)",
    " JavaScript:alert(7)",
    "java\tscript:alert(8)",
    "data:text/html,<script>alert(9)</script>",
]

# records what a page under a CSP reports as violated (installed before any of the page's scripts run)
WATCH_CSP = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) =>
  window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`));
"""
HYDRATED = """() => {
  const all = document.getElementById("__bridge")?.getElementsByTagName("*") ?? [];
  const last = all[all.length - 1];
  return !!last && Object.keys(last).some((key) => key.startsWith("__reactFiber$"));
}"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with headless_chromium() as browser:
        yield browser


@pytest.fixture(scope="module")
def served(app: App, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`bridge serve` with the fixture app."""
    server = bridge_serve(app.pages, tmp_path_factory.mktemp("serve"), "--workers", "1").start()
    yield server
    server.stop()


def csp_server(app: App, log_dir: Path, policy: str) -> Server:
    port = free_port()
    here = Path(__file__).parent
    command = [sys.executable, "-m", "uvicorn", "--app-dir", str(here), "--port", str(port), "--no-access-log"]
    env = {"RELIABILITY_PAGES": str(app.pages), "RELIABILITY_CSP": policy}
    return Server([*command, "cspapp:app"], log_dir / f"csp-{port}.log", port, env)


@pytest.fixture(scope="module", params=[STRICT, NONCE], ids=["self", "nonce"])
def csp(app: App, tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Iterator[Server]:
    server = csp_server(app, tmp_path_factory.mktemp("csp"), request.param).start()
    yield server
    server.stop()


@dataclass
class Tab:
    page: Page
    base: str
    console: list[ConsoleMessage] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.page.on("console", lambda message: self.console.append(message))
        self.page.on("pageerror", lambda error: self.errors.append(f"{error.name}: {error.message}"))
        self.page.on("dialog", self._dialog)
        self.page.add_init_script(WATCH_CSP)

    def _dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def goto(self, path: str) -> None:
        response = self.page.goto(self.base + path)
        assert response is not None and response.status == 200
        self.page.wait_for_function(HYDRATED)

    def violations(self) -> list[str]:
        found: list[str] = self.page.evaluate("window.__violations")
        return found + [m.text for m in self.console if "Content Security Policy" in m.text or "Refused to" in m.text]

    def problems(self) -> list[str]:
        favicon = self.base + "/favicon.ico"
        console = [
            f"console.{m.type} {m.text}"
            for m in self.console
            if m.type in ("error", "warning") and m.location.get("url") != favicon
        ]
        return console + self.errors


OpenTab = Callable[[Server], Tab]


@pytest.fixture
def open_tab(browser: Browser) -> Iterator[OpenTab]:
    contexts: list[Any] = []

    def open_(server: Server) -> Tab:
        context = browser.new_context()
        context.set_default_timeout(5_000)
        contexts.append(context)
        return Tab(context.new_page(), server.url)

    yield open_
    for context in contexts:
        context.close()


def assert_text_only(tab: Tab) -> None:
    page = tab.page
    expect(page.locator("h1#xss")).to_have_text("Hostile props")
    for key, value in PAYLOADS.items():
        element = page.get_by_test_id(key)
        assert element.text_content() == value, key
        assert element.get_attribute("title") == value, key
    assert page.title() == f"XSS {PAYLOADS['script']}"
    for i, href in enumerate(HREFS):
        for kind in ("a", "link"):
            link = page.get_by_test_id(f"{kind}-{i}")
            assert link.text_content() in (f"plain link {i}", f"Link {i}")
            actual = link.get_attribute("href") or ""
            if href.lower().replace("\t", "").strip().startswith("javascript:"):
                assert "alert" not in actual, (kind, href, actual)  # React replaced the javascript: URL
    page.wait_for_timeout(100)  # would-be onerror/onload handlers have run by now
    assert page.evaluate("document.querySelectorAll('img, svg').length") == 0
    assert page.evaluate("window.__xss") is None
    assert page.evaluate("[...document.scripts].filter((s) => !s.src && s.type !== 'application/json').length") == 0
    assert tab.dialogs == []


def click_every_link(tab: Tab, path: str) -> None:
    for i in range(len(HREFS)):
        for kind in ("a", "link"):
            tab.goto(path)
            tab.page.get_by_test_id(f"{kind}-{i}").click()
            tab.page.wait_for_timeout(150)
            assert tab.dialogs == [], (kind, HREFS[i])
            assert tab.page.evaluate("window.__xss") is None


def test_hostile_props_and_links_on_first_load(open_tab: OpenTab, served: Server) -> None:
    tab = open_tab(served)
    tab.goto("/xss")
    assert_text_only(tab)
    props = tab.page.evaluate("JSON.parse(document.getElementById('__BRIDGE_DATA__').textContent).props")
    assert props == {"payloads": PAYLOADS, "hrefs": HREFS}
    click_every_link(tab, "/xss")
    assert tab.dialogs == []


def test_hostile_props_and_links_after_client_navigation(open_tab: OpenTab, served: Server) -> None:
    tab = open_tab(served)
    tab.goto("/about")
    tab.page.evaluate("window.__marker = 1")
    tab.page.get_by_test_id("nav-xss").click()
    expect(tab.page).to_have_url(served.url + "/xss")
    assert tab.page.evaluate("window.__marker") == 1  # a client-side navigation, with props from the data route
    assert_text_only(tab)
    for i in range(len(HREFS)):
        tab.page.get_by_test_id(f"link-{i}").click()
        tab.page.wait_for_timeout(150)
    assert tab.dialogs == []
    assert tab.page.evaluate("window.__xss") is None


def test_hydrates_and_navigates_under_a_strict_csp(open_tab: OpenTab, csp: Server) -> None:
    tab = open_tab(csp)
    tab.goto("/")
    policy = tab.page.evaluate("fetch(location.href).then((r) => r.headers.get('content-security-policy'))")
    assert "unsafe" not in policy and ("'self'" in policy or "'nonce-" in policy)
    if "'nonce-" in policy:
        nonce = policy.split("'nonce-")[1].split("'")[0]
        scripts = tab.page.evaluate("[...document.querySelectorAll('script[src], link[rel=modulepreload]')].length")
        assert scripts > 0
        # the nonce of this document (each response has a fresh one): on every script and preload
        assert tab.page.evaluate("[...document.querySelectorAll('script[src]')].every((s) => s.nonce)")
        assert nonce  # (the fetch above got a nonce of its own)
    button = tab.page.get_by_test_id("clicker")
    button.click()
    expect(button).to_have_text("clicked 1")  # hydrated: React handles the click
    tab.page.evaluate("window.__marker = 1")
    for name, path, heading in [
        ("nav-about", "/about", "h1#about"),
        ("nav-xss", "/xss", "h1#xss"),
        ("nav-list", "/list?n=3", "h1#list"),
        ("nav-home", "/", "h1#home"),
    ]:
        tab.page.get_by_test_id(name).click()
        expect(tab.page).to_have_url(csp.url + path)
        expect(tab.page.locator(heading)).to_be_visible()
    assert tab.page.evaluate("window.__marker") == 1  # every navigation was client-side
    tab.page.go_back()
    expect(tab.page).to_have_url(csp.url + "/list?n=3")
    assert tab.violations() == []
    assert tab.problems() == []
    assert tab.dialogs == []
