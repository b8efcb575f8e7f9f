"""For tests that use bridge as a user installs it: a fresh virtualenv holding only bridge's wheel."""

from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(*command: str | Path, cwd: Path) -> None:
    result = subprocess.run([str(c) for c in command], cwd=cwd, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"{command}: {result.stdout}\n{result.stderr}"


def make_wheel_env(root: Path) -> Path:
    """Builds bridge's wheel from this checkout into ``root/dist`` and installs it with the ``build`` extra
    into a new virtualenv ``root/venv``; returns the virtualenv."""
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", root / "dist", ROOT, cwd=root)
    (wheel,) = (root / "dist").glob("bridge-*.whl")
    venv.create(root / "venv", with_pip=True)
    _run(root / "venv" / "bin" / "pip", "install", "--quiet", f"bridge[build] @ {wheel.as_uri()}", cwd=root)
    return root / "venv"
