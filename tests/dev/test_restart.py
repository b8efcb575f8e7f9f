"""`bridge dev` restarts itself when a Python module outside the pages folder that the app imported changes
(it cannot be reloaded in place); open tabs reload. A module of its own: the restart ends its server."""

from __future__ import annotations

import time
from pathlib import Path

from .conftest import OpenTab
from .support import DevProcess, copy_app, http_get

# While the server restarts, the dev client's event stream cannot connect, and Chromium logs that.
RECONNECTING = r"^console Failed to load resource: net::ERR_CONNECTION_REFUSED \(http://[\d.:]+/_bridge/dev/events\)$"


def test_edit_outside_pages_restarts_the_process_and_reloads_tabs(dev: DevProcess, open_tab: OpenTab) -> None:
    tab = open_tab("/outside")
    assert tab.text("#title") == "helper v1"
    boot = tab.boot()
    assert dev.boot() == boot
    mark = len(dev.log())
    (dev.project / "devtest_helper.py").write_text('"""Edited."""\n\nGREETING = "helper v2"\n')
    dev.wait_log(r"devtest_helper\.py changed and cannot be reloaded in place: restarting", mark)
    tab.wait_text("#title", "helper v2")
    tab.page.wait_for_function("() => window.__marker === undefined")  # the tab reloaded
    tab.page.wait_for_function("(boot) => window.__bridgeDev?.boot && window.__bridgeDev.boot !== boot", arg=boot)
    assert dev.boot() != boot  # a new server process image (os.execv keeps the PID)
    assert dev.process is not None and dev.process.poll() is None
    status, body = http_get(dev.url + "/outside")
    assert status == 200
    assert "helper v2" in body
    assert tab.unexpected_errors(RECONNECTING) == []


def test_broken_outside_module_is_shown_until_fixed(dev: DevProcess) -> None:
    helper = dev.project / "devtest_helper.py"
    mark = len(dev.log())
    helper.write_text('GREETING = "helper v3"\nraise RuntimeError("helper is broken")\n')
    dev.wait_log(r"restarting", mark)
    # the new process cannot load the app: it stays up and answers with the traceback
    dev.wait_log(r"(?s)loading the pages failed.*Uvicorn running on", mark)
    status, body = http_get(dev.url + "/outside")
    assert status == 500
    assert "RuntimeError: helper is broken" in body
    assert "devtest_helper.py" in body
    mark = len(dev.log())
    helper.write_text('GREETING = "helper v4"\n')  # the file in the traceback is watched: a restart
    dev.wait_log(r"(?s)restarting.*Uvicorn running on", mark)
    status, body = http_get(dev.url + "/outside")
    assert status == 200
    assert "helper v4" in body


def test_page_that_fails_to_import_at_start_is_shown_until_fixed(tmp_path: Path, open_tab: OpenTab) -> None:
    server = DevProcess(copy_app(tmp_path))
    props = server.pages / "props.py"
    good = props.read_text()
    props.write_text(good.replace("def get_server_side_props", "def get_server_side_props(:\ndef _"))
    server.start_serving()  # / answers 500 now: the app did not load
    try:
        status, body = http_get(server.url + "/props")
        assert status == 500
        assert "SyntaxError" in body
        props.write_text(good)
        server.wait_ready(time.monotonic() + 15)
        status, body = http_get(server.url + "/props")
        assert status == 200
        assert "props v1" in body
    finally:
        server.stop()


def test_ctrl_c_stops_promptly_with_a_tab_open(dev: DevProcess, open_tab: OpenTab) -> None:
    tab = open_tab("/")  # its dev event stream is a response that never ends by itself
    started = time.monotonic()
    dev.stop()  # SIGINT; raises if the process is still there after 10 s
    assert time.monotonic() - started < 3
    assert "Finished server process" in dev.log()
    assert tab.unexpected_errors(RECONNECTING) == []
