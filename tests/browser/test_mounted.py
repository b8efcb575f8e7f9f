"""An app mounted under a path (/app) in another ASGI app: links, data requests, redirects and history all
keep the mount path."""

from __future__ import annotations

from .servers import BridgeServer
from .support import OpenTab, Tab, expect


def open_mounted(open_tab: OpenTab, server: BridgeServer) -> Tab:
    tab = open_tab(server)
    tab.goto("/app/")
    expect(tab.page).to_have_title("Home")
    tab.set_marker()
    return tab


def test_links_and_data_requests_keep_the_mount_path(open_tab: OpenTab, mounted_app: BridgeServer) -> None:
    tab = open_mounted(open_tab, mounted_app)
    link = tab.page.get_by_test_id("plain-2")
    assert link.get_attribute("href") == "/app/plain/2"
    build = mounted_app.manifest()["build_id"]
    with tab.page.expect_request(f"{tab.url('/app/plain/2')}?_bridge_data={build}"):
        link.click()
    expect(tab.page).to_have_url(tab.url("/app/plain/2"))
    expect(tab.page).to_have_title("Plain 2")
    expect(tab.page.get_by_test_id("as-path")).to_have_text("/plain/2")
    tab.page.get_by_test_id("nav-home").click()
    expect(tab.page).to_have_url(tab.url("/app"))  # the mount root, as the server serves it
    expect(tab.page).to_have_title("Home")
    tab.page.go_back()
    expect(tab.page).to_have_title("Plain 2")
    assert tab.marker() == 1
    assert tab.problems() == []


def test_a_redirect_keeps_the_mount_path(open_tab: OpenTab, mounted_app: BridgeServer) -> None:
    # /hop redirects to the app-relative "/plain/6", which is /app/plain/6 here
    tab = open_mounted(open_tab, mounted_app)
    tab.page.get_by_test_id("hop").click()
    expect(tab.page).to_have_url(tab.url("/app/plain/6"))
    expect(tab.page).to_have_title("Plain 6")
    assert tab.marker() == 1


def test_a_full_load_redirect_keeps_the_mount_path(open_tab: OpenTab, mounted_app: BridgeServer) -> None:
    tab = open_tab(mounted_app)
    tab.goto("/app/hop")
    expect(tab.page).to_have_url(tab.url("/app/plain/6"))
    expect(tab.page).to_have_title("Plain 6")
