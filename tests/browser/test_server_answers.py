"""What the data route can answer besides props: redirects, 404, 500, and 409 for a client of an old build."""

from __future__ import annotations

import json
import re

from .servers import BridgeServer, ExternalServer
from .support import OpenTab, Route, data_for, expect, page_url


def test_an_internal_redirect_is_followed_client_side(open_tab: OpenTab, demo: BridgeServer) -> None:
    tab = open_tab(demo)
    tab.goto("/")
    tab.set_marker()
    length = tab.history_length()
    tab.page.get_by_role("navigation", name="Main").get_by_role("link", name="Random book").click()
    expect(tab.page).to_have_url(re.compile(re.escape(tab.url("/books/")) + r"\d+$"))
    expect(tab.page).to_have_title(re.compile(r"^Book: "))
    assert tab.marker() == 1
    assert len(tab.data_requests(path="/random")) == 1
    assert len(tab.data_requests("/books/")) == 1
    assert tab.history_length() == length + 1, "/random must not stay in history"
    tab.page.go_back()
    expect(tab.page).to_have_title("Catalogue")
    assert tab.marker() == 1


def test_router_push_follows_a_redirect(open_tab: OpenTab, app: BridgeServer) -> None:
    tab = open_tab(app)
    tab.goto("/router")
    tab.set_marker()
    tab.page.get_by_role("button", name="hop").click()
    expect(tab.page).to_have_url(tab.url("/plain/6"))
    expect(tab.page).to_have_title("Plain 6")
    assert tab.marker() == 1


def test_a_redirect_to_another_origin_loads_it(open_tab: OpenTab, app: BridgeServer, external: ExternalServer) -> None:
    tab = open_tab(app)
    tab.goto("/")
    tab.set_marker()
    tab.page.get_by_test_id("ext-redirect").click()
    expect(tab.page).to_have_url(external.url + "/landing")
    expect(tab.page).to_have_title("External landing")
    assert tab.marker() is None


def test_a_missing_book_shows_the_404_page_client_side(open_tab: OpenTab, demo: BridgeServer) -> None:
    tab = open_tab(demo)
    tab.goto("/about")
    tab.set_marker()
    with tab.page.expect_response(data_for("/books/999")) as response:  # (not the code route's)
        tab.page.get_by_role("link", name="/books/999").click()
    assert response.value.status == 404
    expect(tab.page).to_have_url(tab.url("/books/999"))
    expect(tab.page).to_have_title("Not found")
    expect(tab.page.locator("h1")).to_have_text("We couldn\u2019t find that page")
    assert tab.marker() == 1


def test_an_unknown_path_shows_the_default_404_page(open_tab: OpenTab, app: BridgeServer) -> None:
    tab = open_tab(app)
    tab.goto("/")
    tab.set_marker()
    tab.page.get_by_test_id("missing").click()
    expect(tab.page).to_have_url(tab.url("/nope/not/here"))
    expect(tab.page.locator("main h1")).to_have_text("404")
    expect(tab.page).to_have_title("404: This page could not be found.")
    assert tab.marker() == 1


def test_a_failing_page_shows_the_500_page(open_tab: OpenTab, app: BridgeServer) -> None:
    tab = open_tab(app)
    assert tab.goto("/boom") == 500
    expect(tab.page.locator("main h1")).to_have_text("500")
    assert tab.problems((tab.url("/boom"),)) == []  # the 500 page hydrates cleanly
    tab.page.get_by_test_id("nav-home").click()
    expect(tab.page).to_have_title("Home")
    tab.set_marker()
    # client-side: the data route answers 500 with the 500 page's data, which is rendered in place
    with tab.page.expect_response(data_for("/boom")) as response:
        tab.page.get_by_test_id("boom").click()
    assert response.value.status == 500
    expect(tab.page).to_have_url(tab.url("/boom"))
    expect(tab.page.locator("main h1")).to_have_text("500")
    expect(tab.page).to_have_title("500: Something went wrong on our side.")
    assert tab.marker() == 1


def test_a_stale_build_id_loads_the_page_in_full(open_tab: OpenTab, app: BridgeServer) -> None:
    # Simulated: every data request answers 409, as the server does for another build's id.
    tab = open_tab(app)
    tab.goto("/")
    tab.set_marker()

    def conflict(route: Route) -> None:
        route.fulfill(status=409, content_type="application/json", body=json.dumps({"build_id": "other"}))

    tab.page.route(lambda url: page_url(url) is not None, conflict)
    tab.page.get_by_test_id("plain-2").click()
    expect(tab.page).to_have_title("Plain 2")
    tab.wait_hydrated()
    assert tab.path == "/plain/2"
    assert tab.marker() is None, "a stale client must load the page in full"
    assert tab.data_requests(path="/plain/2"), "no data request was made"


def test_a_new_deploy_makes_the_old_client_load_pages_in_full(open_tab: OpenTab, fresh_app: BridgeServer) -> None:
    # For real: the browser runs the first build while the server is rebuilt with a changed page and restarted.
    tab = open_tab(fresh_app)
    tab.goto("/")
    tab.set_marker()
    old_build = fresh_app.manifest()["build_id"]
    page = fresh_app.pages / "plain" / "[n].jsx"
    page.write_text(page.read_text().replace("Plain page {n}", "Plain page, deploy 2, {n}"))
    fresh_app.build()
    fresh_app.restart()
    new_build = fresh_app.manifest()["build_id"]
    assert new_build != old_build

    with tab.page.expect_response(f"{tab.url('/plain/2')}?_bridge_data={old_build}") as stale:
        tab.page.get_by_test_id("plain-2").click()
    assert stale.value.status == 409
    expect(tab.page.locator("h1")).to_have_text("Plain page, deploy 2, 2")
    tab.wait_hydrated()
    assert tab.path == "/plain/2"
    assert tab.marker() is None
    assert tab.page.evaluate("JSON.parse(__BRIDGE_DATA__.textContent).build_id") == new_build
    # and the reloaded client navigates client-side again, with the new build id
    tab.set_marker()
    with tab.page.expect_response(f"{tab.url('/plain/3')}?_bridge_data={new_build}"):
        tab.page.get_by_test_id("next").click()
    expect(tab.page).to_have_title("Plain 3")
    assert tab.marker() == 1


def test_a_component_that_throws_in_the_browser_never_leaves_a_blank_screen(
    open_tab: OpenTab, app: BridgeServer
) -> None:
    # The data route runs props only, so it cannot know that /crash throws while rendering: the browser finds
    # out. A full load then lets the server answer, here with the 500 page, as a first load of /crash would.
    tab = open_tab(app)
    assert tab.goto("/crash") == 500
    expect(tab.page.locator("main h1")).to_have_text("500")
    tab.page.get_by_test_id("nav-home").click()
    expect(tab.page).to_have_title("Home")
    tab.set_marker()
    tab.page.get_by_test_id("crash").click()
    expect(tab.page).to_have_url(tab.url("/crash"))
    expect(tab.page.locator("main h1")).to_have_text("500")
    assert tab.marker() is None, "expected a full page load"
    assert tab.page.get_by_role("progressbar").is_hidden()
