"""Fixtures of the reliability tests: the fixture app in tests/reliability/app/pages, built once per session,
served in-process (ASGI) on either JS engine, or by real `bridge serve` processes.

The v8 engine needs mini-racer: without it the v8 cases are skipped, except under CI (CI=true), where
they fail.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bridge import Bridge
from bridge.build.bundler import build

from .support import CI

APP = Path(__file__).parent / "app" / "pages"
ENGINES = ["quickjs", "v8"]


@dataclass(frozen=True)
class App:
    """The built fixture app: its pages folder and its build folder."""

    pages: Path
    build_dir: Path

    def bridge(self, **options: object) -> Bridge:
        """A Bridge serving this app; the caller closes it."""
        return Bridge(pages=self.pages, build_dir=self.build_dir, **options)

    @property
    def server_bundle(self) -> Path:
        return self.build_dir / "server.js"


@pytest.fixture(scope="session")
def app(tmp_path_factory: pytest.TempPathFactory) -> App:
    """tests/reliability/app, copied and built once per session."""
    root = tmp_path_factory.mktemp("reliability")
    shutil.copytree(APP, root / "pages", ignore=shutil.ignore_patterns("__pycache__"))
    manifest = build(root / "pages", root / ".bridge")
    assert manifest.server == "server.js"
    return App(root / "pages", root / ".bridge")


def require_engine(engine: str) -> None:
    """Skips a v8 case when mini-racer is missing; under CI that is a failure."""
    if engine == "v8" and importlib.util.find_spec("py_mini_racer") is None:
        reason = "the v8 engine needs mini-racer (pip install 'bridge[v8]'): py_mini_racer is not importable"
        if CI:
            pytest.fail(f"{reason} (CI=true: the v8 cases may not be skipped)", pytrace=False)
        pytest.skip(reason)


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    """Each JS engine in turn."""
    name: str = request.param
    require_engine(name)
    return name


@pytest.fixture
def secret_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """An environment value that /boom puts in its error message: it must never reach a visitor."""
    value = f"env-secret-{os.getpid()}-7f3a"
    monkeypatch.setenv("RELIABILITY_SECRET", value)
    yield value
