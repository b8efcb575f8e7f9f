"""The app's own ``package.json`` (beside ``pages/``): its npm packages, and bridge's settings in its
``"bridge"`` key.

``{"bridge": {"locales": ["en", "fr"]}}`` declares the locales the app formats text in: the server bundle
then carries Intl for them where the engine has none (QuickJS), see js/src/intl.js.

The app's packages are installed from its lockfile (``npm ci``) when they are missing or older than it.
React is bridge's own (one copy for the server, the browser and bridge's runtime): an app that asks for
another major version of ``react`` or ``react-dom`` gets a build error rather than a different React.
"""

from __future__ import annotations

import re
from pathlib import Path

import orjson

from ..errors import BuildError, ConfigError
from .toolchain import Node, ensure_js_dependencies

REACT_PACKAGES = ("react", "react-dom")


def package_file(pages_dir: Path) -> Path:
    """Where the app's package.json is: beside the pages folder."""
    return pages_dir.parent / "package.json"


def _read(file: Path) -> dict[str, object]:
    try:
        package = orjson.loads(file.read_bytes())
    except orjson.JSONDecodeError as exc:
        raise ConfigError(f"{file}: not valid JSON ({exc})") from None
    return package if isinstance(package, dict) else {}


def ensure_app_dependencies(node: Node, app_dir: Path, js_dir: Path) -> None:
    """Installs the app's packages from its lockfile when they are missing or stale, and refuses a React
    of another major version than bridge's."""
    file = app_dir / "package.json"
    if not file.is_file():
        return
    _check_react(file, _read(file), js_dir)
    lock = app_dir / "package-lock.json"
    installed = app_dir / "node_modules" / ".package-lock.json"  # npm's record of what it installed
    if lock.is_file() and not (installed.is_file() and installed.stat().st_mtime >= lock.stat().st_mtime):
        ensure_js_dependencies(node, app_dir)


def _check_react(file: Path, package: dict[str, object], js_dir: Path) -> None:
    ours = _read(js_dir / "package.json").get("dependencies", {})
    assert isinstance(ours, dict)
    for section in ("dependencies", "devDependencies", "peerDependencies"):
        asked = package.get(section, {})
        for name in REACT_PACKAGES:
            spec = asked.get(name) if isinstance(asked, dict) else None
            if not isinstance(spec, str) or (major := re.search(r"\d+", spec)) is None:
                continue
            version = str(ours[name])
            if major[0] != version.split(".")[0]:
                raise BuildError(
                    [
                        f'{file}: "{name}": "{spec}" asks for another React than bridge\'s {version}, which renders '
                        f"on the server and in the browser (one React for both): ask for ^{version.split('.')[0]} "
                        f"or remove {name} from {section}"
                    ]
                )


def declared_locales(pages_dir: Path) -> list[str]:
    """The locales in the app's package.json (``"bridge": {"locales": [...]}``); [] when none are declared."""
    file = package_file(pages_dir)
    if not file.is_file():
        return []
    settings = _read(file).get("bridge", {})
    locales = settings.get("locales", []) if isinstance(settings, dict) else None
    if not isinstance(locales, list) or not all(isinstance(tag, str) and tag for tag in locales):
        raise ConfigError(f'{file}: "bridge": {{"locales": ...}} must be a list of locale tags, such as ["en", "fr"]')
    return locales
