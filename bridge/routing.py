"""The route table: URL patterns read from the pages folder, and matching a path against them.

``pages/index.jsx`` serves ``/``, ``pages/books/[id].jsx`` serves ``/books/<id>``, ``[...slug]`` catches
one or more segments and ``[[...slug]]`` zero or more. Static segments beat dynamic ones, which beat
catch-alls. Files and folders starting with ``_`` are not routes (``_app`` is the layout), nor are the
error pages ``404`` and ``500``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from .errors import RouteError

COMPONENT_SUFFIXES = (".jsx", ".tsx", ".js", ".ts")
SPECIAL_PAGES = ("_app", "404", "500")
_PARAM = re.compile(r"^\[(\[)?(\.\.\.)?([A-Za-z_][A-Za-z0-9_]*)\](\])?$")

Params = dict[str, str | list[str]]


class SegmentKind(IntEnum):
    """How a pattern segment matches; the lower value wins when two routes match."""

    STATIC = 0
    DYNAMIC = 1
    CATCH_ALL = 2
    OPTIONAL_CATCH_ALL = 3


@dataclass(frozen=True)
class Segment:
    """One ``/``-separated part of a route pattern."""

    kind: SegmentKind
    value: str  # the literal text, or the parameter name


@dataclass(frozen=True)
class Route:
    """A page: its URL pattern, its id (file path without suffix) and its files."""

    pattern: str
    page: str
    component: Path
    props: Path | None
    segments: tuple[Segment, ...]

    @property
    def rank(self) -> tuple[int, ...]:
        """Sort key: static segments first, catch-alls last, position by position."""
        return (*(s.kind for s in self.segments), -1)

    def match(self, parts: list[str]) -> Params | None:
        """Returns the parameters if the path's ``parts`` match this route, else None."""
        params: Params = {}
        for i, segment in enumerate(self.segments):
            if segment.kind >= SegmentKind.CATCH_ALL:
                rest = parts[i:]
                if not rest and segment.kind == SegmentKind.CATCH_ALL:
                    return None
                params[segment.value] = rest
                return params
            if i >= len(parts):
                return None
            if segment.kind == SegmentKind.STATIC:
                if parts[i] != segment.value:
                    return None
            else:
                params[segment.value] = parts[i]
        return params if len(parts) == len(self.segments) else None


def request_header(scope: Mapping[str, Any], name: bytes) -> str | None:
    """The first value of the request header ``name`` (lower-case, as ASGI servers give names), or None: what
    Starlette's ``request.headers.get`` answers, without building its Headers object and scanning them
    again for each name (the data route reads five headers per request)."""
    for key, value in scope["headers"]:
        if key == name:
            return value.decode("latin-1")  # type: ignore[no-any-return]
    return None


def raw_app_path(scope: Mapping[str, Any], path: str) -> str:
    """The app-relative ``path`` (decoded, without the mount path) as the client encoded it.

    Taken from the scope's ``raw_path``, with or without the mount path in it (servers differ), when it
    decodes to ``path``; otherwise (no ``raw_path``, or middleware rewrote the path) ``path`` encoded again,
    which loses only the difference between ``/`` and ``%2F``.
    """
    raw: bytes | None = scope.get("raw_path")
    if raw:
        text = raw.decode("latin-1")
        if unquote(text) == path:
            return text
        base = scope.get("root_path", "")
        parts = text.split("/")
        for n in range(2, len(parts) + 1):  # the shortest leading segments that decode to the mount path
            if unquote("/".join(parts[:n])) == base:
                rest = "/" + "/".join(parts[n:])
                if unquote(rest) == path:
                    return rest
                break
    return quote(path, safe="/")


