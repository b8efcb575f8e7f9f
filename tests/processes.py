"""For tests that start bridge as a process: a free loopback port and the command that runs bridge."""

from __future__ import annotations

import socket
import sys


def free_port() -> int:
    """A TCP port nobody listens on right now, on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def bridge_command() -> list[str]:
    """``python -m bridge`` with the Python running the tests: never another ``bridge`` on PATH (Debian's
    iproute2 has one in /usr/sbin)."""
    return [sys.executable, "-m", "bridge"]
