"""Client-side navigation: a <Link> click fetches JSON page data and renders without a page load; history
and scroll positions behave as in a multi-page site."""

from __future__ import annotations

import re

from .servers import BridgeServer
from .support import OpenTab, Tab, expect


def page_modules(server: BridgeServer, *pages: str) -> set[str]:
    """The static files that the first view of ``pages`` needs: runtime, layout and page modules with their
    chunks, and their stylesheets (paths under /_bridge/static/)."""
    manifest = server.manifest()
    entries = [manifest["runtime"], *(manifest["pages"][page] for page in ("_app", *pages))]
    return {file for entry in entries for file in (entry["file"], *entry["imports"], *entry["css"])}


def test_link_click_navigates_without_a_page_load(open_tab: OpenTab, demo: BridgeServer) -> None:
    tab = open_tab(demo, isolated=True)  # an empty cache, to see every module the page asks for
    # Links in view prefetch their pages' code at idle time (test_prefetch.py): kept out here, so that the click
    # has to load the book page's module itself.
    tab.page.route("**/_bridge/code/**", lambda route: route.abort())
    tab.goto("/")
    tab.set_marker()
    # the first view loads its own page module only: no other page's code
    assert set(tab.static_requests()) == page_modules(demo, "index")
    book_module = demo.manifest()["pages"]["books/[id]"]["file"]
    link = tab.page.locator(".book-row h2 a").first
    title, href = link.inner_text(), link.get_attribute("href")
    assert href is not None and re.fullmatch(r"/books/\d+", href)

    with tab.page.expect_request(f"{tab.url(href)}?_bridge_data={demo.manifest()['build_id']}") as data_request:
        link.click()
    assert data_request.value.resource_type == "fetch"
    expect(tab.page).to_have_url(tab.url(href))
    expect(tab.page).to_have_title(f"Book: {title}")
    expect(tab.page.locator("h1")).to_have_text(title)
    assert tab.marker() == 1, "the click reloaded the page"
    assert book_module in tab.static_requests(), "the next page's module was not loaded"
    # only HTML documents count as page loads: there was one
    assert [r.url for r in tab.requests if r.resource_type == "document"] == [tab.url("/")]


def test_a_chain_of_navigations_keeps_the_document(open_tab: OpenTab, demo: BridgeServer) -> None:
    tab = open_tab(demo)
    tab.goto("/about")
    tab.set_marker()
    steps = [
        (tab.page.get_by_role("navigation", name="Main").get_by_role("link", name="Catalogue"), "/", "Catalogue"),
        (tab.page.locator(".browse a.tag", has_text="fiction"), "/tags/fiction", "Tagged: fiction"),
        (tab.page.locator(".filters a.tag", has_text="classic"), "/tags/fiction/classic", "Tagged: fiction + classic"),
    ]
    for locator, path, title in steps:
        locator.click()
        expect(tab.page).to_have_url(tab.url(path))
        expect(tab.page).to_have_title(title)
        assert tab.marker() == 1
    # the pager of the catalogue: ?page= in the query string
    tab.page.get_by_role("navigation", name="Main").get_by_role("link", name="Catalogue").click()
    expect(tab.page).to_have_title("Catalogue")
    tab.page.get_by_role("link", name="Next →").click()
    expect(tab.page).to_have_url(tab.url("/?page=2"))
    expect(tab.page).to_have_title("Catalogue · page 2")
    expect(tab.page.locator(".status")).to_contain_text("page 2 of")
    assert tab.marker() == 1
    assert tab.problems() == []


def test_back_and_forward_render_the_pages_again(open_tab: OpenTab, app: BridgeServer) -> None:
    tab = open_tab(app)
    tab.goto("/plain/1")
    tab.set_marker()
    served = {1: tab.page.get_by_test_id("served").inner_text()}
    for n in (2, 3):
        tab.page.get_by_test_id("next").click()
        expect(tab.page).to_have_title(f"Plain {n}")
        served[n] = tab.page.get_by_test_id("served").inner_text()
    fetched = len(tab.data_requests())

    for go, n in ((tab.page.go_back, 2), (tab.page.go_back, 1), (tab.page.go_forward, 2), (tab.page.go_forward, 3)):
        go()
        expect(tab.page).to_have_url(tab.url(f"/plain/{n}"))
        expect(tab.page).to_have_title(f"Plain {n}")
        expect(tab.page.locator("h1")).to_have_text(f"Plain page {n}")
        expect(tab.page.get_by_test_id("as-path")).to_have_text(f"/plain/{n}")
        # recent history entries are shown from the data they had, without asking the server again
        expect(tab.page.get_by_test_id("served")).to_have_text(served[n])
    assert tab.marker() == 1
    assert len(tab.data_requests()) == fetched
    assert tab.problems() == []


def scroll_to(tab: Tab, y: int) -> None:
    tab.page.evaluate(f"scrollTo(0, {y})")
    tab.page.wait_for_function(f"scrollY === {y}")


def test_scroll_positions_are_restored_on_back_and_forward(open_tab: OpenTab, app: BridgeServer) -> None:
    tab = open_tab(app)
    tab.goto("/long")
    tab.set_marker()
    scroll_to(tab, 3000)

    tab.page.get_by_test_id("nav-long2").click()  # the nav is position: fixed, so clicking it does not scroll
    expect(tab.page).to_have_title("Long 2")
    assert tab.scroll_y() == 0, "a new page starts at the top"
    scroll_to(tab, 1200)

    tab.page.go_back()
    expect(tab.page).to_have_title("Long 1")
    tab.settle()
    assert abs(tab.scroll_y() - 3000) <= 2

    tab.page.go_forward()
    expect(tab.page).to_have_title("Long 2")
    tab.settle()
    assert abs(tab.scroll_y() - 1200) <= 2
    assert tab.marker() == 1


def test_a_link_to_another_page_with_a_fragment_scrolls_to_the_anchor(open_tab: OpenTab, app: BridgeServer) -> None:
    tab = open_tab(app)
    tab.goto("/plain/1")
    tab.set_marker()
    tab.page.get_by_test_id("nav-anchor").click()
    expect(tab.page).to_have_title("Long 1")
    expect(tab.page).to_have_url(tab.url("/long#anchor"))
    tab.settle()
    top = tab.page.evaluate("document.getElementById('anchor').getBoundingClientRect().top")
    assert abs(top) <= 2, f"#anchor is {top}px from the top of the viewport"
    assert tab.scroll_y() > 4000
    assert tab.marker() == 1


def test_reload_keeps_the_scroll_position(open_tab: OpenTab, app: BridgeServer) -> None:
    # The runtime turns the browser's own scroll restoration off (history.scrollRestoration = "manual"), so
    # it has to restore the position itself when the page is loaded again.
    tab = open_tab(app)
    tab.goto("/long")
    scroll_to(tab, 2500)
    tab.page.reload()
    tab.wait_hydrated()
    expect(tab.page).to_have_title("Long 1")
    tab.settle()
    assert abs(tab.scroll_y() - 2500) <= 2
