"""How long a client-side navigation takes against a full page load, on the demo. Printed, never asserted:
the figures depend on the machine."""

from __future__ import annotations

import statistics

from .servers import BridgeServer
from .support import FIGURES, OpenTab, Page, data_for

RUNS = 10

# Every document notes when React has hydrated it (polled; about 4 ms resolution).
HYDRATION_PROBE = """
(function poll() {
  const all = document.getElementById("__bridge")?.getElementsByTagName("*");
  const last = all && all[all.length - 1];
  if (last && Object.keys(last).some((key) => key.startsWith("__reactFiber$"))) {
    window.__hydratedAt = performance.now();
  } else {
    setTimeout(poll, 1);
  }
})();
"""

# Clicks a link (element.click(): no hover, so no prefetch) and resolves with the milliseconds until the
# document shows `title`; the title and the page content change in the same React commit.
CLICK_UNTIL_TITLE = """([selector, index, title]) => new Promise((resolve) => {
  const started = performance.now();
  const observer = new MutationObserver(() => {
    if (document.title === title) {
      observer.disconnect();
      resolve(performance.now() - started);
    }
  });
  observer.observe(document, { subtree: true, childList: true, characterData: true });
  document.querySelectorAll(selector)[index].click();
})"""

BACK_UNTIL_TITLE = """(title) => new Promise((resolve) => {
  const started = performance.now();
  const observer = new MutationObserver(() => {
    if (document.title === title) {
      observer.disconnect();
      resolve(performance.now() - started);
    }
  });
  observer.observe(document, { subtree: true, childList: true, characterData: true });
  history.back();
})"""

BOOK_LINKS = ".book-row h2 a"


def median(values: list[float]) -> str:
    return f"median {statistics.median(values):.0f} ms (min {min(values):.0f}, max {max(values):.0f}, n={len(values)})"


def full_load(page: Page, url: str) -> tuple[float, float]:
    """Loads ``url``; returns milliseconds from navigation start to the load event and to hydration."""
    page.goto(url)
    page.wait_for_function("window.__hydratedAt !== undefined")
    load: float = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
    hydrated: float = page.evaluate("window.__hydratedAt")
    return load, hydrated


def test_client_navigation_against_full_page_load(open_tab: OpenTab, demo: BridgeServer) -> None:
    tab = open_tab(demo)
    page = tab.page
    page.add_init_script(HYDRATION_PROBE)
    tab.goto("/")
    titles = page.locator(BOOK_LINKS).all_inner_texts()
    assert len(titles) >= RUNS
    tab.set_marker()

    clicks, backs, prefetched = [], [], []
    for i in range(RUNS):
        clicks.append(page.evaluate(CLICK_UNTIL_TITLE, [BOOK_LINKS, i, f"Book: {titles[i]}"]))
        backs.append(page.evaluate(BACK_UNTIL_TITLE, "Catalogue"))
    for i in range(RUNS):  # again, hovering first: the data and code are there before the click
        link = page.locator(BOOK_LINKS).nth(i)
        with page.expect_response(data_for()):
            link.hover()
        page.wait_for_timeout(50)  # the page module's import() settles
        prefetched.append(page.evaluate(CLICK_UNTIL_TITLE, [BOOK_LINKS, i, f"Book: {titles[i]}"]))
        page.evaluate(BACK_UNTIL_TITLE, "Catalogue")
    assert tab.marker() == 1, "a navigation reloaded the page"

    hrefs = page.locator(BOOK_LINKS).evaluate_all("links => links.map((a) => a.href)")
    loads, hydrations = [], []
    for href in hrefs[:RUNS]:
        load, hydrated = full_load(page, href)
        loads.append(load)
        hydrations.append(hydrated)
    assert tab.problems() == []

    FIGURES.extend(
        [
            f"client navigation, click -> new page shown (fetch + render): {median(clicks)}",
            f"client navigation after a hover prefetch: {median(prefetched)}",
            f"back button (data kept in memory): {median(backs)}",
            f"full page load, navigation start -> load event: {median(loads)}",
            f"full page load, navigation start -> hydrated: {median(hydrations)}",
            "(same browser context for all: JS modules come from the HTTP cache on full loads)",
        ]
    )
