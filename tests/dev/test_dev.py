"""`bridge dev` end to end: the CLI as a subprocess serving a copy of tests/dev/app, headless Chromium on it,
and files of the copy edited while it runs. One server for the module; every test puts its files back."""

from __future__ import annotations

import os
import re

from .conftest import OpenTab
from .support import DevProcess, http_get

# What Chromium logs when the data route answers 500: the props test that raises expects it.
NOT_FOUND = r"^console Failed to load resource: the server responded with a status of 404 \(Not Found\)"
DATA_500 = r"console Failed to load resource: the server responded with a status of 500"


def test_starts_prints_url_and_routes_and_serves_a_page(dev: DevProcess, open_tab: OpenTab) -> None:
    log = dev.log()
    assert f"bridge dev: http://127.0.0.1:{dev.port}" in log
    assert re.search(r"^/counter\s+counter\.jsx\s+-$", log, re.MULTILINE), log
    assert re.search(r"^/props\s+props\.jsx\s+props\.py$", log, re.MULTILINE), log
    assert re.search(r"^\(_app\)\s+_app\.jsx", log, re.MULTILINE), log
    status, body = http_get(dev.url + "/counter")
    assert status == 200
    assert "Counter v1" in body
    assert re.search(r'src="/_bridge/static/vendor/dev-\w+\.js"', body), body  # the dev client is on the page

    tab = open_tab("/counter")
    assert tab.text("#title") == "Counter v1"
    tab.click("#increment", 2)
    assert tab.text("#count") == "2"  # hydrated and interactive
    assert tab.overlay() is None
    assert tab.unexpected_errors() == []


def test_jsx_edit_updates_in_place_and_keeps_state(dev: DevProcess, open_tab: OpenTab) -> None:
    tab = open_tab("/counter")
    tab.click("#increment", 3)
    with dev.edited("pages/counter.jsx") as write:
        source = (dev.pages / "counter.jsx").read_text()
        write(source.replace("Counter v1", "Counter v2"))
        tab.wait_text("#title", "Counter v2")
        assert tab.text("#count") == "3"  # component state kept: Fast Refresh, not a reload
        assert tab.marker() == 1  # same document
        tab.page.wait_for_function("() => window.__devEvents.includes('bridge:refresh')")
        assert http_get(dev.url + "/counter")[1].count("Counter v2") == 1  # the server renders the new code too
    tab.wait_text("#title", "Counter v1")
    assert tab.text("#count") == "3"
    assert tab.marker() == 1
    assert tab.unexpected_errors() == []


def test_edit_of_a_non_component_module_reloads_the_page(dev: DevProcess, open_tab: OpenTab) -> None:
    tab = open_tab("/labelled")
    with dev.edited("pages/_lib/util.js") as write:
        write('// Not a component module.\nexport const label = "label v2";\n')
        tab.wait_text("#title", "label v2")
        tab.page.wait_for_function("() => window.__marker === undefined")  # a new document
    tab.wait_text("#title", "label v1")

    # A page module that exports a value besides its component is no refresh boundary either.
    tab.open("/labelled")
    with dev.edited("pages/labelled.jsx") as write:
        source = (dev.pages / "labelled.jsx").read_text()
        write(source.replace("{label}", "{label} and {extra}") + '\nexport const extra = "extra";\n')
        tab.wait_text("#title", "label v1 and extra")
        tab.page.wait_for_function("() => window.__marker === undefined")
    assert tab.unexpected_errors() == []


def test_props_edit_updates_in_place_without_restart(dev: DevProcess, open_tab: OpenTab) -> None:
    tab = open_tab("/props")
    boot = tab.boot()
    tab.click("#increment", 3)
    assert tab.text("#message") == "props v1"
    with dev.edited("pages/props.py") as write:
        write((dev.pages / "props.py").read_text().replace('"props v1"', '"props v2"'))
        tab.wait_text("#message", "props v2")
        assert tab.text("#count") == "3"
        assert tab.marker() == 1
        tab.page.wait_for_function("() => window.__devEvents.includes('bridge:props')")
    tab.wait_text("#message", "props v1")
    assert tab.text("#count") == "3"
    assert tab.marker() == 1
    assert dev.process is not None and dev.process.poll() is None
    assert dev.boot() == boot  # the same server process: no restart
    assert "restarting" not in dev.log()
    assert tab.unexpected_errors() == []


