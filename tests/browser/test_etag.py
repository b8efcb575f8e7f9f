"""ETag and 304 on data requests: a page whose props did not change is not sent again."""

from __future__ import annotations

import re

from .servers import BridgeServer, http_get
from .support import FIGURES, OpenTab, expect


def test_refetching_unchanged_page_data_gets_304(open_tab: OpenTab, demo: BridgeServer) -> None:
    # Back/forward within 30 s reuses the data the page had without asking (see test_navigation), so this
    # goes to the same page again by a link: the browser revalidates its cached copy with If-None-Match.
    tab = open_tab(demo, isolated=True)  # an empty HTTP cache
    tab.goto("/about")
    nav = tab.page.get_by_role("navigation", name="Main")
    build = demo.manifest()["build_id"]
    data_path = f"/?_bridge_data={build}"
    log_start = len(demo.log())
    for name, title in (("Catalogue", "Catalogue"), ("About", "About this demo"), ("Catalogue", "Catalogue")):
        nav.get_by_role("link", name=name).click()
        expect(tab.page).to_have_title(title)
    statuses = re.findall(rf'"GET {re.escape(data_path)} HTTP/1.1" (\d+)', demo.log()[log_start:])
    assert statuses == ["200", "304"], f"the server answered {statuses} (access log)"
    seen_by_page = [status for url, status in tab.responses if url.endswith(data_path)]
    FIGURES.append(
        f"etag: the catalogue's data fetched twice -> server sent {statuses}, "
        f"the page saw {seen_by_page} (the 304 is revalidation of the browser's cached copy)"
    )


def test_a_data_request_answers_if_none_match_with_304(demo: BridgeServer) -> None:
    url = f"{demo.url}/books/1?_bridge_data={demo.manifest()['build_id']}"
    status, headers, body = http_get(url)
    assert status == 200 and headers["etag"]
    # The page data holds the visitor's CSRF token: the same visitor (cookie) gets the same body and ETag.
    visitor = {"cookie": headers["set-cookie"].split(";")[0]}
    status, headers, body = http_get(url, visitor)
    status, again, body = http_get(url, {**visitor, "if-none-match": headers["etag"]})
    assert (status, body, again["etag"]) == (304, b"", headers["etag"])
    status, _, body = http_get(url, {**visitor, "if-none-match": '"something-else"'})
    assert status == 200 and body
