"""``bridge build`` loads the server bundle as the server will: in each JS engine that is installed, with
every page's module evaluated. A page whose code throws at load fails the build with its file, the npm
package the error came from, and the stack mapped to the original files (render/stacks.py)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from ..errors import BuildError, ConfigError
from ..render.engine import PAGE_LOAD_ERROR
from ..render.stacks import SourceMap, v8_stack

LOAD_TIMEOUT = 60.0
"""Seconds the bundle and its pages may take to load in one engine, for the check."""

PageLoader = Callable[[str], str]
"""Evaluates the bundle, then ``__bridgeLoadPages()``; returns its JSON, raises ``_LoadFailed``."""


class _LoadFailed(Exception):
    """The bundle itself threw while it loaded; the message is the engine's, with the stack."""


@dataclass
class _Failure:
    page: str
    file: str
    engines: list[str] = field(default_factory=list)
    stack: str = ""


def check_pages(bundle: Path, root: Path, engines: Collection[str] | None = None) -> None:
    """Loads ``bundle`` and all its pages in ``engines`` (default: each one installed); raises BuildError
    naming what failed. ``root`` is the app's folder: stack positions are shown relative to it."""
    source = bundle.read_text()
    source_map = SourceMap.of_bundle(bundle, root)
    failures: dict[str, _Failure] = {}
    for engine, load in _engines(engines):
        try:
            found = orjson.loads(load(source))
        except _LoadFailed as exc:
            stack = source_map.map_stack(str(exc)) if source_map else str(exc)
            raise BuildError([f"the server bundle fails to load in {engine}: {stack}"]) from None
        for item in found:
            failure = failures.setdefault(item["page"], _Failure(item["page"], item["file"]))
            failure.engines.append(engine)
            if not failure.stack:
                failure.stack = item["stack"]
    if failures:
        raise BuildError([_describe(failure, source_map, root) for failure in failures.values()])


def _describe(failure: _Failure, source_map: SourceMap | None, root: Path) -> str:
    """``pages/x.jsx: page "x" fails to load on the server (QuickJS, V8): <error>``, where it came from, and
    the mapped stack."""
    file = Path(failure.file)
    shown = file.relative_to(root) if file.is_relative_to(root) else file
    stack = failure.stack.split("\n", 1)[-1] if failure.stack.startswith(PAGE_LOAD_ERROR) else failure.stack
    where = ""
    if source_map is not None:
        positions = source_map.positions(stack)
        in_package = next((p for p in positions if p.package), None)
        if (found := in_package) is not None:
            where = f"\n  thrown in the package {found.package} ({found.file}:{found.line}:{found.column})"
        elif positions:
            where = f"\n  thrown at {positions[0]}"
        stack = source_map.map_stack(stack)
    message, _, frames = stack.partition("\n")
    engines = ", ".join(failure.engines)
    return f'{shown}: page "{failure.page}" fails to load on the server ({engines}): {message}{where}\n{frames}'


def _engines(names: Collection[str] | None) -> Iterator[tuple[str, PageLoader]]:
    if names is None or "quickjs" in names:
        yield "QuickJS", _load_quickjs
    if names is not None and "v8" not in names:
        return
    try:
        import py_mini_racer  # noqa: F401
    except ImportError:
        if names is not None:
            raise ConfigError("the v8 engine needs mini-racer: pip install 'bridge[v8]'") from None
        return
    yield "V8", _load_v8


def _load_quickjs(source: str) -> str:
    import quickjs

    from ..render import quickjs as _engine  # noqa: F401 (refuses the old binding that would shadow quickjs-ng)

    context = quickjs.Context()
    context.set_time_limit(LOAD_TIMEOUT)
    try:
        context.eval(source)
        while context.execute_pending_job():
            pass
    except quickjs.JSException as exc:
        raise _LoadFailed(str(exc)) from None
    return str(context.eval("__bridgeLoadPages()"))


def _load_v8(source: str) -> str:
    """On a thread of its own: mini-racer refuses a blocking eval with a time limit on a thread that runs an
    event loop (a build started from async code)."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(_load_v8_here, source).result()


def _load_v8_here(source: str) -> str:
    from py_mini_racer import JSEvalException, MiniRacer, init_mini_racer

    from ..render.v8 import V8_FLAGS

    init_mini_racer(flags=V8_FLAGS, ignore_duplicate_init=True)
    context = MiniRacer()
    try:
        context.eval(source, timeout_sec=LOAD_TIMEOUT)
        return str(context.eval("__bridgeLoadPages()", timeout_sec=LOAD_TIMEOUT))
    except JSEvalException as exc:
        raise _LoadFailed(v8_stack(str(exc))) from None
    finally:
        context.close()
