"""Prefetching: on hover, data and code, one request per link, used by the click, at most 4 in flight, marked
as a prefetch, and code only for a page that opts out; in view, code only; never with prefetch={false}."""

from __future__ import annotations

from .servers import BridgeServer
from .support import FIGURES, OpenTab, Tab, data_for, expect


def test_hovering_prefetches_once_and_the_click_uses_it(open_tab: OpenTab, app: BridgeServer) -> None:
    tab = open_tab(app)
    tab.goto("/")
    tab.set_marker()
    link = tab.page.get_by_test_id("plain-2")
    with tab.page.expect_response(data_for("/plain/2")):
        link.hover()
    tab.page.locator("h1").hover()
    link.hover()  # again: deduplicated
    tab.page.wait_for_timeout(200)
    assert len(tab.data_requests(path="/plain/2")) == 1
    module = app.manifest()["pages"]["plain/[n]"]["file"]
    assert module in tab.static_requests(), "the prefetch did not load the page's module"

    link.click()
    expect(tab.page).to_have_title("Plain 2")
    assert tab.marker() == 1
    requests = len(tab.data_requests(path="/plain/2"))
    assert requests == 1, "the click fetched the data again"
    FIGURES.append(f"prefetch: hover, leave, hover again, click on one link -> {requests} data request")


def test_prefetches_are_capped(open_tab: OpenTab, app: BridgeServer) -> None:
    tab = open_tab(app)
    tab.goto("/many")
    tab.page.wait_for_load_state("networkidle")  # the code prefetches of the links in view are done
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
    issued = len(tab.data_requests(path="/slow"))
    assert 1 <= issued <= 4, f"{issued} prefetches for 20 hovers"
    FIGURES.append(f"prefetch cap: hovering 20 links in {swept:.0f} ms -> {issued} data requests (cap 4 in flight)")


def test_hover_prefetches_say_they_are_prefetches(open_tab: OpenTab, app: BridgeServer) -> None:
    tab = open_tab(app)
    tab.goto("/")
    with tab.page.expect_request(data_for("/plain/2")) as prefetch:
        tab.page.get_by_test_id("plain-2").hover()
    # fetch() may not set Sec-Purpose (browsers keep Sec- headers for themselves): the runtime sends Purpose
    assert prefetch.value.headers.get("purpose") == "prefetch"


def code_requests(tab: Tab, path: str) -> list[str]:
    return [r.url for r in tab.requests if "/_bridge/code/" in r.url and r.url.endswith(path)]


def test_links_scrolled_into_view_prefetch_their_code_only(open_tab: OpenTab, app: BridgeServer) -> None:
    tab = open_tab(app, isolated=True)  # an empty cache: every module request shows
    tab.goto("/fidelity")
    tab.set_marker()
    tab.page.wait_for_timeout(300)
    far_module = app.manifest()["pages"]["far"]["file"]
    assert code_requests(tab, "/far.json") == [], "the link is below the fold"
    assert far_module not in tab.static_requests()

    with tab.page.expect_response("**/_bridge/code/**/far.json") as code:
        tab.page.get_by_test_id("far").scroll_into_view_if_needed()
    assert code.value.status == 200
    assert code.value.request.headers.get("purpose") == "prefetch"
    tab.page.wait_for_function(
        "name => performance.getEntriesByType('resource').some((entry) => entry.name.includes(name))", arg=far_module
    )
    tab.page.get_by_test_id("no-prefetch").scroll_into_view_if_needed()
    tab.page.wait_for_timeout(500)
    assert code_requests(tab, "/plain/43.json") == [], "prefetch={false}: not even the code"
    assert tab.data_requests(path="/far") == [], "in view, a page's props never run"

    tab.page.get_by_test_id("far").click()  # the click then fetches the data, the code is there
    expect(tab.page).to_have_title("Far")
    assert len(tab.data_requests(path="/far")) == 1
    assert tab.static_requests().count(far_module) == 1
    assert tab.marker() == 1


def test_a_hover_does_not_consume_a_one_time_message(open_tab: OpenTab, app: BridgeServer) -> None:
    tab = open_tab(app, isolated=True)  # its own cookies
    tab.page.context.add_cookies([{"name": "flash", "value": "Saved", "url": tab.base}])
    tab.goto("/fidelity")
    tab.set_marker()
    link = tab.page.get_by_test_id("flash")
    with tab.page.expect_response(data_for("/flash")) as prefetch:
        link.hover()
    assert "props" not in prefetch.value.json(), "flash.py says prefetch = False: its props must not run"
    flash_module = app.manifest()["pages"]["flash"]["file"]
    tab.page.wait_for_function(
        "name => performance.getEntriesByType('resource').some((entry) => entry.name.includes(name))", arg=flash_module
    )
    assert [c["value"] for c in tab.page.context.cookies() if c["name"] == "flash"] == ["Saved"]

    link.click()
    expect(tab.page.get_by_role("status")).to_have_text("Saved")
    assert len(tab.data_requests(path="/flash")) == 2, "the click fetched the props the prefetch did not run"
    assert [c for c in tab.page.context.cookies() if c["name"] == "flash"] == [], "the visit consumed it"
    assert tab.marker() == 1
