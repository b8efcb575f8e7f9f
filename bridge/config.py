"""bridge's settings, in one place, with their defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ConfigError
from .render.engine import EngineFactory, Limits


def _quickjs() -> EngineFactory:
    from .render.quickjs import QuickJSEngine

    return QuickJSEngine


ENGINES = {"quickjs": _quickjs}
"""JS engines by name; each entry imports its engine only when chosen."""


def default_render_threads() -> int:
    """Render threads per process: one per core, at least 2 (a runaway render then blocks only one)."""
    return max(2, min(4, os.cpu_count() or 1))


@dataclass(frozen=True)
class Settings:
    """How one bridge app runs. Paths are resolved; ``build_dir`` defaults to ``.bridge`` beside the pages."""

    pages: Path
    build_dir: Path
    engine: str = "quickjs"
    render_threads: int = field(default_factory=default_render_threads)
    limits: Limits = field(default_factory=Limits)
    max_props_bytes: int = 10 * 1024 * 1024
    dev: bool = False

    @classmethod
    def create(cls, pages: str | Path = "pages", build_dir: str | Path | None = None, **options: object) -> Settings:
        """Settings from user-facing arguments, checked: a missing pages folder is a ConfigError."""
        pages_dir = Path(pages).resolve()
        if not pages_dir.is_dir():
            raise ConfigError(f"pages folder not found: {pages_dir} (pass pages=... to point bridge at it)")
        build = Path(build_dir).resolve() if build_dir is not None else pages_dir.parent / ".bridge"
        settings = cls(pages=pages_dir, build_dir=build, **options)  # type: ignore[arg-type]
        if settings.engine not in ENGINES:
            raise ConfigError(f"unknown engine {settings.engine!r}; choose one of {sorted(ENGINES)}")
        if settings.render_threads < 1:
            raise ConfigError("render_threads must be at least 1")
        return settings

    def engine_factory(self) -> EngineFactory:
        """The chosen engine's constructor."""
        return ENGINES[self.engine]()
