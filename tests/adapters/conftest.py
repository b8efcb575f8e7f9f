"""The examples/ apps, copied out of the source tree and built once per session (helpers are in support.py).

Each example is tested through its real stack: httpx's ASGITransport for ASGI apps, werkzeug's test Client
(or a real WSGI server thread) for WSGI apps, Django's test Client for Django.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from bridge.build.bundler import build

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
_IGNORE = shutil.ignore_patterns(".bridge", "db.sqlite3", "__pycache__", "node_modules")

BuildExample = Callable[[str], Path]


@pytest.fixture(scope="session")
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="session")
def example(tmp_path_factory: pytest.TempPathFactory) -> BuildExample:
    """``example("flask_app")``: that example copied into a temp folder, its pages built; once per session."""
    root = tmp_path_factory.mktemp("examples")
    built: dict[str, Path] = {}

    def get(name: str) -> Path:
        if name not in built:
            folder = root / name
            shutil.copytree(EXAMPLES / name, folder, ignore=_IGNORE)
            build(folder / "pages", folder / ".bridge")
            built[name] = folder
        return built[name]

    return get
