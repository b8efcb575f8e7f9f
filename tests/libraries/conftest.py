"""The library corpus: real npm packages (pinned in app/package.json and its lockfile) on pages built once
and served by one `bridge serve` per engine, driven in headless Chromium.

Every test here carries the ``libraries`` marker (``-m libraries`` runs only them, ``-m "not libraries"``
skips them); they run by default.
"""

from __future__ import annotations

import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from browser.servers import BridgeServer, http_get
from chromium import headless_chromium
from processes import bridge_command

from bridge.build.toolchain import ensure_js_dependencies, find_node

if TYPE_CHECKING:
    from playwright.sync_api import Browser

APP = Path(__file__).parent / "app"
START_TIMEOUT = 120.0
"""Seconds `bridge serve` may take to answer: a QuickJS context loads a 2 MB bundle with Intl data, and the
machine may be busy."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.libraries)


class LibraryServer(BridgeServer):
    """`bridge serve --engine <engine>` for the corpus app, built once into a folder of the test run."""

    def __init__(self, engine: str, build_dir: Path) -> None:
        super().__init__(APP / "pages")
        self.engine = engine
        self._build_dir = build_dir
        self.log_file = build_dir.parent / f"serve-{engine}-{self.port}.log"

    @property
    def build_dir(self) -> Path:
        return self._build_dir

    def start(self) -> None:
        with self.log_file.open("ab") as log:
            self.process = subprocess.Popen(self.command(), stdout=log, stderr=subprocess.STDOUT, env=self.env)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                http_get(self.url + "/_bridge/ready-check")
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"`bridge serve --engine {self.engine}` did not start:\n{self.log()}")

    def get(self, path: str, timeout: float = 60) -> tuple[int, str]:
        """GET ``path``: status and body, with a timeout for a busy machine."""
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        try:
            with opener.open(self.url + path, timeout=timeout) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            with error:
                return error.code, error.read().decode()

    def command(self) -> list[str]:
        # generous time limits: each QuickJS context loads a 2 MB bundle with Intl data, on a busy machine
        limits = ["--render-threads", "1", "--render-timeout", "10"]
        return [*super().command(), "--engine", self.engine, "--build-dir", str(self.build_dir), *limits]


@pytest.fixture(scope="package")
def build_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus installed from its lockfile (when it changed) and built once, checked at load in V8 only:
    one page (collate) cannot load under QuickJS, which the isolation test relies on."""
    ensure_js_dependencies(find_node(), APP)
    out = tmp_path_factory.mktemp("libraries") / "build"
    command = [*bridge_command(), "build", "--pages", str(APP / "pages"), "--build-dir", str(out), "--engine", "v8"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"`bridge build` failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return out


@pytest.fixture(scope="package", params=["quickjs", "v8"])
def server(request: pytest.FixtureRequest, build_dir: Path) -> Iterator[LibraryServer]:
    """The corpus served with each engine in turn."""
    server = LibraryServer(request.param, build_dir)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    with headless_chromium() as browser:
        yield browser
