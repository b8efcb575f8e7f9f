"""Prefetching on hover: one request per link, used by the click, and at most 4 in flight."""

from __future__ import annotations

from .servers import BridgeServer
from .support import FIGURES, OpenTab, expect


def test_hovering_prefetches_once_and_the_click_uses_it(open_tab: OpenTab, app: BridgeServer) -> None:
    tab = open_tab(app)
    tab.goto("/")
    tab.set_marker()
    link = tab.page.get_by_test_id("plain-2")
    with tab.page.expect_response("**/plain/2.json"):
        link.hover()
    tab.page.locator("h1").hover()
    link.hover()  # again: deduplicated
    tab.page.wait_for_timeout(200)
    assert len(tab.data_requests("/plain/2.json")) == 1
    module = app.manifest()["pages"]["plain/[n]"]["file"]
    assert module in tab.static_requests(), "the prefetch did not load the page's module"

    link.click()
    expect(tab.page).to_have_title("Plain 2")
    assert tab.marker() == 1
    requests = len(tab.data_requests("/plain/2.json"))
    assert requests == 1, "the click fetched the data again"
    FIGURES.append(f"prefetch: hover, leave, hover again, click on one link -> {requests} data request")


def test_prefetches_are_capped(open_tab: OpenTab, app: BridgeServer) -> None:
    tab = open_tab(app)
    tab.goto("/many")
    centres = tab.page.evaluate(
        """() => [...document.querySelectorAll("[data-testid^=many-]")].map((a) => {
            const box = a.getBoundingClientRect();
            return [box.x + box.width / 2, box.y + box.height / 2];
        })"""
    )
    assert len(centres) == 20
    height = tab.page.evaluate("innerHeight")
    assert all(0 < y < height for _, y in centres), "every link must be on screen"
    started = tab.page.evaluate("performance.now()")
    for x, y in centres:  # every link's data takes 1.5 s to come: all 20 hovers happen while 4 are in flight
        tab.page.mouse.move(x, y)
    swept = tab.page.evaluate("performance.now()") - started
    tab.page.wait_for_timeout(300)
    issued = len(tab.data_requests("/slow.json"))
    assert 1 <= issued <= 4, f"{issued} prefetches for 20 hovers"
    FIGURES.append(f"prefetch cap: hovering 20 links in {swept:.0f} ms -> {issued} data requests (cap 4 in flight)")
