"""What the `bridge dev` tests share: the dev server as a real process, and a browser tab that records errors.

Importing this module needs Playwright: without it the importing test module is skipped (an error under CI).
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from processes import bridge_command, free_port

try:
    from playwright.sync_api import ConsoleMessage, Page
except ImportError as exc:  # pragma: no cover - depends on the environment
    if os.environ.get("CI", "").lower() == "true":
        raise
    pytest.skip(f"Playwright is not installed ({exc}): pip install -e '.[test]'", allow_module_level=True)

HERE = Path(__file__).parent
FIXTURE_APP = HERE / "app"
START_TIMEOUT = 30.0
UPDATE_TIMEOUT_MS = 15_000
"""How long a test waits for a save to show in the tab (generous: the machine may be busy)."""

_no_proxy = urllib.request.build_opener(urllib.request.ProxyHandler({}))

# Records the dev client's events, and tells a full reload apart from an update in place: __marker is set
# once per document.
RECORDER = """() => {
  window.__marker = 1;
  window.__devEvents = [];
  for (const type of ["bridge:refresh", "bridge:props"]) {
    window.addEventListener(type, () => window.__devEvents.push(type));
  }
}"""
# True once React has hydrated the whole page: hydration claims every DOM node in one render, so the last
# element having a fiber means the render (and its commit, in the same task) is done.
HYDRATED = """() => {
  const all = document.getElementById("__bridge")?.getElementsByTagName("*") ?? [];
  const last = all[all.length - 1];
  return !!last && Object.keys(last).some((key) => key.startsWith("__reactFiber$"));
}"""
OVERLAY_TEXT = """() => {
  const host = document.querySelector("bridge-error-overlay");
  return host ? host.shadowRoot.textContent : null;
}"""


def http_get(url: str) -> tuple[int, str]:
    """GET ``url`` without a proxy: status and body text, whatever the status."""
    try:
        with _no_proxy.open(url, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.read().decode()


def copy_app(root: Path) -> Path:
    """Copies the fixture app (pages folder and project modules) into ``root``; returns the project folder."""
    project = root / "project"
    shutil.copytree(FIXTURE_APP, project, ignore=shutil.ignore_patterns("__pycache__", ".bridge"))
    return project.resolve()


class DevProcess:
    """`bridge dev` on a free port for the project folder ``project`` (its cwd; its pages in ``pages/``)."""

    def __init__(self, project: Path, env: dict[str, str] | None = None) -> None:
        self.project = project
        self.pages = project / "pages"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_file = project / "bridge-dev.log"
        # The project folder goes on sys.path, as for `python -m`, so pages can import its modules.
        path = os.pathsep.join(filter(None, [str(project), os.environ.get("PYTHONPATH")]))
        self.env = {**os.environ, "PYTHONPATH": path, **(env or {})}
        self.env.pop("PYTHONDONTWRITEBYTECODE", None)  # Python's default: bytecode caches (in the temp copy)
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> float:
        """Starts `bridge dev` and waits until it serves ``/``; returns the seconds that took."""
        started = time.monotonic()
        self.start_serving()
        self.wait_ready(started + START_TIMEOUT)
        return time.monotonic() - started

    def start_serving(self) -> None:
        """Starts `bridge dev` and waits until it answers HTTP (whatever the status)."""
        command = [*bridge_command(), "dev", "--pages", "pages", "--port", str(self.port)]
        with self.log_file.open("ab") as log:
            self.process = subprocess.Popen(
                command, cwd=self.project, stdout=log, stderr=subprocess.STDOUT, env=self.env
            )
        self.wait_ready(time.monotonic() + START_TIMEOUT, statuses=None)

    def wait_ready(self, deadline: float, statuses: tuple[int, ...] | None = (200,)) -> None:
        """Waits until the server answers ``/`` with one of ``statuses`` (None: any)."""
        assert self.process is not None
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"`bridge dev` exited with {self.process.returncode}:\n{self.log()}")
            try:
                status = http_get(self.url + "/")[0]
                if statuses is None or status in statuses:
                    return
            except OSError:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"`bridge dev` did not serve / within {START_TIMEOUT} s:\n{self.log()}")

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def stop(self) -> None:
        """Ctrl+C (SIGINT), as in a terminal; killed if it has not stopped within 10 s."""
        if self.process is None:
            return
        process, self.process = self.process, None
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
                raise RuntimeError(f"`bridge dev` did not stop on SIGINT within 10 s:\n{self.log()}") from None

    def log(self) -> str:
        """Everything the server printed so far."""
        return self.log_file.read_text(errors="replace") if self.log_file.exists() else ""

    def boot(self) -> str:
        """The server's boot id, from the first message of its dev event stream (it changes on a restart)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request("GET", "/_bridge/dev/events")
            response = connection.getresponse()
            while True:
                line = response.readline()
                if not line:
                    raise RuntimeError("the dev event stream ended before its hello")
                if line.startswith(b"data: "):
                    message = json.loads(line[6:])
                    assert message["type"] == "hello", message
                    boot: str = message["boot"]
                    return boot
        finally:
            connection.close()

    def wait_log(self, pattern: str, after: int = 0, timeout: float = 15.0) -> re.Match[str]:
        """Waits until the log, from character ``after`` on, matches ``pattern``."""
        deadline = time.monotonic() + timeout
        while True:
            found = re.search(pattern, self.log()[after:])
            if found:
                return found
            if time.monotonic() > deadline:
                raise AssertionError(f"{pattern!r} not in the log within {timeout} s:\n{self.log()[after:]}")
            time.sleep(0.05)

    @contextmanager
    def edited(self, relative: str) -> Iterator[Callable[[str], None]]:
        """Yields ``write(source)`` for the file at ``relative`` (in the project); puts it back afterwards,
        and waits until the server has rebuilt or reloaded with it again."""
        file = self.project / relative
        original = file.read_text() if file.exists() else None

        def write(source: str) -> None:
            file.write_text(source)

        try:
            yield write
        finally:
            mark = len(self.log())
            if original is None:
                file.unlink(missing_ok=True)
            elif file.read_text() != original:
                file.write_text(original)
            else:
                return
            # after a .py restore the app reloads its pages, after a component restore it rebuilds
            self.wait_log(r"rebuilt server|reloaded the pages|Application startup complete", mark)