def test_props_edits_within_one_second_keeping_the_size(dev: DevProcess, open_tab: OpenTab) -> None:
    # Python's bytecode cache compares the source's mtime in whole seconds and its size: an edit that keeps
    # both must still run the new code.
    tab = open_tab("/props")
    file = dev.pages / "props.py"
    with dev.edited("pages/props.py") as write:
        source = file.read_text()
        write(source.replace('"props v1"', '"props v2"'))
        tab.wait_text("#message", "props v2")
        mtime = file.stat().st_mtime_ns
        write(source.replace('"props v1"', '"props v3"'))
        os.utime(file, ns=(mtime, mtime))
        tab.wait_text("#message", "props v3")
    tab.wait_text("#message", "props v1")
    assert tab.marker() == 1
    assert tab.unexpected_errors() == []


def test_syntax_error_shows_overlay_and_keeps_last_good_build(dev: DevProcess, open_tab: OpenTab) -> None:
    tab = open_tab("/broken")
    with dev.edited("pages/broken.jsx") as write:
        write((dev.pages / "broken.jsx").read_text().replace("</h1>", "</h2>"))
        text = tab.wait_overlay(shown=True)
        assert text is not None and "broken.jsx" in text, text
        assert tab.text("#title") == "Broken v1"  # the page stays as it was
        status, body = http_get(dev.url + "/broken")  # and the server keeps serving the last good build
        assert status == 200
        assert "Broken v1" in body
        write((dev.pages / "broken.jsx").read_text().replace("Broken v1</h2>", "Broken v2</h1>"))
        tab.wait_overlay(shown=False)  # the fix clears the overlay by itself
        tab.wait_text("#title", "Broken v2")
        assert tab.marker() == 1
        assert "Broken v2" in http_get(dev.url + "/broken")[1]
    tab.wait_text("#title", "Broken v1")
    assert tab.unexpected_errors() == []


def test_python_exception_shows_traceback_in_overlay(dev: DevProcess, open_tab: OpenTab) -> None:
    tab = open_tab("/props")
    with dev.edited("pages/props.py") as write:
        source = (dev.pages / "props.py").read_text()
        write(source.replace('    return {"props"', '    raise ValueError("boom")\n    return {"props"'))
        text = tab.wait_overlay(shown=True)
        assert text is not None
        assert "ValueError: boom" in text
        assert "Traceback (most recent call last)" in text
        assert "props.py" in text
        write(source.replace('"props v1"', '"props v3"'))
        tab.wait_overlay(shown=False)
        tab.wait_text("#message", "props v3")
    tab.wait_text("#message", "props v1")
    assert tab.unexpected_errors(DATA_500) == []


def test_new_page_becomes_routable(dev: DevProcess, open_tab: OpenTab) -> None:
    assert http_get(dev.url + "/fresh")[0] == 404
    with dev.edited("pages/fresh.jsx") as write:
        mark = len(dev.log())
        write('export default function Fresh() {\n  return <h1 id="title">Fresh page</h1>;\n}\n')
        dev.wait_log(r"rebuilt server", mark)
        status, body = http_get(dev.url + "/fresh")
        assert status == 200
        assert "Fresh page" in body
        tab = open_tab("/fresh")  # its client build works too: it hydrates
        assert tab.text("#title") == "Fresh page"
    assert http_get(dev.url + "/fresh")[0] == 404
    # The page is gone: the tab reloads and shows the 404 page. (Closing a tab while it reloads can hang
    # Chromium: microsoft/playwright#42068.)
    tab.page.wait_for_function("() => window.__marker === undefined && !!window.__bridgeDev?.boot")
    assert "404" in tab.page.title()
    assert tab.unexpected_errors(NOT_FOUND) == []


def test_a_route_error_shows_in_the_overlay_until_fixed(dev: DevProcess, open_tab: OpenTab) -> None:
    tab = open_tab("/props")
    with dev.edited("pages/orphan.py") as write:
        write("def get_server_side_props(context):\n    return {'props': {}}\n")  # props, but no page
        text = tab.wait_overlay(shown=True)
        assert text is not None and "orphan.py has no component: add" in text and "orphan.jsx" in text, text
        assert http_get(dev.url + "/props")[0] == 200  # the app keeps serving meanwhile
    tab.wait_overlay(shown=False)  # the .py removed: the overlay goes away by itself
    assert tab.text("#message") == "props v1"
    assert tab.unexpected_errors() == []
