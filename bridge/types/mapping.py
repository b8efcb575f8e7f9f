"""Python types to TypeScript: the return annotation of ``get_server_side_props`` as a small type model.

The model follows what the props become on the wire, which is what a page component receives: orjson's
JSON (bridge/props/serialize.py). ``str`` is ``string``, ``int`` and ``float`` are ``number``, an enum is
the union of its values, ``datetime``/``date``/``time``/``UUID`` are ISO strings, a TypedDict, dataclass
or pydantic model is a named interface (recursion goes through the name). A type the wire cannot carry
or TypeScript cannot say (``Decimal``, ``Any``, a plain class, a ``Callable``, a ``set``, which orjson
refuses) is an error naming the field path, never a silent ``any``.

Fields are optional (``key?:``) exactly when the key can be missing from the JSON: ``NotRequired`` or
``total=False`` keys of a TypedDict, and dataclass fields with ``init=False`` (orjson writes the
instance's attributes). A dataclass field with a default is always written, so it is not optional.
"""

from __future__ import annotations

import collections.abc
import dataclasses
import datetime
import enum
import inspect
import math
import re
import sys
import types
import typing
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal, NotRequired, Required, TypeVar, Union, get_args, get_origin

from ..errors import BridgeError
from ..props.result import NotFoundResult, PropsResult, RedirectResult


class TypesError(BridgeError):
    """Types that TypeScript cannot express, or annotations that cannot be resolved; one message each."""

    def __init__(self, messages: list[str]) -> None:
        self.messages = messages
        super().__init__("\n".join(messages))


# The TypeScript type model -------------------------------------------------------------------------


@dataclass(frozen=True)
class Primitive:
    """``string``, ``number``, ``boolean`` or ``null``."""

    name: Literal["string", "number", "boolean", "null"]


@dataclass(frozen=True)
class LiteralType:
    """A literal: ``"a"``, ``3``, ``true``."""

    value: str | int | float | bool


@dataclass(frozen=True)
class ArrayType:
    """``T[]``."""

    item: TsType


@dataclass(frozen=True)
class TupleType:
    """``[A, B]``."""

    items: tuple[TsType, ...]


@dataclass(frozen=True)
class RecordType:
    """``Record<string, T>``."""

    value: TsType


@dataclass(frozen=True)
class UnionType:
    """``A | B``; build it with ``union()``, which flattens and deduplicates."""

    options: tuple[TsType, ...]


@dataclass(frozen=True)
class Reference:
    """A named declaration, with type arguments when it is generic: ``Page<Book>``."""

    name: str
    args: tuple[TsType, ...] = ()


@dataclass(frozen=True)
class TypeParameter:
    """A type parameter inside a generic declaration: the ``T`` of ``interface Page<T>``."""

    name: str


TsType = Primitive | LiteralType | ArrayType | TupleType | RecordType | UnionType | Reference | TypeParameter

STRING = Primitive("string")
NUMBER = Primitive("number")
BOOLEAN = Primitive("boolean")
NULL = Primitive("null")


@dataclass(frozen=True)
class Field:
    """One key of an interface."""

    key: str
    type: TsType
    optional: bool = False


@dataclass(frozen=True)
class Interface:
    """``export interface Name<Params> { fields }``: a TypedDict, dataclass or pydantic model."""

    name: str
    fields: tuple[Field, ...]
    parameters: tuple[str, ...] = ()
    doc: str | None = None


@dataclass(frozen=True)
class Alias:
    """``export type Name = type``: an enum."""

    name: str
    type: TsType
    doc: str | None = None


Declaration = Interface | Alias


def union(options: Iterable[TsType]) -> TsType:
    """``A | B``, flattened and without repeats; a single option is itself."""
    flat: dict[object, TsType] = {}
    for option in options:
        for item in option.options if isinstance(option, UnionType) else (option,):
            key = (item, type(item.value)) if isinstance(item, LiteralType) else item  # true is not 1
            flat.setdefault(key, item)
    items = tuple(flat.values())
    return items[0] if len(items) == 1 else UnionType(items)


# Python types -> the model ------------------------------------------------------------------------

_ARRAYS = (list, collections.abc.Sequence, collections.abc.MutableSequence)
_SETS = (set, frozenset, collections.abc.Set, collections.abc.MutableSet)
_MAPPINGS = (dict, collections.abc.Mapping, collections.abc.MutableMapping)
_BARE_CONTAINERS = (*_ARRAYS, *_SETS, *_MAPPINGS, tuple, collections.abc.Iterable, collections.abc.Collection)
_READ_ONLY = getattr(typing, "ReadOnly", None)  # Python 3.13
_LITERAL_STRING = getattr(typing, "LiteralString", None)

