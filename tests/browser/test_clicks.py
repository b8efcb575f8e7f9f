"""Clicks that must keep the browser's own behaviour: modified clicks, other buttons, target, download,
other origins and #fragments on the same page."""

from __future__ import annotations

import pytest

from .servers import BridgeServer, ExternalServer
from .support import OpenTab, Tab, expect


def open_home(open_tab: OpenTab, app: BridgeServer) -> Tab:
    tab = open_tab(app)
    tab.goto("/")
    tab.set_marker()
    return tab


def assert_still_home(tab: Tab) -> None:
    tab.settle()
    assert tab.path == "/"
    assert tab.page.title() == "Home"
    assert tab.marker() == 1


@pytest.mark.parametrize(
    ("button", "modifiers"),
    [("left", ["Control"]), ("left", ["Shift"]), ("middle", [])],
    ids=["ctrl-click", "shift-click", "middle-click"],
)
def test_modified_and_middle_clicks_open_a_new_tab_or_window(
    open_tab: OpenTab, app: BridgeServer, button: str, modifiers: list[str]
) -> None:
    tab = open_home(open_tab, app)
    with tab.page.context.expect_page() as opened:
        tab.page.get_by_test_id("plain-1").click(button=button, modifiers=modifiers)  # type: ignore[arg-type]
    opened.value.wait_for_load_state()
    assert opened.value.url == tab.url("/plain/1")
    opened.value.close()
    assert_still_home(tab)


def test_target_blank_opens_a_new_tab(open_tab: OpenTab, app: BridgeServer) -> None:
    tab = open_home(open_tab, app)
    with tab.page.expect_popup() as popup:
        tab.page.get_by_test_id("blank").click()
    popup.value.wait_for_load_state()
    assert popup.value.url == tab.url("/plain/3")
    popup.value.close()
    assert_still_home(tab)
    assert tab.data_requests() == [], "the link opens elsewhere: its data is not worth prefetching"


def test_download_links_download(open_tab: OpenTab, app: BridgeServer) -> None:
    tab = open_home(open_tab, app)
    with tab.page.expect_download() as download:
        tab.page.get_by_test_id("download").click()
    assert download.value.url == tab.url("/plain/4")
    download.value.cancel()
    assert_still_home(tab)
    assert tab.data_requests() == [], "the link opens elsewhere: its data is not worth prefetching"


def test_a_link_to_another_origin_loads_it(open_tab: OpenTab, app: BridgeServer, external: ExternalServer) -> None:
    tab = open_home(open_tab, app)
    tab.page.get_by_test_id("external").click()
    expect(tab.page).to_have_url(external.url + "/landing")
    expect(tab.page).to_have_title("External landing")
    assert tab.data_requests() == [], "hovering or clicking an external link fetched page data"


def test_a_plain_anchor_loads_the_page_in_full(open_tab: OpenTab, app: BridgeServer) -> None:
    # The control for the marker: a plain <a> is a real page load, and the marker goes with the old document.
    tab = open_home(open_tab, app)
    tab.page.get_by_test_id("plain-anchor").click()
    expect(tab.page).to_have_title("Plain 5")
    assert tab.marker() is None
    assert tab.data_requests() == []


def test_a_hash_link_moves_to_the_fragment_without_fetching(open_tab: OpenTab, app: BridgeServer) -> None:
    tab = open_home(open_tab, app)
    tab.page.set_viewport_size({"width": 800, "height": 300})  # so that #section is below the fold
    tab.page.get_by_test_id("hash").click()
    expect(tab.page).to_have_url(tab.url("/#section"))
    tab.settle()
    assert tab.scroll_y() > 0
    assert tab.data_requests() == []
    assert tab.marker() == 1
    # and back: the fragment goes, the page stays
    tab.page.go_back()
    expect(tab.page).to_have_url(tab.url("/"))
    tab.settle()
    assert tab.data_requests() == []
    assert tab.marker() == 1
