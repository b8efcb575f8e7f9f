"""What the reliability tests share: raw ASGI requests, `bridge serve` as a real process, process-tree RSS."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from processes import bridge_command, free_port

CI = os.environ.get("CI", "").lower() == "true"
ROOT = Path(__file__).parents[2]
START_TIMEOUT = 30.0


def load_factor() -> float:
    """How many times longer than on a quiet machine a CPU-bound wait may take now: the run queue per core
    over the last minute (other engineers' tests, a build), at least 1. Timing bounds multiply their slack
    by it, so they hold on a busy machine and still fail on the delay they guard against."""
    return max(1.0, os.getloadavg()[0] / (os.cpu_count() or 1))


_no_proxy = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@dataclass
class RawResponse:
    """Everything an ASGI app sent for one request."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes
    starts: int = 1
    more_body_after_end: bool = False

    def header(self, name: str) -> str | None:
        values = [v for k, v in self.headers if k == name]
        return values[0] if values else None

    def all(self, name: str) -> list[str]:
        return [v for k, v in self.headers if k == name]


async def asgi_request(
    app: Any,
    method: str,
    raw_path: bytes,
    query: bytes = b"",
    headers: list[tuple[bytes, bytes]] | None = None,
    body: bytes = b"",
) -> RawResponse:
    """Sends exactly this request to an ASGI app, as a server that does not normalise it would: ``path`` is
    ``raw_path`` percent-decoded (invalid UTF-8 replaced), as uvicorn makes it."""
    from urllib.parse import unquote

    scope = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": unquote(raw_path.decode("latin-1"), errors="replace"),
        "raw_path": raw_path,
        "root_path": "",
        "query_string": query,
        "headers": [(b"host", b"testserver"), *(headers or [])],
        "server": ("testserver", 80),
        "client": ("127.0.0.1", 1234),
    }
    messages: list[dict[str, Any]] = []
    sent = False

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        messages.append(message)

    await app(scope, receive, send)
    starts = [m for m in messages if m["type"] == "http.response.start"]
    assert starts, f"no response for {method} {raw_path!r}"
    bodies = [m for m in messages if m["type"] == "http.response.body"]
    ended = [i for i, m in enumerate(bodies) if not m.get("more_body", False)]
    return RawResponse(
        status=starts[0]["status"],
        headers=[(k.decode("latin-1").lower(), v.decode("latin-1")) for k, v in starts[0]["headers"]],
        body=b"".join(m.get("body", b"") for m in bodies),
        starts=len(starts),
        more_body_after_end=bool(ended) and ended[0] != len(bodies) - 1,
    )


def http_get(url: str, timeout: float = 10.0) -> tuple[int, dict[str, str], bytes]:
    """GET without a proxy: status, headers (lower-case names) and body, whatever the status."""
    try:
        with _no_proxy.open(urllib.request.Request(url), timeout=timeout) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


def children(pid: int) -> list[int]:
    """The direct child processes of ``pid``."""
    found: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as file:
                found.extend(int(p) for p in file.read().split())
    except OSError:
        pass
    return found


def tree(pid: int) -> list[int]:
    """``pid`` and all its descendants."""
    pids = [pid]
    for child in children(pid):
        pids.extend(tree(child))
    return pids


def rss_bytes(pid: int) -> int:
    """The resident set size of one process (0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/status") as file:
            for line in file:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def tree_rss(pid: int) -> int:
    """RSS summed over ``pid`` and its descendants (shared pages counted in each)."""
    return sum(rss_bytes(p) for p in tree(pid))


@dataclass
class Server:
    """A server process (``bridge serve`` or uvicorn) on a free port of 127.0.0.1, with its log in a file."""

    command: list[str]
    log_file: Path
    port: int
    env: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def start(self) -> Server:
        with self.log_file.open("ab") as log:
            self.process = subprocess.Popen(
                self.command,
                stdout=log,
                stderr=subprocess.STDOUT,
                env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1", **self.env},
                cwd=ROOT,
            )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.command[:2]} exited with {self.process.returncode}:\n{self.log()}")
            try:
                http_get(self.url + "/about", timeout=2)
                return self
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"the server did not answer within {START_TIMEOUT} s:\n{self.log()}")

    def wait_workers(self, count: int, timeout: float = START_TIMEOUT) -> list[int]:
        """Waits until the supervisor has ``count`` workers that all answer; returns their PIDs."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            workers = self.workers()
            if len(workers) == count and all(_listening(pid, self.port) for pid in workers):
                return workers
            time.sleep(0.05)
        raise AssertionError(f"expected {count} listening workers, found {self.workers()}:\n{self.log()}")

    def workers(self) -> list[int]:
        """The worker processes of a ``bridge serve --workers N`` supervisor (not multiprocessing's helper)."""
        return [pid for pid in children(self.pid) if "bridge-worker" in _cmdline(pid) or _is_spawned_worker(pid)]

    def stop(self, timeout: float = 15.0) -> int | None:
        """SIGTERM, then SIGKILL after ``timeout``; returns the exit code."""
        if self.process is None:
            return None
        process, self.process = self.process, None
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                for pid in reversed(tree(process.pid)):
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(pid, signal.SIGKILL)
                process.wait()
        return process.returncode

    def log(self) -> str:
        return self.log_file.read_text(errors="replace") if self.log_file.exists() else ""


def bridge_serve(pages: Path, log_dir: Path, *args: str, env: dict[str, str] | None = None) -> Server:
    """``bridge serve --pages <pages> --port <free> <args>``, not yet started."""
    port = free_port()
    command = [*bridge_command(), "serve", "--pages", str(pages), "--port", str(port), "--no-access-log", *args]
    return Server(command, log_dir / f"bridge-serve-{port}.log", port, env or {})


def _cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as file:
            return file.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def _is_spawned_worker(pid: int) -> bool:
    """multiprocessing's spawn start method runs ``python -c 'from multiprocessing.spawn import spawn_main...'``;
    its resource tracker runs ``...resource_tracker...``."""
    line = _cmdline(pid)
    return "multiprocessing.spawn" in line and "resource_tracker" not in line


def _listening(pid: int, port: int) -> bool:
    """Whether ``pid`` has a TCP socket listening on ``port`` (via /proc/<pid>/net/tcp and its fds)."""
    inodes = set()
    try:
        for fd in os.listdir(f"/proc/{pid}/fd"):
            try:
                target = os.readlink(f"/proc/{pid}/fd/{fd}")
            except OSError:
                continue
            if target.startswith("socket:["):
                inodes.add(target[8:-1])
        with open(f"/proc/{pid}/net/tcp") as file:
            next(file)
            for line in file:
                parts = line.split()
                local, state, inode = parts[1], parts[3], parts[9]
                if state == "0A" and int(local.split(":")[1], 16) == port and inode in inodes:
                    return True
    except OSError:
        return False
    return False