class RouteTable:
    """All routes of an app plus its layout and error pages, ready to match paths."""

    def __init__(self, routes: list[Route], special: dict[str, Path]) -> None:
        self.routes = routes
        self.special = special  # "_app" / "404" / "500" -> component file, when the app has one
        static = [r for r in routes if all(s.kind == SegmentKind.STATIC for s in r.segments)]
        self._static = {tuple(s.value for s in r.segments): r for r in static}
        self._dynamic = sorted((r for r in routes if r not in static), key=lambda r: r.rank)

    def match(self, path: str) -> tuple[Route, Params] | None:
        """Finds the route serving ``path`` and its parameters.

        ``path`` is percent-encoded, as requested, with a leading ``/``: it is split on ``/`` first and each
        segment decoded after, so ``/words/a%2Fb`` is one segment, ``a/b``, as in Next.js.
        """
        parts = [unquote(part) for part in path[1:].split("/")] if path != "/" else []
        route = self._static.get(tuple(parts))
        if route is not None:
            return route, {}
        if "" in parts:
            return None
        for route in self._dynamic:
            params = route.match(parts)
            if params is not None:
                return route, params
        return None

    @classmethod
    def scan(cls, pages_dir: Path) -> RouteTable:
        """Reads the route table from the files in ``pages_dir``; raises RouteError on a conflict."""
        if not pages_dir.is_dir():
            raise RouteError(f"pages folder not found: {pages_dir}")
        components: dict[str, Path] = {}
        props: dict[str, Path] = {}
        for file in sorted(pages_dir.rglob("*")):
            relative = file.relative_to(pages_dir)
            if not file.is_file() or _is_private(relative) or file.name.endswith(".d.ts"):
                continue  # (a .d.ts holds TypeScript declarations, never a page)
            page = relative.with_suffix("").as_posix()
            if file.suffix == ".py":
                props[page] = file
            elif file.suffix in COMPONENT_SUFFIXES:
                if page in components:
                    raise RouteError(f"{components[page]} and {file} are the same page; keep one of them")
                components[page] = file
        for page, file in props.items():
            if page not in components:
                raise RouteError(f"{file} has no component: add {file.with_suffix('.jsx')} (or .tsx)")
            if page in SPECIAL_PAGES:
                raise RouteError(f"{file}: the special page {page!r} takes no get_server_side_props")
        special = {page: components.pop(page) for page in SPECIAL_PAGES if page in components}
        routes = [_route(page, file, props.get(page)) for page, file in components.items()]
        _check_conflicts(routes)
        return cls(routes, special)


def _is_private(relative: Path) -> bool:
    parts = relative.with_suffix("").parts
    return any(p.startswith("_") or p.startswith(".") for p in parts) and parts != ("_app",)


def _route(page: str, component: Path, props: Path | None) -> Route:
    names = page.split("/")
    if names[-1] == "index":
        names.pop()
    segments = tuple(_segment(name, component) for name in names)
    for segment in segments[:-1]:
        if segment.kind >= SegmentKind.CATCH_ALL:
            raise RouteError(f"{component}: a catch-all segment must be the last part of the path")
    seen: set[str] = set()
    for segment in segments:
        if segment.kind != SegmentKind.STATIC:
            if segment.value in seen:
                raise RouteError(f"{component}: the parameter {segment.value!r} appears twice")
            seen.add(segment.value)
    pattern = "/" + "/".join(names)
    return Route(pattern=pattern, page=page, component=component, props=props, segments=segments)


def _segment(name: str, component: Path) -> Segment:
    if "[" not in name and "]" not in name:
        return Segment(SegmentKind.STATIC, name)
    found = _PARAM.match(name)
    optional, rest, param, closing = found.groups() if found else (None, None, None, None)
    if not found or bool(optional) != bool(closing) or (optional and not rest) or param is None:
        raise RouteError(f"{component}: {name!r} is not a valid segment; use [name], [...name] or [[...name]]")
    if optional:
        return Segment(SegmentKind.OPTIONAL_CATCH_ALL, param)
    return Segment(SegmentKind.CATCH_ALL if rest else SegmentKind.DYNAMIC, param)


def _check_conflicts(routes: list[Route]) -> None:
    def shape(route: Route) -> tuple[object, ...]:
        return tuple(
            s.value if s.kind == SegmentKind.STATIC else min(s.kind, SegmentKind.CATCH_ALL) for s in route.segments
        )

    seen: dict[tuple[object, ...], Route] = {}
    for route in routes:
        shapes = [shape(route)]
        if route.segments and route.segments[-1].kind == SegmentKind.OPTIONAL_CATCH_ALL:
            shapes.append(shape(route)[:-1])  # [[...slug]] also serves its parent path
        for key in shapes:
            other = seen.get(key)
            if other is not None:
                raise RouteError(f"{other.component} and {route.component} both serve {route.pattern}; remove one")
            seen[key] = route
