"""The load generator: wrk (closed loop, a fixed number of connections), its report parsed.

A measured run lasts ``ramp + seconds``; req/s counts only the responses of the last ``seconds``
(window.lua), so that the ramp-up is left out: when every connection sends its first request at once, a
server that interleaves its requests (Node.js streaming renders) answers none of them until it has done
nearly all of them, one that queues them (bridge's render threads) answers the first ones at once, and a
short run would favour the second. Latency percentiles and errors are wrk's, over the whole run.
"""

from __future__ import annotations

import math
import re
import resource
import shutil
import subprocess
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

WINDOW_SCRIPT = Path(__file__).resolve().parent / "window.lua"
_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}
_PERCENTILE = re.compile(r"^\s*(50|75|90|99)%\s+([\d.]+)(us|ms|s|m|h)\s*$", re.MULTILINE)
_TOTAL = re.compile(r"^\s*(\d+) requests in ([\d.]+)(us|ms|s|m|h)", re.MULTILINE)
_RPS = re.compile(r"^Requests/sec:\s+([\d.]+)", re.MULTILINE)
_NON_2XX = re.compile(r"^\s*Non-2xx or 3xx responses:\s+(\d+)", re.MULTILINE)
_SOCKET = re.compile(r"^\s*Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", re.MULTILINE)
_WINDOW = re.compile(r"^window (\d+) (\d+)$", re.MULTILINE)


class LoadError(RuntimeError):
    """wrk is missing, failed, or printed something unexpected."""


@dataclass(frozen=True)
class Load:
    """How a server did under one wrk run."""

    requests: int
    """Responses over the whole run."""
    seconds: float
    rps: float
    """Responses per second within the window (the whole run when there is no ramp)."""
    window_requests: int
    window_seconds: float
    p50_ms: float
    p75_ms: float
    p90_ms: float
    p99_ms: float
    non_2xx: int
    socket_errors: int
    wrk_cpu_seconds: float
    """CPU time wrk itself used: it runs on the same machine as the server."""

    @property
    def errors(self) -> int:
        """Responses other than 2xx/3xx plus connect, read, write and timeout errors, over the whole run."""
        return self.non_2xx + self.socket_errors


def wrk_path() -> str:
    """The wrk binary; raises LoadError saying how to install it."""
    path = shutil.which("wrk")
    if path is None:
        raise LoadError("wrk is not installed: apt-get install wrk (Debian/Ubuntu)")
    return path


def wrk_version() -> str:
    """wrk's version line, e.g. ``wrk debian/4.1.0-3+b2 [epoll]`` (wrk prints it with its usage, exit 1)."""
    result = subprocess.run([wrk_path(), "--version"], capture_output=True, text=True, timeout=10)
    first = (result.stdout or result.stderr).splitlines()[0]
    return first.split(" Copyright")[0].strip()


def run_wrk(
    url: str,
    *,
    seconds: float,
    connections: int,
    threads: int,
    ramp: float = 0.0,
    timeout: float = 10.0,
    headers: Mapping[str, str] | None = None,
    on_window: Callable[[], None] | None = None,
) -> Load:
    """Loads ``url`` with ``connections`` open connections for ``ramp + seconds`` (whole seconds: wrk's
    unit), sending ``headers`` with each request, and counts the responses of the last ``seconds``.
    ``on_window`` is called when the window opens."""
    total = max(1, math.ceil(ramp + seconds))
    argv = [
        wrk_path(),
        f"--threads={min(threads, connections)}",
        f"--connections={connections}",
        f"--duration={total}s",
        f"--timeout={timeout:g}s",
        "--latency",
        *(f"--header={name}: {value}" for name, value in (headers or {}).items()),
        f"--script={WINDOW_SCRIPT}",
        url,
        "--",
        f"{total - seconds:g}" if ramp else "0",
        f"{seconds:g}" if ramp else f"{total}",
    ]
    cpu_before = _children_cpu()
    started = time.monotonic()
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        if on_window is not None:
            time.sleep(max(0.0, started + total - seconds - time.monotonic()) if ramp else 0.0)
            on_window()
        stdout, stderr = process.communicate(timeout=total + timeout + 30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    if process.returncode != 0:
        raise LoadError(f"wrk failed ({process.returncode}): {stderr.strip() or stdout.strip()}")
    window = float(seconds) if ramp else 0.0
    return parse_wrk(stdout, window_seconds=window, wrk_cpu_seconds=_children_cpu() - cpu_before)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def parse_wrk(text: str, *, window_seconds: float = 0.0, wrk_cpu_seconds: float = 0.0) -> Load:
    """The figures of a ``wrk --latency --script window.lua`` report; req/s within the window when
    ``window_seconds`` is given, else wrk's own over the whole run."""
    percentiles = {int(p): float(value) * _UNITS[unit] for p, value, unit in _PERCENTILE.findall(text)}
    total, rps, window = _TOTAL.search(text), _RPS.search(text), _WINDOW.search(text)
    if total is None or rps is None or window is None or set(percentiles) != {50, 75, 90, 99}:
        raise LoadError(f"unexpected wrk output:\n{text}")
    non_2xx = _NON_2XX.search(text)
    socket = _SOCKET.search(text)
    seconds = float(total.group(2)) * _UNITS[total.group(3)] / 1000
    window_requests = int(window.group(1)) if window_seconds else int(total.group(1))
    return Load(
        requests=int(total.group(1)),
        seconds=seconds,
        rps=window_requests / window_seconds if window_seconds else float(rps.group(1)),
        window_requests=window_requests,
        window_seconds=window_seconds or seconds,
        p50_ms=percentiles[50],
        p75_ms=percentiles[75],
        p90_ms=percentiles[90],
        p99_ms=percentiles[99],
        non_2xx=int(non_2xx.group(1)) if non_2xx else 0,
        socket_errors=sum(int(n) for n in socket.groups()) if socket else 0,
        wrk_cpu_seconds=wrk_cpu_seconds,
    )
