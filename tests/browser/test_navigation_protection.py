"""A rule on a page's path holds for client-side navigation too (issue 16.2): a <Link> to a page that the
app's middleware refuses shows what a full load of it shows, never the page's props."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from .servers import GUARDED_APP, GuardedServer, copy_app
from .support import OpenTab, expect

SECRET = "admin-secret-7c1d"


@pytest.fixture(scope="module")
def guarded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GuardedServer]:
    server = GuardedServer(copy_app(GUARDED_APP / "pages", tmp_path_factory.mktemp("guarded")))
    server.build()
    server.start()
    yield server
    server.stop()


def test_a_link_to_a_refused_page_shows_no_protected_props(open_tab: OpenTab, guarded: GuardedServer) -> None:
    tab = open_tab(guarded, isolated=True)
    tab.goto("/")
    link = tab.page.get_by_test_id("admin")
    link.hover()  # a prefetch of its data, refused too
    link.click()
    expect(tab.page).to_have_url(tab.url("/admin"))
    expect(tab.page.locator("body")).to_contain_text(re.compile("admins only|" + SECRET))
    assert SECRET not in tab.page.content(), "a <Link> click showed the props of a page the middleware refuses"
    expect(tab.page.locator("body")).to_have_text("admins only")  # the full load the runtime fell back to


def test_the_protected_page_is_refused_on_a_full_load(open_tab: OpenTab, guarded: GuardedServer) -> None:
    tab = open_tab(guarded)
    response = tab.page.goto(tab.url("/admin/users"))
    assert response is not None and response.status == 401
    assert SECRET not in tab.page.content()
