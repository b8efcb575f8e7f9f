"""router.reload({ only: [...] }): one request for the named props, merged into the others in place."""

from __future__ import annotations

import json

from .servers import BridgeServer
from .support import OpenTab, data_for, expect


def test_a_partial_reload_fetches_and_replaces_only_the_named_props(open_tab: OpenTab, app: BridgeServer) -> None:
    tab = open_tab(app)
    tab.goto("/partial")
    tab.set_marker()
    served = tab.page.get_by_test_id("served").inner_text()
    comments = tab.page.get_by_test_id("comments").inner_text()
    length = tab.history_length()
    with tab.page.expect_response(data_for("/partial")) as answer:
        tab.page.get_by_role("button", name="Reload the comments").click()
    expect(tab.page.get_by_test_id("comments")).not_to_have_text(comments)
    assert answer.value.request.headers["x-bridge-only"] == "comments"
    assert list(json.loads(answer.value.body())["props"]) == ["comments"], "only the named props are sent"
    expect(tab.page.get_by_test_id("served")).to_have_text(served)
    expect(tab.page).to_have_title("Partial")
    assert len(tab.data_requests(path="/partial")) == 1
    assert tab.history_length() == length
    assert tab.path == "/partial"
    assert tab.marker() == 1
    assert tab.problems() == []
