"""bridge's settings, in one place, with their defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, TypedDict

from .errors import ConfigError
from .render.engine import EngineFactory, Limits


def _quickjs() -> EngineFactory:
    from .render.quickjs import QuickJSEngine

    return QuickJSEngine


def _v8() -> EngineFactory:
    try:
        from .render.v8 import V8Engine
    except ImportError:
        raise ConfigError("the v8 engine needs mini-racer: pip install 'bridge[v8]'") from None
    return V8Engine


ENGINES = {"quickjs": _quickjs, "v8": _v8}
"""JS engines by name; each entry imports its engine only when chosen."""


def default_render_threads() -> int:
    """Render threads per process: one per core, at least 2 (a runaway render then blocks only one)."""
    return max(2, min(4, os.cpu_count() or 1))


class BridgeOptions(TypedDict, total=False):
    """Options of ``Bridge``, ``BridgeWSGI`` and the Django middleware; all optional."""

    pages: str | Path
    """The pages folder (default ``"pages"``)."""
    build_dir: str | Path | None
    """Where ``bridge build`` wrote the build (default ``.bridge`` beside the pages)."""
    dev: bool
    """Show tracebacks in error pages (default False)."""
    engine: str
    """The JS engine that renders (default ``"quickjs"``)."""
    render_threads: int | None
    """Render threads per process (default: one per core, 2 to 4); with V8 under an ASGI server, also how
    many V8 contexts each event loop renders with."""
    render_timeout: float
    """Seconds one render may take (default 1.0)."""
    render_memory: int
    """Bytes of JS heap one engine context may use (default 256 MiB)."""
    max_props_bytes: int
    """Largest serialised props accepted (default 10 MiB)."""
    max_body_bytes: int
    """Largest request body a page action accepts (default 10 MiB); larger gets 413."""
    render_cache_bytes: int
    """Memory for cached renders of pages with ``render_cache = True`` (default 64 MiB per process)."""
    render_fallback: Literal["error", "client"]
    """When a render fails: the 500 page (``"error"``, default), or the document with the page's props
    and no markup, so the browser renders the page (``"client"``). Either way the failure is logged."""
    csp: str | None
    """A Content-Security-Policy header for pages; ``{nonce}`` in it becomes a fresh nonce per request,
    which bridge also puts on its scripts, e.g. ``"script-src 'nonce-{nonce}' 'strict-dynamic'"``."""


@dataclass(frozen=True)
class Settings:
    """How one bridge app runs. Paths are resolved; ``build_dir`` defaults to ``.bridge`` beside the pages."""

    pages: Path
    build_dir: Path
    engine: str = "quickjs"
    render_threads: int = field(default_factory=default_render_threads)
    limits: Limits = field(default_factory=Limits)
    max_props_bytes: int = 10 * 1024 * 1024
    max_body_bytes: int = 10 * 1024 * 1024
    render_cache_bytes: int = 64 * 1024 * 1024
    dev: bool = False
    render_fallback: Literal["error", "client"] = "error"
    csp: str | None = None

    @classmethod
    def from_options(cls, options: BridgeOptions) -> Settings:
        """Settings from the user-facing options, checked: a missing pages folder is a ConfigError."""
        pages = Path(options.get("pages", "pages")).resolve()
        if not pages.is_dir():
            raise ConfigError(f"pages folder not found: {pages} (pass pages=... to point bridge at it)")
        build_dir = options.get("build_dir")
        settings = cls(
            pages=pages,
            build_dir=Path(build_dir).resolve() if build_dir is not None else pages.parent / ".bridge",
            engine=options.get("engine", "quickjs"),
            render_threads=options.get("render_threads") or default_render_threads(),
            limits=Limits(
                timeout=options.get("render_timeout", Limits.timeout),
                memory=options.get("render_memory", Limits.memory),
            ),
            max_props_bytes=options.get("max_props_bytes", cls.max_props_bytes),
            max_body_bytes=options.get("max_body_bytes", cls.max_body_bytes),
            render_cache_bytes=options.get("render_cache_bytes", cls.render_cache_bytes),
            dev=options.get("dev", False),
            render_fallback=options.get("render_fallback", "error"),
            csp=options.get("csp"),
        )
        if settings.render_fallback not in ("error", "client"):
            raise ConfigError(f"render_fallback must be 'error' or 'client', not {settings.render_fallback!r}")
        if settings.engine not in ENGINES:
            raise ConfigError(f"unknown engine {settings.engine!r}; choose one of {sorted(ENGINES)}")
        if settings.render_threads < 1:
            raise ConfigError("render_threads must be at least 1")
        return settings

    def engine_factory(self) -> EngineFactory:
        """The chosen engine's constructor."""
        return ENGINES[self.engine]()