@dataclass(repr=False)
class Tab:
    """A browser tab on the dev server that records console errors and uncaught exceptions."""

    page: Page
    base: str
    errors: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append(f"pageerror {error.name}: {error.message}"))

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(f"console {message.text} ({message.location.get('url', '')})")

    def open(self, path: str) -> None:
        """Loads ``path``, waits until the page is hydrated and its dev event stream connected, and marks
        the document (see RECORDER)."""
        response = self.page.goto(self.base + path)
        assert response is not None and response.status == 200, response and response.status
        self.page.wait_for_function(HYDRATED)
        self.page.evaluate(RECORDER)
        self.wait_connected()

    def wait_connected(self) -> None:
        """Waits until the dev client's event stream is open (so no save goes unnoticed)."""
        self.page.wait_for_function("() => !!window.__bridgeDev?.boot")

    def boot(self) -> str:
        """The boot id of the server the dev client last heard from."""
        boot: str = self.page.evaluate("() => window.__bridgeDev.boot")
        return boot

    def click(self, selector: str, times: int) -> None:
        for _ in range(times):
            self.page.click(selector)

    def text(self, selector: str) -> str:
        return self.page.inner_text(selector)

    def wait_text(self, selector: str, text: str) -> None:
        """Waits until the element's text is ``text`` (across reloads)."""
        self.page.wait_for_function(
            "([selector, text]) => document.querySelector(selector)?.textContent === text",
            arg=[selector, text],
            timeout=UPDATE_TIMEOUT_MS,
        )

    def marker(self) -> object:
        return self.page.evaluate("() => window.__marker")

    def dev_events(self) -> list[str]:
        events: list[str] = self.page.evaluate("() => window.__devEvents ?? []")
        return events

    def overlay(self) -> str | None:
        """The error overlay's text, or None when there is none."""
        text: str | None = self.page.evaluate(OVERLAY_TEXT)
        return text

    def wait_overlay(self, shown: bool) -> str | None:
        """Waits until the overlay is shown (returns its text) or gone."""
        script = f"() => ({OVERLAY_TEXT})() {'!==' if shown else '==='} null"
        self.page.wait_for_function(script, timeout=UPDATE_TIMEOUT_MS)
        return self.overlay()

    def unexpected_errors(self, *expected: str) -> list[str]:
        """The recorded errors that match none of the ``expected`` regular expressions."""
        return [error for error in self.errors if not any(re.search(pattern, error) for pattern in expected)]
