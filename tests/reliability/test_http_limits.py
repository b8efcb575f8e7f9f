"""`bridge serve` against clients that misbehave on purpose, over raw sockets: headers too large or too many
get 431, headers that never end get 408 and a closed connection, a stalled request body a closed connection,
and a half-sent body does not hold a SIGTERM up (bridge/http_limits.py)."""

from __future__ import annotations

import contextlib
import signal
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import App
from .support import Server, bridge_serve

TIMEOUT = 2.0
"""--header-timeout and --body-timeout of these tests."""
TOKEN = "t" * 43


@pytest.fixture(scope="module")
def served(app: App, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    log_dir = tmp_path_factory.mktemp("limits")
    server = bridge_serve(
        app.pages, log_dir, "--workers", "1", "--header-timeout", str(TIMEOUT), "--body-timeout", str(TIMEOUT)
    ).start()
    yield server
    server.stop()


def connect(server: Server) -> socket.socket:
    return socket.create_connection(("127.0.0.1", server.port), timeout=30)


def answer(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection (or 30 s pass)."""
    received = b""
    try:
        while chunk := sock.recv(65536):
            received += chunk
    except (ConnectionResetError, TimeoutError):
        pass
    return received


def send_request(server: Server, head: bytes) -> bytes:
    with connect(server) as sock:
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # refused before the end of it
            sock.sendall(head)
        return answer(sock)


def test_a_header_over_32_kib_gets_431(served: Server) -> None:
    head = b"GET /about HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * (40 * 1024) + b"\r\nConnection: close\r\n\r\n"
    status = send_request(served, head).split(b"\r\n")[0]
    assert status == b"HTTP/1.1 431 Request Header Fields Too Large", status


def test_a_megabyte_of_headers_gets_431(served: Server) -> None:
    head = b"GET /about HTTP/1.1\r\nHost: x\r\n" + b"X-Big: " + b"a" * (1 << 20) + b"\r\n\r\n"
    status = send_request(served, head).split(b"\r\n")[0]
    assert status == b"HTTP/1.1 431 Request Header Fields Too Large", status


def test_more_than_100_headers_get_431(served: Server) -> None:
    lines = b"".join(b"X-H%d: v\r\n" % i for i in range(1000))
    head = b"GET /about HTTP/1.1\r\nHost: x\r\n" + lines + b"Connection: close\r\n\r\n"
    status = send_request(served, head).split(b"\r\n")[0]
    assert status == b"HTTP/1.1 431 Request Header Fields Too Large", status


def test_headers_within_the_limits_are_served(served: Server) -> None:
    lines = b"".join(b"X-H%d: %s\r\n" % (i, b"v" * 200) for i in range(50))
    head = b"GET /about HTTP/1.1\r\nHost: x\r\n" + lines + b"Connection: close\r\n\r\n"
    assert send_request(served, head).startswith(b"HTTP/1.1 200 OK")


def test_headers_trickled_past_the_time_limit_get_408_and_a_closed_connection(served: Server) -> None:
    with connect(served) as sock:
        started = time.monotonic()
        sock.sendall(b"GET /about HTTP/1.1\r\nHost: x\r\n")
        sock.settimeout(0.5)
        received = b""
        while time.monotonic() - started < TIMEOUT + 10:
            try:
                sock.sendall(b"X-Slow: 1\r\n")  # a header line every half second, never the end
                chunk = sock.recv(65536)
            except TimeoutError:
                continue
            except (BrokenPipeError, ConnectionResetError):
                break
            if not chunk:
                break
            received += chunk
        elapsed = time.monotonic() - started
    assert received.startswith(b"HTTP/1.1 408 Request Timeout"), received[:100]
    assert elapsed < TIMEOUT + 5, f"the connection stayed open {elapsed:.1f} s"


def test_an_idle_connection_is_closed_after_the_header_time_limit(served: Server) -> None:
    with connect(served) as sock:
        started = time.monotonic()
        received = answer(sock)
        elapsed = time.monotonic() - started
    assert received.startswith(b"HTTP/1.1 408"), received[:100]
    assert elapsed < TIMEOUT + 5


def stalled_post(server: Server) -> socket.socket:
    """A POST to a page action, with a valid token, that sends 10 of the 1000 bytes it announced."""
    sock = connect(server)
    sock.sendall(
        b"POST /note HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        b"Content-Length: 1000\r\nX-CSRF-Token: %s\r\nCookie: bridge_csrf=%s\r\n\r\ntext=hello"
        % (TOKEN.encode(), TOKEN.encode())
    )
    return sock


def test_a_stalled_request_body_is_closed(served: Server) -> None:
    with stalled_post(served) as sock:
        started = time.monotonic()
        received = answer(sock)
        elapsed = time.monotonic() - started
    assert not received.startswith(b"HTTP/1.1 200"), received[:100]
    assert elapsed < TIMEOUT + 5, f"a stalled body held its connection {elapsed:.1f} s"


def test_a_body_sent_in_time_is_served(served: Server) -> None:
    with stalled_post(served) as sock:
        time.sleep(TIMEOUT / 2)
        sock.sendall(b"&x=" + b"y" * 987)
        received = answer(sock)
    assert received.startswith(b"HTTP/1.1 200 OK"), received[:200]
    assert b'<p id="note">hello</p>' in received


def test_a_half_sent_body_does_not_hold_sigterm(app: App, tmp_path: Path) -> None:
    """At shutdown a stalled body gets one second, not the body time limit (the default 30 s here)."""
    server = bridge_serve(app.pages, tmp_path, "--workers", "1").start()
    try:
        with stalled_post(server):
            time.sleep(0.5)
            assert server.process is not None
            process = server.process
            signalled = time.monotonic()
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=40)
            exited = time.monotonic() - signalled
    finally:
        server.stop()
    assert exited < 5, f"SIGTERM took {exited:.1f} s with a half-sent body open"
