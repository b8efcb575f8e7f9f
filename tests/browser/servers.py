"""The processes the browser tests talk to: `bridge serve` for an app, and a plain "external" HTTP server.

Nothing here imports Playwright, so the conftest can use it whether or not Playwright is installed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from processes import bridge_command, free_port

HERE = Path(__file__).parent
FIXTURE_PAGES = HERE / "app" / "pages"
DEMO_PAGES = HERE.parents[1] / "pages"
GUARDED_APP = HERE.parent / "apps" / "guarded"
START_TIMEOUT = 30.0

_no_proxy = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def http_get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    """GET ``url`` without a proxy: status, headers (lower-case names) and body, whatever the status."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with _no_proxy.open(request, timeout=10) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


def copy_app(source: Path, root: Path) -> Path:
    """Copies a pages folder into ``root`` (so builds, bytecode and databases land there); returns the copy."""
    pages = root / "pages"
    shutil.copytree(source, pages, ignore=shutil.ignore_patterns("__pycache__", ".bridge"))
    return pages


class BridgeServer:
    """`bridge build` and `bridge serve --workers 1` for one app, as real processes, on a free port."""

    def __init__(self, pages: Path, env: dict[str, str] | None = None) -> None:
        self.pages = pages
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_file = pages.parent / f"{type(self).__name__}-{self.port}.log"
        self.env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", **(env or {})}
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def build_dir(self) -> Path:
        return self.pages.parent / ".bridge"

    def manifest(self) -> dict[str, Any]:
        """The build's manifest.json: build id, runtime and per-page client modules."""
        manifest: dict[str, Any] = json.loads((self.build_dir / "manifest.json").read_text())
        return manifest

    def build(self) -> str:
        """Runs `bridge build`; returns its report (sizes per page)."""
        command = [*bridge_command(), "build", "--pages", str(self.pages)]
        result = subprocess.run(command, capture_output=True, text=True, env=self.env, timeout=180, check=False)
        if result.returncode != 0:
            raise RuntimeError(f"`bridge build` failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def command(self) -> list[str]:
        return [*bridge_command(), "serve", "--pages", str(self.pages), "--port", str(self.port), "--workers", "1"]

    def start(self) -> None:
        """Starts the server and waits until it answers HTTP."""
        command = self.command()
        with self.log_file.open("ab") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=self.env)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"`bridge serve` exited with {self.process.returncode}:\n{self.log()}")
            try:
                http_get(self.url + "/_bridge/ready-check")
                return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"`bridge serve` did not answer within {START_TIMEOUT} s:\n{self.log()}")

    def stop(self) -> None:
        """Asks the server to stop (SIGTERM), and kills it if it has not within 10 s."""
        if self.process is None:
            return
        process, self.process = self.process, None
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def restart(self) -> None:
        self.stop()
        self.start()

    def log(self) -> str:
        """Everything the server printed so far, access log included."""
        return self.log_file.read_text(errors="replace") if self.log_file.exists() else ""


class MountedServer(BridgeServer):
    """The app mounted at /app in a Starlette app (tests/browser/mounted.py), served by uvicorn."""

    mount = "/app"

    def __init__(self, pages: Path, env: dict[str, str] | None = None) -> None:
        super().__init__(pages, {**(env or {}), "BRIDGE_TEST_PAGES": str(pages)})

    def command(self) -> list[str]:
        uvicorn = [sys.executable, "-m", "uvicorn", "--app-dir", str(HERE), "--port", str(self.port)]
        return [*uvicorn, "--no-use-colors", "mounted:app"]


class GuardedServer(BridgeServer):
    """tests/apps/guarded behind its middleware refusing /admin and /admin/... (its app.py), served by uvicorn."""

    def __init__(self, pages: Path, env: dict[str, str] | None = None) -> None:
        super().__init__(pages, {**(env or {}), "BRIDGE_TEST_PAGES": str(pages)})

    def command(self) -> list[str]:
        uvicorn = [sys.executable, "-m", "uvicorn", "--app-dir", str(GUARDED_APP), "--port", str(self.port)]
        return [*uvicorn, "--no-use-colors", "--factory", "app:served"]


LANDING = b"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>External landing</title>
<link rel="icon" href="data:,"></head><body><h1>Another origin</h1></body></html>"""


class _Landing(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("content-type", "text/html; charset=utf-8")
        self.send_header("content-length", str(len(LANDING)))
        self.end_headers()
        self.wfile.write(LANDING)

    def log_message(self, format: str, *args: object) -> None:
        pass


class ExternalServer:
    """A plain HTTP server on another port, i.e. another origin: every path answers the same landing page."""

    def __init__(self) -> None:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Landing)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, name="external-server", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()