# Names a declaration must not take: TypeScript's own types and keywords, and what the page file exports.
# fmt: off
_RESERVED = frozenset({
    "any", "Array", "bigint", "boolean", "break", "case", "catch", "class", "const", "continue", "debugger",
    "default", "delete", "do", "else", "enum", "export", "extends", "false", "finally", "for", "function", "if",
    "implements", "import", "in", "instanceof", "interface", "let", "never", "new", "null", "number", "object",
    "package", "Params", "Partial", "private", "Props", "protected", "public", "Readonly", "Record", "return",
    "static", "string", "super", "switch", "symbol", "this", "throw", "true", "try", "type", "typeof",
    "undefined", "unknown", "var", "void", "while", "with", "yield",
})
# fmt: on


@dataclass(frozen=True)
class _Problem:
    path: str
    message: str


class TypeMapper:
    """Maps Python types to the TypeScript model; named types become ``declarations``.

    Problems do not stop the mapping: each is recorded with its field path (``Props.book.price``) and
    ``errors`` lists them all at the end.
    """

    def __init__(self, reserved: Iterable[str] = _RESERVED) -> None:
        self.declarations: dict[str, Declaration] = {}
        self._names: dict[type, str] = {}
        self._taken = set(reserved)
        self._problems: list[_Problem] = []

    @property
    def errors(self) -> list[str]:
        """``path: message`` for every type that could not be mapped, in the order met."""
        return [f"{p.path}: {p.message}" for p in self._problems]

    def map(
        self, tp: object, path: str, *, pydantic: bool = False, bound: Mapping[object, str] | None = None
    ) -> TsType:
        """The TypeScript type of ``tp``; ``path`` names the field in error messages.

        ``pydantic``: ``tp`` annotates a field of a pydantic model, which pydantic serialises itself
        (``Decimal`` and ``timedelta`` as strings, sets as arrays). ``bound``: the type variables of the
        generic declaration being mapped, by name.
        """
        bound = bound or {}
        origin, args = get_origin(tp), get_args(tp)
        if origin is typing.Annotated:
            return self.map(args[0], path, pydantic=pydantic, bound=bound)
        if origin in (Required, NotRequired) or (_READ_ONLY is not None and origin is _READ_ONLY):
            return self.map(args[0], path, pydantic=pydantic, bound=bound)
        if type(tp).__name__ == "TypeAliasType":  # `type X = ...` (Python 3.12)
            return self.map(getattr(tp, "__value__", None), path, pydantic=pydantic, bound=bound)
        if isinstance(tp, typing.NewType):
            return self.map(tp.__supertype__, path, pydantic=pydantic, bound=bound)
        if tp is None or tp is type(None):
            return NULL
        if _LITERAL_STRING is not None and tp is _LITERAL_STRING:
            return STRING
        if isinstance(tp, TypeVar):
            if tp in bound:
                return TypeParameter(bound[tp])
            return self._fail(path, tp, "an unbound type variable")
        if tp is Any:
            return self._fail(path, tp, "name the type")
        if origin is Literal:
            return union(self._literal(value, path) for value in args)
        if origin is Union or origin is types.UnionType:
            return union(self.map(arg, path, pydantic=pydantic, bound=bound) for arg in args)
        if origin is not None:
            return self._generic(tp, origin, args, path, pydantic, bound)
        if isinstance(tp, type):
            return self._class(tp, path, pydantic)
        if isinstance(tp, str | typing.ForwardRef):
            return self._fail(path, tp, "an unresolved forward reference")
        return self._fail(path, tp)

    def _fail(self, path: str, tp: object, reason: str = "") -> TsType:
        message = f"{describe(tp)} cannot be expressed in TypeScript"
        self._problems.append(_Problem(path, f"{message} ({reason})" if reason else message))
        return NULL

    def problem(self, path: str, message: str) -> TsType:
        """Records a problem at ``path``; returns a placeholder type."""
        self._problems.append(_Problem(path, message))
        return NULL

    def _literal(self, value: object, path: str) -> TsType:
        if isinstance(value, enum.Enum):
            value = value.value
        if value is None:
            return NULL
        if isinstance(value, str | bool | int):
            return LiteralType(value)
        return self.problem(path, f"the literal {value!r} cannot be expressed in TypeScript")

    def _generic(
        self, tp: object, origin: object, args: tuple[Any, ...], path: str, pydantic: bool, bound: Mapping[object, str]
    ) -> TsType:
        if origin in _ARRAYS:
            if len(args) != 1:
                return self._fail(path, tp)
            return ArrayType(self.map(args[0], f"{path}[]", pydantic=pydantic, bound=bound))
        if origin is tuple:
            if len(args) == 2 and args[1] is Ellipsis:
                return ArrayType(self.map(args[0], f"{path}[]", pydantic=pydantic, bound=bound))
            items = (self.map(arg, f"{path}[{i}]", pydantic=pydantic, bound=bound) for i, arg in enumerate(args))
            return TupleType(tuple(items))
        if origin in _SETS:
            if pydantic and len(args) == 1:  # pydantic writes sets as arrays
                return ArrayType(self.map(args[0], f"{path}[]", pydantic=pydantic, bound=bound))
            return self._fail(path, tp, "orjson does not serialise sets: use a list or a tuple")
        if origin in _MAPPINGS:
            if len(args) != 2:
                return self._fail(path, tp)
            if not _is_str(args[0]):
                return self._fail(path, tp, "JSON object keys are strings: use str keys")
            return RecordType(self.map(args[1], f"{path}[key]", pydantic=pydantic, bound=bound))
        if isinstance(origin, type) and _is_structured(origin):
            return self._reference(origin, args, path, pydantic, bound)
        if origin is collections.abc.Callable:
            return self._fail(path, tp, "functions are not data")
        return self._fail(path, tp)

    def _class(self, cls: type, path: str, pydantic: bool) -> TsType:
        if cls is bool:
            return BOOLEAN
        if issubclass(cls, enum.Enum):
            return Reference(self._enum(cls, path))
        if cls is float or issubclass(cls, int):
            return NUMBER
        if issubclass(cls, str | datetime.date | datetime.time | uuid.UUID):  # datetime is a date
            return STRING
        if pydantic and issubclass(cls, Decimal | datetime.timedelta | bytes):  # pydantic's JSON mode: strings
            return STRING
        if cls in _BARE_CONTAINERS:
            return self._fail(path, cls, f"give its item type, e.g. {cls.__name__}[str]")
        if _is_structured(cls):
            return self._reference(cls, (), path, pydantic, {})
        if issubclass(cls, tuple) and hasattr(cls, "_fields"):
            return self._fail(path, cls, "orjson does not serialise a NamedTuple: use a dataclass")
        if cls is object:
            return self._fail(path, cls, "name the type")
        if issubclass(cls, Decimal):
            return self._fail(path, cls, "orjson does not serialise it: convert it to str or float")
        return self._fail(path, cls, "use a str, a number, a TypedDict, a dataclass or a pydantic model")

    def _reference(
        self, cls: type, args: tuple[Any, ...], path: str, pydantic: bool, bound: Mapping[object, str]
    ) -> TsType:
        parameters = _parameters(cls)
        if len(args) != len(parameters):
            if not args:
                example = ", ".join("str" for _ in parameters)
                return self._fail(path, cls, f"it is generic: give its type arguments, e.g. {cls.__name__}[{example}]")
            return self._fail(path, cls)
        name = self._declare(cls, path)
        mapped = tuple(self.map(arg, path, pydantic=pydantic, bound=bound) for arg in args)
        return Reference(name, mapped)

    def _name(self, cls: type) -> str:
        """A new declaration name for ``cls``: its own, numbered when taken (two classes named Book)."""
        base = re.sub(r"\W+", "_", cls.__name__).strip("_") or "T"
        name, n = base, 1
        while name in self._taken:
            n += 1
            name = f"{base}{n}"
        self._names[cls] = name
        self._taken.add(name)
        return name

    def _declare(self, cls: type, path: str) -> str:
        """Names ``cls`` and, the first time, maps its fields into a declaration."""
        if cls in self._names:
            return self._names[cls]
        name = self._name(cls)  # before the fields: a recursive reference finds the name
        parameters = _parameters(cls)
        bound: dict[object, str] = {p: p.__name__ for p in parameters}
        fields = tuple(self._fields(cls, path, bound))
        names = tuple(bound.values())
        self.declarations[name] = Interface(name, fields, names, _doc(cls))
        return name

    def _fields(self, cls: type, path: str, bound: Mapping[object, str]) -> Iterable[Field]:
        if _is_pydantic(cls):
            yield from self._pydantic_fields(cls, path)
            return
        try:
            hints = typing.get_type_hints(cls, include_extras=True)
        except Exception as exc:
            self.problem(path, f"the annotations of {cls.__name__} cannot be resolved: {type(exc).__name__}: {exc}")
            return
        if typing.is_typeddict(cls):
            required: frozenset[str] = getattr(cls, "__required_keys__", frozenset())
            for key, hint in hints.items():
                optional = _optional_key(hint, key not in required)
                yield Field(key, self.map(hint, _join(path, key), bound=bound), optional)
            return
        for field in dataclasses.fields(cls):
            if field.name.startswith("_"):  # orjson leaves out "private" attributes
                continue
            hint = hints.get(field.name, field.type)
            yield Field(field.name, self.map(hint, _join(path, field.name), bound=bound), optional=not field.init)

    def _pydantic_fields(self, cls: type, path: str) -> Iterable[Field]:
        """The keys of ``model_dump(mode="json")``: every field not excluded, then computed fields."""
        config: Mapping[str, object] = getattr(cls, "model_config", {})
        by_alias = bool(config.get("serialize_by_alias"))
        fields: Mapping[str, Any] = getattr(cls, "model_fields", {})
        computed: Mapping[str, Any] = getattr(cls, "model_computed_fields", {})
        for name, info in fields.items():
            if info.exclude is True:
                continue
            key = (info.serialization_alias or info.alias or name) if by_alias else name
            yield Field(key, self.map(info.annotation, _join(path, key), pydantic=True))
        for name, info in computed.items():
            key = (info.alias or name) if by_alias else name
            yield Field(key, self.map(info.return_type, _join(path, key), pydantic=True))

    def _enum(self, cls: type[enum.Enum], path: str) -> str:
        if cls in self._names:
            return self._names[cls]
        name = self._name(cls)
        values = [member.value for member in cls]
        if issubclass(cls, enum.Flag) and all(isinstance(v, int) for v in values):
            self.declarations[name] = Alias(name, NUMBER, _doc(cls))  # combined flags are any number
            return name
        options: list[TsType] = []
        for member in cls:
            value = member.value
            if value is None:
                options.append(NULL)
            elif isinstance(value, str | bool | int) or (isinstance(value, float) and math.isfinite(value)):
                options.append(LiteralType(value))
            else:
                self.problem(
                    path,
                    f"{cls.__name__}.{member.name} has a {type(value).__name__} value, which TypeScript cannot "
                    "express as a literal: give the enum str or int values",
                )
        if not values:
            self.problem(path, f"the enum {cls.__name__} has no members")
        self.declarations[name] = Alias(name, union(options) if options else NULL, _doc(cls))
        return name


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if key.isidentifier() else f"{path}[{key!r}]"


