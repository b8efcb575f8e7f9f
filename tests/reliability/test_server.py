"""`bridge serve --workers 2` as a real process under load: a worker killed with SIGKILL is replaced while
the other keeps serving, and SIGTERM lets the requests in flight finish before everything exits with 0."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from .conftest import App
from .support import Server, bridge_serve


@dataclass
class Load:
    """A bounded request loop: ``clients`` threads, each a new connection per request, until stopped."""

    port: int
    path: str
    clients: int = 4
    limit: int = 5000
    results: list[tuple[float, str]] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _threads: list[threading.Thread] = field(default_factory=list)

    def start(self) -> Load:
        for _ in range(self.clients):
            thread = threading.Thread(target=self._run, daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def stop(self) -> Counter[str]:
        self._stop.set()
        for thread in self._threads:
            thread.join(15)
        return Counter(outcome for _, outcome in self.results)

    def _run(self) -> None:
        for _ in range(self.limit // self.clients):
            if self._stop.is_set():
                return
            outcome = get(self.port, self.path)
            self.results.append((time.monotonic(), outcome))  # (by the time of the answer)

    def between(self, start: float, end: float) -> Counter[str]:
        return Counter(outcome for at, outcome in self.results if start <= at < end)


def get(port: int, path: str, timeout: float = 10.0) -> str:
    """One request on a new connection: the status as text, or the name of the error."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return str(response.status)
    except (OSError, http.client.HTTPException) as exc:
        return type(exc).__name__
    finally:
        connection.close()


@pytest.fixture
def two_workers(app: App, tmp_path: Path) -> Iterator[Server]:
    server = bridge_serve(app.pages, tmp_path, "--workers", "2", "--render-threads", "2").start()
    server.wait_workers(2)
    yield server
    server.stop()


def test_head_through_the_server(two_workers: Server) -> None:
    """HEAD: the headers of the GET, no body (the server drops it)."""
    with socket.create_connection(("127.0.0.1", two_workers.port), timeout=10) as sock:
        sock.sendall(b"HEAD /list?n=50 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        raw = b""
        while chunk := sock.recv(65536):
            raw += chunk
    head, _, body = raw.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200")
    assert int(head.lower().split(b"content-length: ")[1].split(b"\r\n")[0]) > 1000
    assert body == b""


def test_a_killed_worker_is_replaced_while_the_other_serves(two_workers: Server) -> None:
    first, second = two_workers.workers()
    load = Load(two_workers.port, "/list?n=20").start()
    time.sleep(1.0)
    killed_at = time.monotonic()
    os.kill(first, signal.SIGKILL)
    replaced_at = None
    deadline = killed_at + 20
    while time.monotonic() < deadline:
        workers = two_workers.workers()
        if second in workers and len(workers) == 2 and first not in workers:
            replaced_at = time.monotonic()
            break
        time.sleep(0.02)
    assert replaced_at is not None, f"no new worker within 20 s: {two_workers.workers()}\n{two_workers.log()}"
    [new] = [pid for pid in two_workers.workers() if pid != second]
    two_workers.wait_workers(2)
    listening_at = time.monotonic()
    time.sleep(1.0)
    outcomes = load.stop()
    before = load.between(0, killed_at)
    during = load.between(killed_at, listening_at)
    after = load.between(listening_at, float("inf"))
    errors = sum(count for outcome, count in outcomes.items() if outcome != "200")
    print(
        f"kill -9 of worker {first}: new worker {new} after {replaced_at - killed_at:.2f} s, listening after "
        f"{listening_at - killed_at:.2f} s; requests before {dict(before)}, until the new worker listened "
        f"{dict(during)}, after {dict(after)}; client-visible errors: {errors} of {sum(outcomes.values())}"
    )
    assert before["200"] > 20 and set(before) == {"200"}
    assert during["200"] > 0, "the other worker did not serve while the killed one was replaced"
    assert after["200"] > 0 and set(after) == {"200"}
    assert errors <= load.clients, f"more errors than requests that can have been in flight: {dict(outcomes)}"
    assert "exited with -9; starting a new one" in two_workers.log()


def test_sigterm_lets_requests_in_flight_finish(two_workers: Server) -> None:
    load = Load(two_workers.port, "/list?n=20", clients=2).start()
    slow: list[str] = []
    threads = [threading.Thread(target=lambda: slow.append(get(two_workers.port, "/slow?s=1"))) for _ in range(8)]
    for thread in threads:
        thread.start()
    time.sleep(0.4)  # every slow request is in its props now
    assert two_workers.process is not None
    process = two_workers.process
    signalled = time.monotonic()
    process.send_signal(signal.SIGTERM)
    for thread in threads:
        thread.join(20)
    code = process.wait(timeout=40)
    exited = time.monotonic() - signalled
    outcomes = load.stop()
    two_workers.process = None
    print(f"SIGTERM: exit code {code} after {exited:.2f} s; slow requests {Counter(slow)}; load {dict(outcomes)}")
    assert slow == ["200"] * 8
    assert code == 0
    assert exited < 8 + 5  # bridge serve's graceful timeout (8 s) and the supervisor's margin
    assert not [outcome for outcome in outcomes if outcome.startswith("5")]  # refused connections, never a 5xx
    assert outcomes["200"] > 0
