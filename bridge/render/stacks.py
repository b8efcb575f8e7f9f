"""JS stacks of the server bundle mapped back to the app's files through the bundle's source map.

V8 reports frames of the evaluated bundle as ``at name (<anonymous>:LINE:COLUMN)``, QuickJS (quickjs-ng)
as ``at name (<input>:LINE:COLUMN)``; each becomes ``at name (pages/books.jsx:12:7)``, or for a frame
inside a package ``at name (react-markdown: node_modules/react-markdown/lib/index.js:40:3)``. (The
outermost frame of a QuickJS render is bridge's one-line call of the render function, evaluated apart:
its position is not the bundle's.)
"""

from __future__ import annotations

import bisect
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import orjson

_BASE64 = {char: index for index, char in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")}
_FRAME = re.compile(r"\((?:<anonymous>|<input>):(\d+):(\d+)\)|(?<=at )(?:<anonymous>|<input>):(\d+):(\d+)")


def v8_stack(message: str) -> str:
    """The stack of a V8 error without its source excerpt: mini-racer gives ``<where>: <error>``, the source
    line with a caret under the column, then (after a blank line) the stack; in a minified bundle that source
    line is kilobytes long, and it would fill the log and the dev overlay."""
    _, blank, stack = message.partition("\n\n")
    return stack if blank and stack.strip() else message


@dataclass(frozen=True)
class Position:
    """An original source position: the file (relative to the app when inside it), 1-based line and column."""

    file: str
    line: int
    column: int
    package: str | None
    """The npm package the file belongs to, or None for the app's own code and bridge's."""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        return f"{self.package}: {where}" if self.package else where


class SourceMap:
    """A version 3 source map, for lookups by generated line and column (both 1-based).

    The mappings are decoded lazily: one pass at load sums each line's deltas to get the state it starts
    from (its segments are not kept), and a lookup decodes the segments of its line only.
    """

    def __init__(self, raw: bytes, directory: Path, root: Path) -> None:
        data = orjson.loads(raw)
        self._sources = [_display(directory.absolute() / source, root) for source in data["sources"]]
        self._lines: list[str] = data["mappings"].split(";")
        self._starts = _line_starts(self._lines)

    @classmethod
    def of_bundle(cls, bundle: Path, root: Path) -> SourceMap | None:
        """The map written beside ``bundle`` (``server.js.map``), or None when there is none; decoded once
        per version of the file."""
        file = bundle.with_name(bundle.name + ".map")
        try:
            version = file.stat().st_mtime_ns
        except FileNotFoundError:
            return None
        return _load(file, root, version)

    def lookup(self, line: int, column: int) -> Position | None:
        """The original position of generated ``line:column``, or None when the map does not cover it."""
        if not 0 < line <= len(self._lines):
            return None
        segments = _segments(self._lines[line - 1], self._starts[line - 1])
        at = bisect.bisect_right(segments, (column - 1, 1 << 62)) - 1
        if at < 0:
            return None
        _column, source, source_line, source_column = segments[at]
        file, package = self._sources[source]
        return Position(file, source_line + 1, source_column + 1, package)

    def map_stack(self, stack: str) -> str:
        """``stack`` with each bundle position replaced by its original one."""

        def replace(match: re.Match[str]) -> str:
            line, column = (match[1], match[2]) if match[1] else (match[3], match[4])
            position = self.lookup(int(line), int(column))
            if position is None:
                return match[0]
            return f"({position})" if match[1] else str(position)

        return _FRAME.sub(replace, stack)

    def positions(self, stack: str) -> list[Position]:
        """The original positions of the stack's frames, innermost first."""
        found = []
        for match in _FRAME.finditer(stack):
            line, column = (match[1], match[2]) if match[1] else (match[3], match[4])
            if (position := self.lookup(int(line), int(column))) is not None:
                found.append(position)
        return found


@lru_cache(maxsize=4)
def _load(file: Path, root: Path, _version: int) -> SourceMap | None:
    try:
        raw = file.read_bytes()
    except FileNotFoundError:
        return None
    return SourceMap(raw, file.parent, root)


def _display(source: Path, root: Path) -> tuple[str, str | None]:
    """A source as shown in a stack (relative to the app when inside it) and the package it belongs to."""
    resolved = Path(os.path.normpath(source))  # (no file system access: a map has thousands of sources)
    parts = resolved.parts
    if "node_modules" in parts:
        at = len(parts) - 1 - parts[::-1].index("node_modules")
        name = parts[at + 1 : at + 3] if parts[at + 1].startswith("@") else parts[at + 1 : at + 2]
        return "/".join(parts[at:]), "/".join(name)
    return (str(resolved.relative_to(root)) if resolved.is_relative_to(root) else str(resolved)), None


_State = tuple[int, int, int]
"""(source, line, column) of the last segment so far: the mappings' deltas are relative to it."""


def _line_starts(lines: list[str]) -> list[_State]:
    """The state each generated line starts from."""
    starts = []
    source = source_line = source_column = 0
    decoded: dict[str, list[int]] = {}  # segments repeat a lot ("AAAA", "CAAC"): decode each once
    for text in lines:
        starts.append((source, source_line, source_column))
        for segment in text.split(","):
            values = decoded.get(segment)
            if values is None:
                values = decoded[segment] = _vlq(segment)
            if len(values) >= 4:
                source += values[1]
                source_line += values[2]
                source_column += values[3]
    return starts


def _segments(text: str, start: _State) -> list[tuple[int, int, int, int]]:
    """One line's mappings as (column, source, line, column) tuples, all 0-based, in column order (as
    esbuild writes them)."""
    source, source_line, source_column = start
    column = 0
    segments = []
    for segment in text.split(","):
        values = _vlq(segment)
        if not values:
            continue
        column += values[0]
        if len(values) >= 4:
            source += values[1]
            source_line += values[2]
            source_column += values[3]
            segments.append((column, source, source_line, source_column))
    return segments


def _vlq(text: str) -> list[int]:
    values = []
    value = shift = 0
    for char in text:
        digit = _BASE64[char]
        value += (digit & 31) << shift
        if digit & 32:
            shift += 5
            continue
        values.append(-(value >> 1) if value & 1 else value >> 1)
        value = shift = 0
    return values
