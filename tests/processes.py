"""For tests that start bridge as a process: a free loopback port and the `bridge` command to run."""

from __future__ import annotations

import shutil
import socket
import sys
from pathlib import Path


def free_port() -> int:
    """A TCP port nobody listens on right now, on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def bridge_command() -> str:
    """The `bridge` console script beside the Python running the tests (the venv's), else the one on PATH."""
    beside = Path(sys.executable).parent / "bridge"
    if beside.exists():
        return str(beside)
    found = shutil.which("bridge")
    if found is None:
        raise RuntimeError("no `bridge` command found: pip install -e '.[build,test]'")
    return found
