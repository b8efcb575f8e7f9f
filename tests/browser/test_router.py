"""useRouter(): push, replace, back and reload; isNavigating; a newer navigation cancels an older one."""

from __future__ import annotations

from .servers import BridgeServer
from .support import OpenTab, Tab, data_for, expect, page_url


def open_router(open_tab: OpenTab, app: BridgeServer) -> Tab:
    """/ then, client-side, /router: history is [/, /router]."""
    tab = open_tab(app)
    tab.goto("/")
    tab.set_marker()
    tab.page.get_by_test_id("router").click()
    expect(tab.page).to_have_title("Router")
    return tab


def test_push_adds_a_history_entry(open_tab: OpenTab, app: BridgeServer) -> None:
    tab = open_router(open_tab, app)
    length = tab.history_length()
    tab.page.get_by_role("button", name="push").click()
    expect(tab.page).to_have_url(tab.url("/plain/7"))
    expect(tab.page).to_have_title("Plain 7")
    assert tab.history_length() == length + 1
    tab.page.go_back()
    expect(tab.page).to_have_title("Router")
    assert tab.marker() == 1


def test_replace_replaces_the_history_entry(open_tab: OpenTab, app: BridgeServer) -> None:
    tab = open_router(open_tab, app)
    length = tab.history_length()
    tab.page.get_by_role("button", name="replace").click()
    expect(tab.page).to_have_url(tab.url("/plain/8"))
    expect(tab.page).to_have_title("Plain 8")
    assert tab.history_length() == length
    tab.page.go_back()  # /router is gone from history: back lands on /
    expect(tab.page).to_have_url(tab.url("/"))
    expect(tab.page).to_have_title("Home")
    assert tab.marker() == 1


def test_back_goes_back(open_tab: OpenTab, app: BridgeServer) -> None:
    tab = open_router(open_tab, app)
    tab.page.get_by_role("button", name="back").click()
    expect(tab.page).to_have_url(tab.url("/"))
    expect(tab.page).to_have_title("Home")
    assert tab.marker() == 1


def test_reload_fetches_fresh_props_in_place(open_tab: OpenTab, app: BridgeServer) -> None:
    tab = open_router(open_tab, app)
    served = tab.page.get_by_test_id("served").inner_text()
    length, fetched = tab.history_length(), len(tab.data_requests(path="/router"))
    tab.page.get_by_role("button", name="reload").click()
    expect(tab.page.get_by_test_id("served")).not_to_have_text(served)
    assert tab.path == "/router"
    assert tab.history_length() == length
    assert len(tab.data_requests(path="/router")) == fetched + 1
    assert tab.marker() == 1


def test_is_navigating_shows_the_loading_bar_while_props_are_slow(open_tab: OpenTab, app: BridgeServer) -> None:
    tab = open_router(open_tab, app)
    bar = tab.page.get_by_role("progressbar")
    expect(bar).to_be_hidden()
    tab.page.get_by_role("button", name="slow").click()  # get_server_side_props sleeps 1 s
    expect(bar).to_be_visible(timeout=500)
    expect(tab.page.get_by_test_id("navigating")).to_have_text("yes")  # the page being left sees it too
    assert tab.path == "/router", "the URL changed before the next page was ready"
    expect(tab.page).to_have_title("Slow 1", timeout=3_000)
    expect(bar).to_be_hidden()
    assert tab.path == "/slow?ms=1000"
    assert tab.marker() == 1


def test_a_second_navigation_cancels_the_first(open_tab: OpenTab, app: BridgeServer) -> None:
    tab = open_tab(app)
    tab.goto("/")
    tab.set_marker()
    # element.click() without moving the mouse: no hover, so no prefetch; the navigation's own fetch is aborted
    tab.page.get_by_test_id("slow").evaluate("a => a.click()")  # /slow?ms=1000
    tab.page.wait_for_timeout(200)
    tab.page.get_by_test_id("plain-2").evaluate("a => a.click()")
    expect(tab.page).to_have_title("Plain 2")
    tab.page.wait_for_timeout(1_100)  # past the time the slow page's props arrive
    expect(tab.page).to_have_title("Plain 2")
    assert tab.path == "/plain/2"
    assert tab.page.get_by_role("progressbar").is_hidden()
    slow = [failure for url, failure in tab.failed if (page_url(url) or "").startswith("/slow?")]
    assert slow, "the first data request was not aborted"
    assert slow == ["net::ERR_ABORTED"]
    tab.page.go_back()
    expect(tab.page).to_have_title("Home")  # the slow page never made it into history
    assert tab.marker() == 1


def test_a_second_click_wins_over_a_prefetched_slow_page(open_tab: OpenTab, app: BridgeServer) -> None:
    # Real clicks hover first, so the slow page is prefetched (a fetch without an abort signal): the first
    # navigation waits for that prefetch and must still give way to the second.
    tab = open_tab(app)
    tab.goto("/")
    tab.set_marker()
    with tab.page.expect_response(data_for("/slow?ms=1000")) as slow:
        tab.page.get_by_test_id("slow").click()
        tab.page.get_by_test_id("plain-2").click()
        expect(tab.page).to_have_title("Plain 2")
    slow.value.finished()
    tab.settle()
    expect(tab.page).to_have_title("Plain 2")
    assert tab.path == "/plain/2"
    assert tab.page.get_by_role("progressbar").is_hidden()
    assert tab.marker() == 1
