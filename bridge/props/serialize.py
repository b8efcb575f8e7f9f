"""Props to JSON with orjson, a key path when that fails, and escaping for an inline ``<script>``."""

from __future__ import annotations

import dataclasses
import datetime
import enum
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import orjson

from ..errors import SerializationError

_SCALARS = (bool, str, float, type(None), datetime.date, datetime.time, uuid.UUID)
_INT_RANGE = range(-(2**63), 2**64)
_MAX_DEPTH = 255  # orjson refuses deeper nesting; stopping there also ends the walk of a circular value


def _default(value: Any) -> Any:
    model_dump = getattr(value, "model_dump", None)  # pydantic models
    if callable(model_dump):
        return model_dump(mode="json")
    raise TypeError


def dumps(value: Any, file: Path | None = None, root: str = "props") -> bytes:
    """Serialises ``value``; raises SerializationError with the path of the first bad value."""
    try:
        return orjson.dumps(value, default=_default)
    except orjson.JSONEncodeError as exc:
        path, bad = _find_unserialisable(value, root)
        if not path:  # e.g. nesting deeper than orjson's limit of 254
            raise SerializationError(root, str(exc), file) from None
        raise SerializationError(path, f"{type(bad).__name__} is not JSON serialisable", file) from None


def _find_unserialisable(value: Any, path: str, depth: int = 0) -> tuple[str, Any]:
    """Walks ``value`` as orjson does and returns where it first fails ("" when only the depth is wrong)."""
    if depth > _MAX_DEPTH:
        return "", None
    if isinstance(value, _SCALARS):  # includes bool, which the int range check below must not see
        return "", None
    if isinstance(value, int):
        return ("", None) if value in _INT_RANGE else (path, value)
    if isinstance(value, enum.Enum):
        return _find_unserialisable(value.value, path, depth)
    if isinstance(value, Mapping):
        if not isinstance(value, dict):
            return path, value
        for key, item in value.items():
            if not isinstance(key, str):
                return f"{path}[{key!r}] (key)", key
            found = _find_unserialisable(item, f"{path}.{key}", depth + 1)
            if found[0]:
                return found
        return "", None
    if isinstance(value, list | tuple):
        for i, item in enumerate(value):
            found = _find_unserialisable(item, f"{path}[{i}]", depth + 1)
            if found[0]:
                return found
        return "", None
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
        return _find_unserialisable(fields, path, depth)
    try:
        _default(value)
    except TypeError:
        return path, value
    return "", None


_HTML_UNSAFE = (
    (b"<", b"\\u003c"),
    (b">", b"\\u003e"),
    (b"&", b"\\u0026"),
    ("\u2028".encode(), b"\\u2028"),
    ("\u2029".encode(), b"\\u2029"),
)


def escape_for_script(json: bytes) -> bytes:
    """Makes JSON safe inside ``<script type="application/json">``: no ``</script>``, ``<!--`` or U+2028/9.

    The replaced characters can only occur inside JSON strings, where the ``\\u`` escapes mean the same.
    """
    for raw, escaped in _HTML_UNSAFE:
        if raw in json:
            json = json.replace(raw, escaped)
    return json
