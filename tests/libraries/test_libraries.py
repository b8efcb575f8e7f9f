"""Real npm libraries on bridge, with both engines: the server HTML has the page's text, the page hydrates
in Chromium with no warning or error, and one interaction works."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest
from browser.servers import http_get

from .conftest import LibraryServer

if TYPE_CHECKING:
    from browser.support import Tab
    from playwright.sync_api import Browser


@dataclass(frozen=True)
class Case:
    path: str
    server_text: tuple[str, ...]
    """Text the server HTML contains."""
    after_click: str
    """Text the page shows once `[data-testid=act]` was clicked."""


CASES = [
    Case("/mui", ("Catalogue from Python", "Clicked <!-- -->2<!-- --> times", "material"), "Clicked 3 times"),
    Case("/styled", ("Styled from Python", ">off</button>"), "on"),
    Case("/markdown", ("<h1>Notes from Python</h1>", "<strong>bold</strong>", "<li>two</li>"), "Second document"),
    Case("/motion", ("In motion", "Show"), "Now you see me"),
    Case("/intl?locale=fr", ("1\u202f234\u202f567,891", "5 mars 2024", "2 articles dans le panier"), "3 articles"),
    Case("/intl?locale=en", ("1,234,567.891", "March 5, 2024", "2 items in the basket"), "3 items"),
    Case("/store", ("Released <!-- -->2024-03-05", "Count: <!-- -->0"), "Count: 1"),
]


@pytest.fixture
def tab(browser: Browser) -> Iterator[Tab]:
    from browser.support import Tab

    context = browser.new_context()
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield Tab(page, "")
    context.close()


@pytest.mark.parametrize("case", CASES, ids=[case.path for case in CASES])
def test_renders_hydrates_and_responds(server: LibraryServer, tab: Tab, case: Case) -> None:
    from browser.support import expect

    status, _headers, body = http_get(server.url + case.path)
    html = body.decode()
    assert status == 200, server.log()[-3000:]
    for text in case.server_text:
        assert text in html, f"{server.engine}: {text!r} not in the server HTML"

    tab.base = server.url
    assert tab.goto(case.path) == 200
    tab.page.get_by_test_id("act").click()
    expect(tab.page.locator("#__bridge")).to_contain_text(case.after_click)
    tab.settle()
    assert tab.problems() == [], f"{server.engine} {case.path}"


TEXTS = """() => Object.fromEntries(
  [...document.querySelectorAll("[data-testid]")].map((e) => [e.dataset.testid, e.textContent])
)"""
"""The text of each element with a data-testid, by that id."""


@pytest.mark.parametrize("locale", ["en", "fr"])
def test_intl_text_is_chromiums(server: LibraryServer, tab: Tab, locale: str) -> None:
    """Each Intl API and toLocale* method gives the server the text Chromium gives for the same call."""
    _status, _headers, body = http_get(f"{server.url}/intl?locale={locale}")
    tab.base = server.url
    tab.page.route("**/*", lambda route: route.abort())  # the server's HTML as it is, no script runs
    tab.page.set_content(body.decode())
    served = tab.page.evaluate(TEXTS)
    tab.page.unroute("**/*")
    tab.console.clear()  # (what Chromium said of the script-less copy)
    assert tab.goto(f"/intl?locale={locale}") == 200
    hydrated = tab.page.evaluate(TEXTS)
    assert served == hydrated, server.engine
    assert tab.problems() == []
    # and the same calls made by Chromium itself, not through the page's code
    expected = tab.page.evaluate(f"""() => {{
      const locale = {locale!r};
      return {{
        number: (1234567.891).toLocaleString(locale),
        date: new Date(Date.UTC(2024, 2, 5, 12)).toLocaleDateString(locale, {{ timeZone: "UTC" }}),
        dateTime: new Date(Date.UTC(2024, 2, 5, 12, 30)).toLocaleString(locale, {{ timeZone: "UTC" }}),
        plural: [0, 1, 2, 5].map((n) => new Intl.PluralRules(locale).select(n)).join(" "),
        list: new Intl.ListFormat(locale).format(["a", "b", "c"]),
      }};
    }}""")
    for name, text in expected.items():
        assert served[name] == text, f"{server.engine} {locale} {name}"


PLATFORM = {
    "queueMicrotask": "function",
    "setTimeout": "number false",
    "TextEncoder": "195,169,226,130,172,240,159,152,128",
    "TextDecoder": "é€😀",
    "atob": "bridge",
    "btoa": "YnJpZGdl",
    "structuredClone": "true true 0 v",
    "URL": "https://example.com/b?x=1#h",
    "URLSearchParams": "q=a+b&n=1",
    "AbortController": "true why heard",
    "performance": "number",
    "NODE_ENV": "production",
    "Object.hasOwn": "true",
    "Array.prototype.at": "3",
    "Array.prototype.findLast": "3",
    "Array.prototype.toSorted": "123",
    "String.prototype.replaceAll": "a+b+c",
    "Object.groupBy": '{"odd":[1,3],"even":[2]}',
    "Promise.withResolvers": "function",
}


def test_platform_globals(server: LibraryServer) -> None:
    """Every global of the platform layer, used during a render, gives the same result in both engines."""
    import html

    status, _headers, body = http_get(server.url + "/platform")
    assert status == 200, server.log()[-3000:]
    found = {
        name: html.unescape(value) for name, value in re.findall(r'data-check="([^"]+)">(.*?)</dd>', body.decode())
    }
    assert found == PLATFORM, server.engine


def test_a_page_that_fails_to_load_fails_alone(server: LibraryServer) -> None:
    """collate.jsx makes an Intl.Collator at load: under QuickJS that page answers 500 and says why in the
    log, and every other page keeps serving; V8 serves it."""
    status, _headers, body = http_get(server.url + "/collate")
    if server.engine == "quickjs":
        assert status == 500
        assert "Intl.Collator is not available under QuickJS" in server.log()
        assert 'engine="v8"' in server.log()
    else:
        assert (status, b"<p>a, b</p>" in body) == (200, True)
    for path in ("/", "/mui", "/store", "/collate"):
        assert http_get(server.url + path)[0] == (500 if path == "/collate" and server.engine == "quickjs" else 200)


def test_a_render_error_is_logged_at_its_line_in_the_page(server: LibraryServer) -> None:
    status, _body = server.get("/broken")  # (the server decodes the source map: a moment on a busy machine)
    assert status == 500
    assert "broken on purpose: the mapped stack test" in server.log()
    assert "(pages/broken.jsx:3:" in server.log()  # the throw (V8 points at `throw`, QuickJS into the message)
    assert "(pages/broken.jsx:7:" in server.log()  # the component that called it
    assert "(react-dom: node_modules/react-dom/" in server.log()


def test_a_client_only_component_loads_after_hydration(server: LibraryServer, tab: Tab) -> None:
    """bridge/dynamic with { ssr: false }: the server renders the fallback, its chunk is preloaded with the
    page's code, and the browser renders the component after hydration (its module reads `window` at load,
    so the server never evaluated it)."""
    from browser.support import expect

    status, _headers, body = http_get(server.url + "/client")
    html = body.decode()
    assert status == 200, server.log()[-3000:]
    assert '<p data-testid="loading">Loading…</p>' in html
    assert 'data-testid="viewport"' not in html
    assert re.search(r'<link rel="modulepreload" href="[^"]*/chunks/Viewport-[A-Z0-9]+\.js"', html)

    tab.base = server.url
    assert tab.goto("/client") == 200
    expect(tab.page.get_by_test_id("viewport")).to_have_text("Viewport: measured")
    expect(tab.page.get_by_test_id("loading")).to_have_count(0)
    assert tab.problems() == []
