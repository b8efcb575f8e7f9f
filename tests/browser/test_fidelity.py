"""Navigation details as Next.js has them: an encoded slash in a link, a bare "#" link, a link to the current
URL, and repeated clicks on a slow link."""

from __future__ import annotations

from .servers import BridgeServer
from .support import OpenTab, expect


def test_a_link_with_an_encoded_slash_keeps_it_in_its_segment(open_tab: OpenTab, app: BridgeServer) -> None:
    tab = open_tab(app)
    tab.goto("/fidelity")
    tab.set_marker()
    tab.page.get_by_test_id("encoded").click()
    expect(tab.page.locator("h1")).to_have_text("The word: a/b")
    assert tab.path == "/words/a%2Fb"
    assert tab.data_requests(path="/words/a%2Fb"), "the data request must keep the slash encoded"
    assert tab.marker() == 1
    tab.page.reload()
    tab.wait_hydrated()
    expect(tab.page.locator("h1")).to_have_text("The word: a/b")


def test_a_bare_hash_link_scrolls_to_the_top_without_a_navigation(open_tab: OpenTab, app: BridgeServer) -> None:
    tab = open_tab(app)
    tab.goto("/fidelity")
    tab.set_marker()
    top = tab.page.get_by_test_id("top")
    top.scroll_into_view_if_needed()
    assert tab.scroll_y() > 3000
    length, fetched = tab.history_length(), len(tab.data_requests())
    top.click()
    tab.page.wait_for_function("scrollY === 0")
    tab.settle()
    assert tab.page.url == tab.url("/fidelity#"), "the entry keeps its '#', as the browser makes it"
    assert tab.history_length() == length + 1
    assert len(tab.data_requests()) == fetched, "a hash change fetches nothing"
    assert tab.marker() == 1
    assert tab.problems() == []


def test_a_link_to_the_current_url_runs_props_and_replaces_the_entry(open_tab: OpenTab, app: BridgeServer) -> None:
    tab = open_tab(app)
    tab.goto("/fidelity")
    tab.set_marker()
    served = tab.page.get_by_test_id("served").inner_text()
    length = tab.history_length()
    tab.page.get_by_test_id("self").click()
    expect(tab.page.get_by_test_id("served")).not_to_have_text(served)
    assert tab.history_length() == length
    assert tab.path == "/fidelity"
    assert tab.marker() == 1


def test_repeated_clicks_on_a_slow_link_make_one_request(open_tab: OpenTab, app: BridgeServer) -> None:
    tab = open_tab(app)
    tab.goto("/fidelity")
    tab.set_marker()
    length = tab.history_length()
    link = tab.page.get_by_test_id("slow")  # its props take 1 s
    link.hover()  # as a mouse does before the first click: the data is prefetched, and that click uses it
    clicks = "async (a) => { for (let i = 0; i < 4; i++) { a.click(); await new Promise((r) => setTimeout(r, 50)); } }"
    link.evaluate(clicks)  # in the page: 50 ms apart however busy the machine, all before the props are ready
    expect(tab.page).to_have_title("Slow dedupe", timeout=5_000)
    tab.settle()
    assert len(tab.data_requests("n=dedupe")) == 1
    assert tab.history_length() == length + 1
    assert tab.marker() == 1
    tab.page.go_back()
    expect(tab.page).to_have_title("Fidelity")
