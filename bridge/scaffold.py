"""``bridge new`` and ``bridge init``: a typed starter app, written from the ``starter/`` templates.

The templates are ``starter/`` in a source checkout and ``bridge/_starter`` in an installed wheel. Files
named ``gitignore`` and ``dockerignore`` become dotfiles; ``__APP_NAME__`` becomes the app's name. Nothing
that exists is overwritten: ``init`` in a folder holding any of the starter's files stops and names them,
except ``.gitignore`` (missing lines are appended) and ``requirements.txt`` (bridge's line is added).
"""

from __future__ import annotations

import importlib.metadata
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

import orjson

from .errors import ConfigError

_PACKAGE_DIR = Path(__file__).resolve().parent
_RENAMED = {"gitignore": ".gitignore", "dockerignore": ".dockerignore"}
_MERGED = {".gitignore", "requirements.txt"}
_PLACEHOLDER = "__APP_NAME__"


def starter_dir() -> Path:
    """The starter app's templates: ``starter/`` in a source checkout, ``bridge/_starter`` in a wheel."""
    checkout = _PACKAGE_DIR.parent / "starter"
    return checkout if (checkout / "pages").is_dir() else _PACKAGE_DIR / "_starter"


@dataclass
class Scaffold:
    """What ``create`` wrote, and what the user must still do."""

    written: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def create(target: Path, name: str | None = None) -> Scaffold:
    """Writes the starter app into ``target`` (made if missing); raises ConfigError, writing nothing, when a
    starter file is already there."""
    target = target.resolve()
    name = app_name(name or target.name)
    files = {_destination(template.relative_to(starter_dir())): template for template in _templates()}
    taken = sorted(str(path) for path in files if (target / path).exists() and str(path) not in _MERGED)
    if taken:
        listed = ", ".join(taken)
        raise ConfigError(f"{target} already has {listed}: nothing was written (move them, or start elsewhere)")
    result = Scaffold()
    for path, template in sorted(files.items()):
        destination = target / path
        destination.parent.mkdir(parents=True, exist_ok=True)
        if str(path) == ".gitignore" and destination.exists():
            _append_missing_lines(destination, template.read_text())
        else:
            data = template.read_bytes()
            if template.suffix in (".json", ".md") or template.name == "Dockerfile":
                data = data.replace(_PLACEHOLDER.encode(), name.encode())
            destination.write_bytes(data)
        result.written.append(destination)
    requirement, wheel, warning = bridge_requirement()
    if wheel is not None:
        (target / "wheels").mkdir(exist_ok=True)
        shutil.copy2(wheel, target / "wheels" / wheel.name)
        result.written.append(target / "wheels" / wheel.name)
    if warning:
        result.warnings.append(warning)
    requirements = target / "requirements.txt"
    existing = requirements.read_text() if requirements.exists() else ""
    if not re.search(r"^bridge\b", existing, re.MULTILINE):
        separator = "" if not existing or existing.endswith("\n") else "\n"
        requirements.write_text(f"{existing}{separator}{requirement}\n")
    result.written.append(requirements)
    return result


def app_name(folder_name: str) -> str:
    """An npm-valid package name from a folder name: lowercase, with ``-`` for anything else."""
    name = re.sub(r"[^a-z0-9._-]+", "-", folder_name.lower()).strip("-._")
    return name or "app"


def bridge_requirement() -> tuple[str, Path | None, str | None]:
    """The ``requirements.txt`` line that installs this bridge elsewhere (a Docker build), the wheel to copy
    into ``wheels/`` when bridge was installed from a local wheel, and a warning when neither can be known.

    Read from ``direct_url.json`` (PEP 610): a git URL is pinned to its commit; a local wheel is copied so
    the app carries it; an index install is ``bridge==<version>``.
    """
    distribution = importlib.metadata.distribution("bridge")
    version = distribution.version
    raw = distribution.read_text("direct_url.json")
    if raw is None:
        return f"bridge=={version}", None, None
    direct = orjson.loads(raw)
    url: str = direct["url"]
    if "vcs_info" in direct:
        vcs = direct["vcs_info"]
        subdirectory = f"#subdirectory={direct['subdirectory']}" if direct.get("subdirectory") else ""
        return f"bridge @ {vcs['vcs']}+{url}@{vcs['commit_id']}{subdirectory}", None, None
    parsed = urlparse(url)
    if parsed.scheme != "file":
        return f"bridge @ {url}", None, None
    local = Path(unquote(parsed.path))
    if local.suffix == ".whl" and local.is_file():
        return f"./wheels/{local.name}", local, None
    warning = (
        f"requirements.txt: bridge is installed from {local}, which a Docker build cannot reach; "
        "replace its line with a wheel (./wheels/bridge-....whl) or a git URL (bridge @ git+https://...)"
    )
    return f"bridge @ {url}", None, warning


def _templates() -> list[Path]:
    root = starter_dir()
    skipped = {"__pycache__", "node_modules", ".bridge", ".data"}
    return [path for path in root.rglob("*") if path.is_file() and not skipped & set(path.relative_to(root).parts)]


def _destination(relative: Path) -> Path:
    return relative.with_name(_RENAMED.get(relative.name, relative.name)) if relative.parent == Path() else relative


def _append_missing_lines(file: Path, template: str) -> None:
    present = set(file.read_text().splitlines())
    missing = [line for line in template.splitlines() if line and line not in present]
    if missing:
        text = file.read_text()
        separator = "" if not text or text.endswith("\n") else "\n"
        file.write_text(text + separator + "\n".join(missing) + "\n")
