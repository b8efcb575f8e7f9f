"""The dev-mode props check: the JSON a page sends against the TypeScript type its Python annotation gives.

``bridge dev`` (``Settings.dev``) checks every page's props, after serialisation, against the ``Props``
that ``bridge types`` declares for it, so a component never silently gets what its types deny:
``props.book.year: expected number, got string "1999"``. A mismatch is a PropsTypeError, which the dev
error flow shows in the overlay. Production never builds a checker.
"""

from __future__ import annotations

import json
import logging
import weakref
from collections.abc import Callable, Mapping
from pathlib import Path

import orjson

from ..errors import PropsError
from ..props.loader import PageModule
from .emit import render
from .mapping import (
    Alias,
    ArrayType,
    Declaration,
    LiteralType,
    PageProps,
    Primitive,
    RecordType,
    Reference,
    TsType,
    TupleType,
    TypeParameter,
    TypesError,
    UnionType,
    declared_props,
    map_props,
)

logger = logging.getLogger("bridge.types")

MAX_MISMATCHES = 10


class PropsTypeError(PropsError):
    """Props that do not match the page's annotation; ``mismatches`` are ``path: expected ..., got ...``."""

    def __init__(self, mismatches: list[str], file: Path | str | None = None) -> None:
        self.mismatches = mismatches
        super().__init__("\n".join(mismatches), file)


class Checker:
    """Checks JSON values against a page's ``Props`` type."""

    def __init__(self, props: PageProps) -> None:
        self.props = props.props
        self.declarations: Mapping[str, Declaration] = props.declarations

    def mismatches(self, value: object, path: str = "props") -> list[str]:
        """``path: expected T, got V`` for each place where ``value`` differs from the type (at most 10)."""
        found: list[str] = []
        self._check(self.props, value, path, found, {})
        return found[:MAX_MISMATCHES]

    def _check(self, tp: TsType, value: object, path: str, found: list[str], bound: Mapping[str, TsType]) -> None:
        if len(found) >= MAX_MISMATCHES:
            return
        if isinstance(tp, TypeParameter):
            self._check(bound[tp.name], value, path, found, {})
        elif isinstance(tp, Primitive | LiteralType):
            if not _matches_scalar(tp, value):
                found.append(_mismatch(path, tp, value, bound))
        elif isinstance(tp, ArrayType | TupleType):
            if not isinstance(value, list) or (isinstance(tp, TupleType) and len(value) != len(tp.items)):
                found.append(_mismatch(path, tp, value, bound))
                return
            for i, item in enumerate(value):
                self._check(tp.item if isinstance(tp, ArrayType) else tp.items[i], item, f"{path}[{i}]", found, bound)
        elif isinstance(tp, RecordType):
            if not isinstance(value, dict):
                found.append(_mismatch(path, tp, value, bound))
                return
            for key, item in value.items():
                self._check(tp.value, item, _join(path, key), found, bound)
        elif isinstance(tp, UnionType):
            self._check_union(tp, value, path, found, bound)
        else:
            self._check_reference(tp, value, path, found, bound)

    def _check_union(
        self, tp: UnionType, value: object, path: str, found: list[str], bound: Mapping[str, TsType]
    ) -> None:
        kind = _kind(value)
        candidates = []
        for option in tp.options:
            inner: list[str] = []
            self._check(option, value, path, inner, bound)
            if not inner:
                return
            if self._kind_of(option, bound) in (kind, None):
                candidates.append(inner)
        if len(candidates) == 1:  # only one option is the right kind of value: say what is wrong inside it
            found.extend(candidates[0])
        else:
            found.append(_mismatch(path, tp, value, bound))

    def _check_reference(
        self, tp: Reference, value: object, path: str, found: list[str], bound: Mapping[str, TsType]
    ) -> None:
        declaration = self.declarations[tp.name]
        if isinstance(declaration, Alias):  # an enum: a union of literals
            inner: list[str] = []
            self._check(declaration.type, value, path, inner, bound)
            if inner:
                found.append(f"{path}: expected {tp.name} ({render(declaration.type)}), got {_describe(value)}")
            return
        if not isinstance(value, dict):
            found.append(_mismatch(path, tp, value, bound))
            return
        args = {name: _substitute(arg, bound) for name, arg in zip(declaration.parameters, tp.args, strict=True)}
        for field in declaration.fields:
            if field.key not in value:
                if not field.optional:
                    found.append(f"{_join(path, field.key)}: expected {_show(field.type, args)}, got nothing")
                continue
            self._check(field.type, value[field.key], _join(path, field.key), found, args)

    def _kind_of(self, tp: TsType, bound: Mapping[str, TsType]) -> str | None:
        """The JSON kind of a type's values (``object``, ``array``, ``string``...); None for unions."""
        if isinstance(tp, TypeParameter):
            return self._kind_of(bound[tp.name], {})
        if isinstance(tp, Primitive):
            return tp.name
        if isinstance(tp, LiteralType):
            return _kind(tp.value)
        if isinstance(tp, ArrayType | TupleType):
            return "array"
        if isinstance(tp, RecordType):
            return "object"
        if isinstance(tp, Reference):
            declaration = self.declarations[tp.name]
            return self._kind_of(declaration.type, bound) if isinstance(declaration, Alias) else "object"
        return None