def _optional_key(hint: object, optional: bool) -> bool:
    """Whether a TypedDict key may be missing: ``NotRequired[...]``/``Required[...]`` win over totality.

    (Python 3.11 misses them in string annotations, ``from __future__ import annotations``, when it
    computes ``__required_keys__``.)
    """
    while True:
        origin = get_origin(hint)
        if origin is NotRequired:
            return True
        if origin is Required:
            return False
        if origin is typing.Annotated or (_READ_ONLY is not None and origin is _READ_ONLY):
            hint = get_args(hint)[0]
            continue
        return optional


def _is_str(tp: object) -> bool:
    while get_origin(tp) is typing.Annotated or isinstance(tp, typing.NewType):
        tp = get_args(tp)[0] if get_origin(tp) is typing.Annotated else getattr(tp, "__supertype__", None)
    if _LITERAL_STRING is not None and tp is _LITERAL_STRING:
        return True
    return tp is str  # orjson refuses keys of str subclasses, enums included


def _is_pydantic(cls: type) -> bool:
    pydantic = sys.modules.get("pydantic")  # only when installed and in use: bridge does not depend on it
    base = getattr(pydantic, "BaseModel", None)
    return isinstance(base, type) and isinstance(cls, type) and issubclass(cls, base)


def _is_structured(cls: type) -> bool:
    """A type that becomes an interface: TypedDict, dataclass or pydantic model."""
    return typing.is_typeddict(cls) or dataclasses.is_dataclass(cls) or _is_pydantic(cls)


