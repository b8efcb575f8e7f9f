"""The app's own package.json: its React, its missing packages, its declared locales
(bridge/build/app_package.py and the build's messages)."""

from __future__ import annotations

import asyncio
import json
import subprocess
from pathlib import Path

import httpx
import pytest
from processes import bridge_command

from bridge import Bridge
from bridge.build.bundler import build
from bridge.errors import BuildError, ConfigError


async def _get(app: Bridge, path: str) -> httpx.Response:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as client:
        return await client.get(path)


def _app(root: Path, page: str, package: dict[str, object] | None = None) -> Path:
    (root / "pages").mkdir()
    (root / "pages" / "index.jsx").write_text(page)
    if package is not None:
        (root / "package.json").write_text(json.dumps(package))
    return root / "pages"


def test_another_major_react_is_a_build_error(tmp_path: Path) -> None:
    pages = _app(tmp_path, "export default () => <p>hi</p>;\n", {"dependencies": {"react": "^18.2.0"}})
    with pytest.raises(BuildError) as caught:
        build(pages, tmp_path / ".bridge")
    assert '"react": "^18.2.0" asks for another React than bridge\'s 19.' in str(caught.value)
    assert str(tmp_path / "package.json") in str(caught.value)


def test_a_missing_package_says_how_to_install_it(tmp_path: Path) -> None:
    pages = _app(tmp_path, 'import pad from "left-pad-nowhere/lib";\nexport default () => <p>{pad}</p>;\n')
    with pytest.raises(BuildError) as caught:
        build(pages, tmp_path / ".bridge")
    assert 'Could not resolve "left-pad-nowhere/lib"' in str(caught.value)
    assert "run `bridge npm install left-pad-nowhere`" in str(caught.value)


def test_locales_must_be_a_list(tmp_path: Path) -> None:
    pages = _app(tmp_path, "export default () => <p>hi</p>;\n", {"bridge": {"locales": "en"}})
    with pytest.raises(ConfigError, match="must be a list of locale tags"):
        build(pages, tmp_path / ".bridge")


def test_a_locale_without_intl_data_is_a_build_error(tmp_path: Path) -> None:
    pages = _app(tmp_path, "export default () => <p>hi</p>;\n", {"bridge": {"locales": ["en", "xx-nowhere"]}})
    with pytest.raises(BuildError, match='no Intl data for the locale "xx-nowhere"'):
        build(pages, tmp_path / ".bridge")


def test_bridge_npm_runs_npm_in_the_app_folder(tmp_path: Path) -> None:
    pages = _app(tmp_path, "export default () => <p>hi</p>;\n", {"name": "my-shop", "version": "1.0.0"})
    command = [*bridge_command(), "npm", "--pages", str(pages), "pkg", "get", "name"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False, cwd="/")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == '"my-shop"'


def test_a_package_json_that_is_not_json_is_named(tmp_path: Path) -> None:
    pages = _app(tmp_path, "export default () => <p>hi</p>;\n")
    (tmp_path / "package.json").write_text('{"dependencies": {"react": "^19"},}\n')
    with pytest.raises(ConfigError, match=rf"{tmp_path / 'package.json'}: not valid JSON \(trailing comma"):
        build(pages, tmp_path / ".bridge")


def test_the_build_installs_the_apps_packages_from_its_lockfile(tmp_path: Path) -> None:
    # A fresh clone: package.json and package-lock.json committed, node_modules not; here the package is a
    # local folder, so npm needs no network.
    shout = tmp_path / "shout"
    shout.mkdir()
    (shout / "package.json").write_text('{"name": "shout", "version": "1.0.0", "main": "index.js"}')
    (shout / "index.js").write_text("module.exports = (text) => text.toUpperCase() + '!';\n")
    page = 'import shout from "shout";\nexport default () => <p>{shout("hi")}</p>;\n'
    pages = _app(tmp_path, page, {"name": "app", "version": "1.0.0", "dependencies": {"shout": "file:shout"}})
    lock = [*bridge_command(), "npm", "--pages", str(pages), "install", "--package-lock-only", "--offline"]
    subprocess.run(lock, capture_output=True, text=True, timeout=120, check=True)
    assert not (tmp_path / "node_modules").exists()
    build(pages, tmp_path / ".bridge")
    assert (tmp_path / "node_modules" / "shout" / "index.js").is_file()  # npm ci ran
    bridge = Bridge(pages=pages)
    try:
        response = asyncio.run(_get(bridge, "/"))
    finally:
        bridge.close()
    assert "<p>HI!</p>" in response.text