def _matches_scalar(tp: Primitive | LiteralType, value: object) -> bool:
    if isinstance(tp, LiteralType):
        return _kind(value) == _kind(tp.value) and value == tp.value
    return _kind(value) == tp.name


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _substitute(tp: TsType, bound: Mapping[str, TsType]) -> TsType:
    """``tp`` with the type parameters in ``bound`` replaced by their types."""
    if not bound:
        return tp
    if isinstance(tp, TypeParameter):
        return bound[tp.name]
    if isinstance(tp, ArrayType):
        return ArrayType(_substitute(tp.item, bound))
    if isinstance(tp, TupleType):
        return TupleType(tuple(_substitute(item, bound) for item in tp.items))
    if isinstance(tp, RecordType):
        return RecordType(_substitute(tp.value, bound))
    if isinstance(tp, UnionType):
        return UnionType(tuple(_substitute(option, bound) for option in tp.options))
    if isinstance(tp, Reference):
        return Reference(tp.name, tuple(_substitute(arg, bound) for arg in tp.args))
    return tp


def _show(tp: TsType, bound: Mapping[str, TsType]) -> str:
    return render(_substitute(tp, bound))


def _mismatch(path: str, tp: TsType, value: object, bound: Mapping[str, TsType]) -> str:
    return f"{path}: expected {_show(tp, bound)}, got {_describe(value)}"


def _describe(value: object) -> str:
    """``string "1999"``, ``number 3``, ``null``, ``array``, ``object``."""
    kind = _kind(value)
    if kind in ("array", "object", "null"):
        return kind
    text = json.dumps(value, ensure_ascii=False)
    return f"{kind} {text[:60]}{'...' if len(text) > 60 else ''}"


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if key.isidentifier() else f"{path}[{json.dumps(key, ensure_ascii=False)}]"


# One checker per get_server_side_props function, built on its first request in dev mode (None: unchecked).
_checkers: weakref.WeakKeyDictionary[Callable[..., object], Checker | None] = weakref.WeakKeyDictionary()


def checker_for(function: Callable[..., object], file: Path | None = None) -> Checker | None:
    """The checker of a ``get_server_side_props``; None when it has no typed props (or they cannot be
    mapped: ``bridge types`` reports that)."""
    try:
        return _checkers[function]
    except KeyError:
        pass
    checker: Checker | None = None
    try:
        declared = declared_props(function)
        if isinstance(declared, list) and declared:
            checker = Checker(map_props(declared))
    except TypesError as exc:
        logger.warning("%s: props not checked: %s", file or function.__qualname__, exc)
    _checkers[function] = checker
    return checker


def check_props(module: PageModule, props: bytes) -> None:
    """Raises PropsTypeError when the serialised ``props`` do not match the annotation (dev mode only)."""
    function = module.props_function
    if function is None:
        return
    checker = checker_for(function, module.file)
    if checker is None:
        return
    mismatches = checker.mismatches(orjson.loads(props))
    if mismatches:
        raise PropsTypeError(mismatches, module.file)