def _parameters(cls: type) -> tuple[TypeVar, ...]:
    if _is_pydantic(cls):
        return ()  # a parametrised pydantic model (Page[Book]) is a class of its own with concrete fields
    return tuple(p for p in getattr(cls, "__parameters__", ()) if isinstance(p, TypeVar))


def _doc(cls: type) -> str | None:
    """The class's own docstring; not the signature a dataclass makes up, nor Enum's default."""
    doc = cls.__dict__.get("__doc__")
    if not isinstance(doc, str) or not doc.strip():
        return None
    if dataclasses.is_dataclass(cls) and doc.startswith(f"{cls.__name__}("):
        return None
    if doc in ("An enumeration.", "Create a collection of name/value pairs."):
        return None
    return inspect.cleandoc(doc)


def describe(tp: object) -> str:
    """A type as a person writes it: ``Decimal``, ``set[Decimal]``, ``Callable[[], int]``."""
    if isinstance(tp, type) and not get_args(tp):
        return tp.__name__
    if tp is Any:
        return "Any"
    if isinstance(tp, typing.ForwardRef):
        return repr(tp.__forward_arg__)
    text = repr(tp)
    return re.sub(r"\b(?:[A-Za-z_]\w*\.)+(?=[A-Za-z_])", "", text)  # typing.Any -> Any, a.b.Book -> Book


