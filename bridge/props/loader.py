"""Importing the pages' Python modules and calling their ``get_server_side_props``.

Each pages folder becomes a package of its own (``_bridge_pages_<hash>``) whose path is that folder, so
page modules can share helpers with relative imports: ``from ._lib import db`` in ``pages/index.py``,
``from .._lib import db`` in ``pages/books/[id].py``.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import inspect
import re
import sys
import traceback
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..concurrency import run_blocking
from ..errors import PageError
from .context import PageContext
from .result import ActionOutcome, Outcome, Props, check_action_result, check_result

PropsFunction = Callable[[PageContext], Any]


def package_name(pages_dir: Path) -> str:
    """The package name that stands for ``pages_dir`` in ``sys.modules``."""
    digest = hashlib.sha1(str(pages_dir.resolve()).encode()).hexdigest()[:10]
    return f"_bridge_pages_{digest}"


def unload_pages(pages_dir: Path) -> dict[str, types.ModuleType]:
    """Removes the pages package's modules from ``sys.modules`` so they import afresh; returns them."""
    root = package_name(pages_dir)
    gone = {name: module for name, module in sys.modules.items() if name.startswith(f"{root}.")}
    for name in gone:
        del sys.modules[name]
    return gone


def _ensure_package(name: str, path: Path) -> None:
    if name not in sys.modules:
        package = types.ModuleType(name, f"bridge pages package for {path}")
        package.__path__ = [str(path)]
        package.__file__ = None
        sys.modules[name] = package


ACTIONS = ("post", "put", "patch", "delete")
"""The mutation handlers a page module may define, named after their HTTP methods."""


class PageModule:
    """A page's imported ``.py`` module: its ``get_server_side_props`` and its action handlers."""

    def __init__(
        self, file: Path, functions: dict[str, PropsFunction], render_cache: bool = False, prefetch: bool = True
    ) -> None:
        self.file = file
        self._functions = functions
        self._is_async = {name: inspect.iscoroutinefunction(function) for name, function in functions.items()}
        self.methods = frozenset(name.upper() for name in functions if name in ACTIONS)
        """The HTTP methods besides GET and HEAD that this page handles."""
        self.render_cache = render_cache
        """Whether the page's renders may be cached (``render_cache = True`` in its module)."""
        self.prefetch = prefetch
        """Whether links may prefetch the page's props (``prefetch = False`` in its module: code only)."""

    @property
    def props_function(self) -> PropsFunction | None:
        """``get_server_side_props``, if the module has one (``bridge types`` reads its annotation)."""
        return self._functions.get("get_server_side_props")

    async def props(self, context: PageContext) -> Outcome:
        """Calls ``get_server_side_props`` (no props when the module has none)."""
        function = self._functions.get("get_server_side_props")
        if function is None:
            return Props({})
        return check_result(await _call(function, self._is_async["get_server_side_props"], context), self.file)

    async def act(self, method: str, context: PageContext) -> ActionOutcome:
        """Calls the handler of ``method`` (``POST`` -> ``post``)."""
        name = method.lower()
        result = await _call(self._functions[name], self._is_async[name], context)
        return check_action_result(result, self.file)


async def _call(function: PropsFunction, is_async: bool, context: PageContext) -> Any:
    """Calls a page function: awaited if async (``is_async``, worked out once); if not, off the event loop
    (see concurrency.py)."""
    if is_async:
        return await function(context)
    result = await run_blocking(function, context)
    return await result if inspect.isawaitable(result) else result


def load_page(pages_dir: Path, file: Path) -> PageModule:
    """Imports ``file`` (a page's ``.py``) as a module of the pages package; raises PageError on failure."""
    root = package_name(pages_dir)
    _ensure_package(root, pages_dir)
    relative = file.relative_to(pages_dir).with_suffix("")
    parents = relative.parts[:-1]
    for i in range(1, len(parents) + 1):  # the folders on the way are packages
        folder = pages_dir.joinpath(*parents[:i])
        if (folder / "__init__.py").is_file():
            importlib.import_module(".".join((root, *parents[:i])))
        else:  # not imported: beside books/[id]/, that would import books/[id].py a second time
            _ensure_package(".".join((root, *parents[:i])), folder)
    # "[...slug]" -> "_5b__2e__2e__2e_slug_5d_": an identifier, and distinct for distinct file names
    name = ".".join((root, *parents, re.sub(r"\W", lambda m: f"_{ord(m[0]):x}_", relative.name)))
    spec = importlib.util.spec_from_file_location(name, file)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except Exception as exc:
        del sys.modules[name]
        raise PageError(f"importing the page failed:\n{_format_import_error(exc)}", file) from exc
    functions = {name: getattr(module, name) for name in ("get_server_side_props", *ACTIONS) if hasattr(module, name)}
    for name, function in functions.items():
        if not callable(function):
            raise PageError(f"{name} must be a function taking the context, not {type(function).__name__}", file)
    if not functions:
        names = ", ".join(f"{name}(context)" for name in ACTIONS)
        raise PageError(f"defines neither get_server_side_props(context) nor an action ({names})", file)
    flags = {name: getattr(module, name, default) for name, default in (("render_cache", False), ("prefetch", True))}
    for name, value in flags.items():
        if not isinstance(value, bool):
            raise PageError(f"{name} must be True or False, not {value!r}", file)
    return PageModule(file, functions, **flags)


def _format_import_error(exc: Exception) -> str:
    return "".join(traceback.format_exception(exc)).rstrip()
