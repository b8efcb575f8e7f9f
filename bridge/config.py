"""bridge's options, in one place: their types, defaults, documentation and validation.

``Settings`` is the one definition. ``BridgeOptions`` repeats its fields as a ``TypedDict`` only so that
``Bridge(app, **options)`` is type-checked (mypy catches a misspelt option); a test keeps the two equal.
A bad value is a ``ConfigError`` that names the option and says what it accepts.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TypedDict

from starlette.requests import Request

from .errors import ConfigError
from .render.engine import EngineFactory, Limits

BUILD_DIR = ".bridge"
"""The build folder's name, beside the pages folder, unless the user chose another."""


ErrorHook = Callable[[Request, BaseException], None]
"""``on_error(request, exception)``: told of every page failure that answers 500."""


def default_build_dir(pages: Path) -> Path:
    """Where the build goes when the user did not say: ``.bridge`` beside the pages folder."""
    return pages.resolve().parent / BUILD_DIR


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


@dataclass(frozen=True)
class Settings:
    """How one bridge app runs: the options of ``Bridge``, ``BridgeWSGI`` and the Django middleware.

    Build it with keyword arguments (``Settings(pages="pages", dev=True)``); every option but ``pages`` is
    optional. The paths are resolved and every value is checked when it is made.
    """

    pages: Path = Path("pages")
    """The pages folder (default ``"pages"``)."""
    build_dir: Path | None = None
    """Where ``bridge build`` wrote the build (default ``.bridge`` beside the pages)."""
    dev: bool = False
    """Show tracebacks in error pages (default False)."""
    compression: bool = False
    """Compress bridge's text responses with brotli or gzip, as the client accepts (default False: the
    server or host app may do it; ``bridge serve`` compresses every response itself)."""
    engine: str = "quickjs"
    """The JS engine that renders (default ``"quickjs"``, or ``"v8"``)."""
    render_threads: int | None = None
    """Render threads per process (default None: one per core, 2 to 4). With V8 under an ASGI server, how
    many V8 contexts each event loop renders with (default None: one; V8 renders do not block the loop, and
    each further context costs tens of megabytes for no more throughput)."""
    render_timeout: float = Limits.timeout
    """Seconds one render may take (default 1.0)."""
    render_memory: int = Limits.memory
    """Bytes of JS heap one engine context may use (default 256 MiB)."""
    max_props_bytes: int = 10 * 1024 * 1024
    """Largest serialised props accepted (default 10 MiB)."""
    max_body_bytes: int = 1024 * 1024
    """Largest request body a page action accepts (default 1 MiB, as Next.js's server actions); larger gets
    413."""
    render_cache_bytes: int = 64 * 1024 * 1024
    """Memory for cached renders of pages with ``render_cache = True`` (default 64 MiB per process)."""
    timing_cache_hits: bool = False
    """Say ``desc="cache hit"`` in ``Server-Timing`` when a render came from the render cache (always in
    dev). Off by default: it tells anyone whether someone else just viewed the same page data."""
    render_fallback: Literal["error", "client"] = "error"
    """When a render fails: the 500 page (``"error"``, default), or the document with the page's props
    and no markup, so the browser renders the page (``"client"``). Either way the failure is logged."""
    csp: str | None = None
    """A Content-Security-Policy header for pages; ``{nonce}`` in it becomes a fresh nonce per request,
    which bridge also puts on its scripts, e.g. ``"script-src 'nonce-{nonce}' 'strict-dynamic'"``."""
    max_concurrent_pages: int | None = None
    """How many page requests (props, action, render) one process answers at once; past it, 503 with
    ``Retry-After`` (default None: no bound). Under WSGI this keeps server threads free for the host app's
    own routes when pages are slow."""
    on_error: ErrorHook | None = None
    """Called with the request and the exception whenever a page fails with a 500 (its props, action or
    render), for error tracking: ``on_error=lambda request, exc: sentry_sdk.capture_exception(exc)``. It
    runs off the event loop (in the request's own thread under WSGI), while ``sys.exc_info()`` is the
    exception. Django's and Flask's ``got_request_exception`` signals fire too under those adapters."""
    raise_errors: bool = False
    """Let a failing page's exception propagate to the host app instead of answering bridge's 500 page,
    so the host's own 500 page and error handling take over (Django's ``handler500``, Flask's error
    handlers, Starlette's exception handlers)."""
    referrer_policy: str | None = "strict-origin-when-cross-origin"
    """The ``Referrer-Policy`` header of pages (None: none sent): other sites see the origin, not the path."""
    frame_options: str | None = "SAMEORIGIN"
    """The ``X-Frame-Options`` header of pages (None: none sent), against clickjacking; with ``csp`` and
    ``"SAMEORIGIN"``, the policy also gets ``frame-ancestors 'self'`` unless it says otherwise."""
    limits: Limits = field(init=False)
    """The render limits made of ``render_timeout`` and ``render_memory``."""
    loop_contexts: int = field(init=False)
    """``render_threads`` as given, else 1: how many engines each event loop renders with (V8, see
    render/pool.py)."""

    def __post_init__(self) -> None:
        pages = Path(_typed("pages", self.pages, (str, os.PathLike))).resolve()
        if not pages.is_dir():
            raise ConfigError(f"pages folder not found: {pages} (pass pages=... to point bridge at it)")
        build_dir = _typed("build_dir", self.build_dir, (str, os.PathLike, type(None)))
        threads = _typed("render_threads", self.render_threads, (int, type(None)))
        if _typed("max_concurrent_pages", self.max_concurrent_pages, (int, type(None))) is not None:
            _positive("max_concurrent_pages", self.max_concurrent_pages, (int,))
        if threads is not None and threads < 1:
            raise ConfigError(f"render_threads must be at least 1 (or None: one per core), not {threads}")
        if self.engine not in ENGINES:
            raise ConfigError(f"unknown engine {self.engine!r}; choose one of {sorted(ENGINES)}")
        if self.render_fallback not in ("error", "client"):
            raise ConfigError(f"render_fallback must be 'error' or 'client', not {self.render_fallback!r}")
        _typed("dev", self.dev, (bool,))
        _typed("raise_errors", self.raise_errors, (bool,))
        _typed("timing_cache_hits", self.timing_cache_hits, (bool,))
        if self.on_error is not None and not callable(self.on_error):
            raise ConfigError(f"on_error must be a function of (request, exception), not {self.on_error!r}")
        _typed("compression", self.compression, (bool,))
        _typed("csp", self.csp, (str, type(None)))
        _typed("referrer_policy", self.referrer_policy, (str, type(None)))
        _typed("frame_options", self.frame_options, (str, type(None)))
        timeout = _positive("render_timeout", self.render_timeout, (int, float))
        memory = _positive("render_memory", self.render_memory, (int,))
        for name in ("max_props_bytes", "max_body_bytes", "render_cache_bytes"):
            _positive(name, getattr(self, name), (int,))
        resolved = {
            "pages": pages,
            "build_dir": Path(build_dir).resolve() if build_dir is not None else default_build_dir(pages),
            "render_threads": threads or default_render_threads(),
            "loop_contexts": threads or 1,
            "limits": Limits(timeout=float(timeout), memory=memory),
        }
        for name, value in resolved.items():
            object.__setattr__(self, name, value)

    @classmethod
    def from_options(cls, options: Mapping[str, Any]) -> Settings:
        """Settings from keyword options; an unknown option is a ConfigError naming the known ones."""
        known = {f.name for f in dataclasses.fields(cls) if f.init}
        unknown = sorted(set(options) - known)
        if unknown:
            raise ConfigError(f"unknown bridge option(s) {unknown}; the options are {sorted(known)}")
        return cls(**options)

    @property
    def build_path(self) -> Path:
        """``build_dir`` resolved: the build folder."""
        assert self.build_dir is not None  # set in __post_init__
        return self.build_dir

    @property
    def thread_count(self) -> int:
        """``render_threads`` resolved: how many render threads each process runs."""
        assert self.render_threads is not None  # set in __post_init__
        return self.render_threads

    def engine_factory(self) -> EngineFactory:
        """The chosen engine's constructor."""
        return ENGINES[self.engine]()


class BridgeOptions(TypedDict, total=False):
    """The keyword options of ``Bridge``, ``BridgeWSGI`` and ``BRIDGE`` in Django's settings: the fields of
    ``Settings`` (documented there), for the type checker."""

    pages: str | os.PathLike[str]
    build_dir: str | os.PathLike[str] | None
    dev: bool
    compression: bool
    engine: str
    render_threads: int | None
    render_timeout: float
    render_memory: int
    max_props_bytes: int
    max_body_bytes: int
    render_cache_bytes: int
    timing_cache_hits: bool
    render_fallback: Literal["error", "client"]
    csp: str | None
    max_concurrent_pages: int | None
    on_error: ErrorHook | None
    raise_errors: bool
    referrer_policy: str | None
    frame_options: str | None


def _typed(name: str, value: Any, types: tuple[type, ...]) -> Any:
    if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
        accepted = " or ".join("None" if t is type(None) else t.__name__ for t in types)
        raise ConfigError(f"{name} must be {accepted}, not {value!r}")
    return value


def _positive(name: str, value: Any, types: tuple[type, ...]) -> Any:
    _typed(name, value, types)
    if value <= 0:
        raise ConfigError(f"{name} must be more than 0, not {value!r}")
    return value