# The props of get_server_side_props ---------------------------------------------------------------


@dataclass(frozen=True)
class PageProps:
    """A page's props type: ``props`` (a reference to ``Props``, or a type) and the named declarations."""

    props: TsType
    declarations: dict[str, Declaration]


@dataclass(frozen=True)
class Untyped:
    """Why a ``get_server_side_props`` gives no props type: a hint for the user, not an error."""

    reason: str


def declared_props(function: Callable[..., object]) -> list[object] | Untyped:
    """The props types in ``function``'s return annotation: the ``P`` of each ``PropsResult[P]`` in it
    (``PageResult[P]`` is ``PropsResult[P] | RedirectResult | NotFoundResult``); none for a function that
    only ever redirects or answers 404.

    Raises TypesError when the annotation cannot be resolved.
    """
    try:
        hints = typing.get_type_hints(function, include_extras=True)
    except Exception as exc:
        raise TypesError([f"the return annotation cannot be resolved: {type(exc).__name__}: {exc}"]) from None
    if "return" not in hints:
        return Untyped("get_server_side_props has no return annotation: annotate it `-> PageResult[Props]`")
    found: list[object] = []
    untyped = False
    members = list(_members(hints["return"]))
    for member in members:
        if member is PropsResult:
            untyped = True
        elif get_origin(member) is PropsResult:
            found.append(get_args(member)[0])
    if all(member in (RedirectResult, NotFoundResult) for member in members):
        return []  # no props to type
    if not found:
        if untyped:
            return Untyped("get_server_side_props returns PropsResult without a props type")
        what = describe(hints["return"])
        return Untyped(f"get_server_side_props returns {what}, not PageResult[Props]: annotate it for typed props")
    bare = [p for p in found if _untyped_props(p)]
    if bare:
        return Untyped(f"the props are untyped ({describe(bare[0])}): use a TypedDict or a dataclass for typed props")
    return found


def _members(annotation: object) -> Iterable[object]:
    """The union members of a return annotation, through ``Annotated`` and ``Awaitable``/``Coroutine``."""
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is typing.Annotated:
        yield from _members(args[0])
    elif origin is Union or origin is types.UnionType:
        for arg in args:
            yield from _members(arg)
    elif origin in (collections.abc.Awaitable, collections.abc.Coroutine) and args:
        yield from _members(args[-1])
    else:
        yield annotation


def _untyped_props(tp: object) -> bool:
    """``dict``, ``Any``, ``dict[str, Any]``, ``Mapping[str, Any]``: the user chose untyped props."""
    if tp is Any or tp in _MAPPINGS:
        return True
    return get_origin(tp) in _MAPPINGS and get_args(tp)[-1:] == (Any,)


def map_props(types_: list[object]) -> PageProps:
    """Maps a page's props types (from ``declared_props``) to a ``Props`` type and its declarations.

    The props must be objects (TypedDict, dataclass, ``dict[str, ...]``), as ``get_server_side_props``
    checks at run time. Raises TypesError with ``Props.<path>: <problem>`` messages.
    """
    root = types_[0] if len(types_) == 1 else None
    root_class = get_origin(root) or root
    own = isinstance(root_class, type) and root_class.__name__ == "Props" and _is_structured(root_class)
    mapper = TypeMapper(_RESERVED - {"Props"} if own else _RESERVED)  # the user's own class Props is the Props
    options: list[TsType] = []
    for tp in types_:
        cls = get_origin(tp) or tp
        if isinstance(cls, type) and _is_pydantic(cls):
            mapper.problem("Props", "the props must be a dict or a dataclass: put the pydantic model in a TypedDict")
            continue
        if not (isinstance(cls, type) and _is_structured(cls)) and cls not in _MAPPINGS:
            mapper.problem("Props", f"the props must be a TypedDict, a dataclass or dict[str, ...], not {describe(tp)}")
            continue
        options.append(mapper.map(tp, "Props"))
    if mapper.errors:
        raise TypesError(mapper.errors)
    return PageProps(union(options), mapper.declarations)
