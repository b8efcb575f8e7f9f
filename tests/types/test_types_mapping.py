"""Python types -> TypeScript (bridge/types/mapping.py): every construct, recursion, and every error.

The annotations here are strings (``from __future__ import annotations``), as in most page modules, so
they are resolved the way ``bridge types`` resolves a page's: ``typing.get_type_hints``.
"""

from __future__ import annotations

import collections.abc
import dataclasses
import datetime
import enum
import typing
import uuid
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Annotated, Any, Generic, Literal, NamedTuple, NewType, NotRequired, Optional, Required, TypedDict

import pytest

from bridge import NotFoundResult, PageResult, PropsResult, RedirectResult
from bridge.types.emit import render, render_declaration
from bridge.types.mapping import TypeMapper, TypesError, Untyped, declared_props, map_props

T = typing.TypeVar("T")
UserId = NewType("UserId", str)


def ts(tp: object) -> str:
    """``tp`` in TypeScript; fails on mapping errors."""
    mapper = TypeMapper()
    result = render(mapper.map(tp, "Props"))
    assert mapper.errors == []
    return result


def declarations(tp: object) -> str:
    """Every declaration that mapping ``tp`` makes, sorted by name, as TypeScript."""
    mapper = TypeMapper()
    mapper.map(tp, "Props")
    assert mapper.errors == []
    return "\n".join(render_declaration(d) for _, d in sorted(mapper.declarations.items()))


def errors(tp: object) -> list[str]:
    mapper = TypeMapper()
    mapper.map(tp, "Props")
    return mapper.errors


# scalars and containers


class Plain(str):
    """A str subclass: orjson writes it as a string."""


@pytest.mark.parametrize(
    ("tp", "expected"),
    [
        (str, "string"),
        (int, "number"),
        (float, "number"),
        (bool, "boolean"),
        (None, "null"),
        (type(None), "null"),
        (datetime.datetime, "string"),
        (datetime.date, "string"),
        (datetime.time, "string"),
        (uuid.UUID, "string"),
        (UserId, "string"),
        (Plain, "string"),
        (Annotated[int, "metadata"], "number"),
        (typing.LiteralString, "string"),
        (list[str], "string[]"),
        (Sequence[int], "number[]"),
        (collections.abc.MutableSequence[bool], "boolean[]"),
        (typing.List[str], "string[]"),  # noqa: UP006 - the typing alias is mapped too
        (tuple[int, str], "[number, string]"),
        (tuple[int, ...], "number[]"),
        (tuple[()], "[]"),
        (dict[str, float], "Record<string, number>"),
        (Mapping[UserId, list[int]], "Record<string, number[]>"),
        (Literal["a", "b"], '"a" | "b"'),
        (Literal[1, -2, True, None], "1 | -2 | true | null"),
        (Optional[int], "number | null"),  # noqa: UP045 - Optional is mapped too
        (int | None, "number | null"),
        (str | int | None, "string | number | null"),
        (int | float, "number"),
        (list[int | None], "(number | null)[]"),
        (dict[str, list[tuple[str, int]]], "Record<string, [string, number][]>"),
    ],
)
def test_scalars_and_containers(tp: object, expected: str) -> None:
    assert ts(tp) == expected


# enums


class Colour(enum.Enum):
    """A colour, written by value."""

    RED = "red"
    GREEN = "green"
    CRIMSON = "red"  # an alias: not a member of its own


class Level(enum.IntEnum):
    LOW = 1
    HIGH = 2


class Shade(enum.StrEnum):
    DARK = "dark"


class Perm(enum.IntFlag):
    READ = 1
    WRITE = 2


class Odd(enum.Enum):
    NOTHING = None
    HALF = 0.5
    YES = True


def test_enums_are_unions_of_their_values() -> None:
    assert ts(Colour) == "Colour"
    assert declarations(Colour) == '/** A colour, written by value. */\nexport type Colour = "red" | "green";'
    assert declarations(Level) == "export type Level = 1 | 2;"
    assert declarations(Shade) == 'export type Shade = "dark";'
    assert declarations(Odd) == "export type Odd = null | 0.5 | true;"
    assert declarations(Perm) == "export type Perm = number;"  # flags combine into any number


def test_enum_members_in_a_literal_are_their_values() -> None:
    assert ts(Literal[Colour.RED, Level.HIGH]) == '"red" | 2'


# TypedDicts


class Optionals(TypedDict, total=False):
    a: int
    b: Required[str]


class Mixed(TypedDict):
    required: str
    maybe: NotRequired[int | None]  # a string annotation: Python 3.11 misses it in __required_keys__
    annotated: NotRequired[Annotated[str, "x"]]


class Child(Mixed, total=False):
    extra: bool


def test_typed_dict_optional_keys() -> None:
    assert declarations(Optionals) == "export interface Optionals {\n  a?: number;\n  b: string;\n}"
    assert declarations(Mixed) == (
        "export interface Mixed {\n  required: string;\n  maybe?: number | null;\n  annotated?: string;\n}"
    )
    assert "export interface Child {\n  required: string;\n  maybe?: number | null;" in declarations(Child)
    assert "  extra?: boolean;\n}" in declarations(Child)


Keyed = TypedDict("Keyed", {"data-id": int, "class": str})


def test_keys_that_are_not_identifiers_are_quoted() -> None:
    assert declarations(Keyed) == 'export interface Keyed {\n  "data-id": number;\n  class: string;\n}'


# dataclasses


@dataclasses.dataclass
class Settings:
    """Dataclass fields are written by orjson whether or not they have defaults."""

    name: str
    size: int = 3
    tags: list[str] = dataclasses.field(default_factory=list)
    derived: int = dataclasses.field(default=0, init=False)  # written only when set: optional
    _private: int = 0  # orjson leaves it out


def test_dataclass_fields() -> None:
    assert declarations(Settings) == (
        "/** Dataclass fields are written by orjson whether or not they have defaults. */\n"
        "export interface Settings {\n  name: string;\n  size: number;\n  tags: string[];\n  derived?: number;\n}"
    )


@dataclasses.dataclass
class NoDoc:
    x: int


def test_a_dataclass_without_docstring_gets_no_comment() -> None:
    assert declarations(NoDoc) == "export interface NoDoc {\n  x: number;\n}"


# recursion and generics


class TreeNode(TypedDict):
    name: str
    children: list[TreeNode]
    parent: TreeNode | None


@dataclasses.dataclass
class Author:
    name: str
    books: list[Work]


@dataclasses.dataclass
class Work:
    title: str
    author: Author | None


def test_recursive_types_refer_to_themselves_by_name() -> None:
    assert ts(TreeNode) == "TreeNode"
    assert declarations(TreeNode) == (
        "export interface TreeNode {\n  name: string;\n  children: TreeNode[];\n  parent: TreeNode | null;\n}"
    )
    assert declarations(list[Author]) == (
        "export interface Author {\n  name: string;\n  books: Work[];\n}\n"
        "export interface Work {\n  title: string;\n  author: Author | null;\n}"
    )


@dataclasses.dataclass
class Paginated(Generic[T]):
    items: list[T]
    total: int


class Boxed(TypedDict, Generic[T]):
    value: T
    history: list[Boxed[T]]


def test_generic_types_become_generic_interfaces() -> None:
    assert ts(Paginated[Work]) == "Paginated<Work>"
    assert ts(Boxed[int | None]) == "Boxed<number | null>"
    assert "export interface Paginated<T> {\n  items: T[];\n  total: number;\n}" in declarations(Paginated[Work])
    assert "export interface Boxed<T> {\n  value: T;\n  history: Boxed<T>[];\n}" in declarations(Boxed[str])


# names


class Record(TypedDict):  # the name of a TypeScript type
    x: int


class Params(TypedDict):  # the name of the page's route params
    y: int


def _other_book() -> type:
    class Book(TypedDict):
        b: int

    return Book


class Book(TypedDict):
    a: int


OtherBook = _other_book()


class Names(TypedDict):
    record: Record
    params: Params
    book: Book
    other: OtherBook  # type: ignore[valid-type]


def test_clashing_names_are_numbered() -> None:
    mapper = TypeMapper()
    assert render(mapper.map(Names, "Props")) == "Names"
    assert [f.type for f in mapper.declarations["Names"].fields] == [  # type: ignore[union-attr]
        mapper.map(Record, "x"),
        mapper.map(Params, "x"),
        mapper.map(Book, "x"),
        mapper.map(OtherBook, "x"),
    ]
    assert sorted(mapper.declarations) == ["Book", "Book2", "Names", "Params2", "Record2"]


# pydantic (only when installed: bridge does not depend on it)

pydantic = pytest.importorskip("pydantic")


class Review(pydantic.BaseModel):
    """A review, dumped by pydantic in JSON mode."""

    stars: Literal[1, 2, 3, 4, 5]
    price: Decimal  # pydantic writes it as a string
    seen: set[str]  # and a set as an array
    hidden: str = pydantic.Field(default="", exclude=True)
    replies: list[Review] = pydantic.Field(default_factory=list)

    @pydantic.computed_field  # type: ignore[prop-decorator]
    @property
    def summary(self) -> str:
        return f"{self.stars} stars"


class Reviewed(TypedDict):
    review: Review


def test_pydantic_models_follow_model_dump() -> None:
    assert declarations(Reviewed) == (
        "/** A review, dumped by pydantic in JSON mode. */\n"
        "export interface Review {\n  stars: 1 | 2 | 3 | 4 | 5;\n  price: string;\n  seen: string[];\n"
        "  replies: Review[];\n  summary: string;\n}\n"
        "export interface Reviewed {\n  review: Review;\n}"
    )


# errors


class Thing:
    """A plain class: orjson cannot serialise it."""


class Point(NamedTuple):
    x: int


class Tuplish(enum.Enum):
    PAIR = (1, 2)


class Empty(enum.Enum):
    """No members yet."""


class Priced(TypedDict):
    price: Decimal


class Shelf(TypedDict):
    book: Priced


@pytest.mark.parametrize(
    ("tp", "message"),
    [
        (Decimal, "Props: Decimal cannot be expressed in TypeScript (orjson does not serialise it"),
        (Shelf, "Props.book.price: Decimal cannot be expressed in TypeScript"),
        (set[Decimal], "Props: set[Decimal] cannot be expressed in TypeScript (orjson does not serialise sets"),
        (frozenset[str], "Props: frozenset[str] cannot be expressed in TypeScript"),
        (Any, "Props: Any cannot be expressed in TypeScript (name the type)"),
        (object, "Props: object cannot be expressed in TypeScript"),
        (Thing, "Props: Thing cannot be expressed in TypeScript (use a str, a number, a TypedDict"),
        (Callable[[], int], "Props: Callable[[], int] cannot be expressed in TypeScript (functions are not data)"),
        (dict[int, str], "Props: dict[int, str] cannot be expressed in TypeScript (JSON object keys are strings"),
        (dict[Colour, str], "Props: dict[Colour, str] cannot be expressed in TypeScript"),
        (dict[Plain, str], "Props: dict[Plain, str] cannot be expressed in TypeScript"),
        (list, "Props: list cannot be expressed in TypeScript (give its item type, e.g. list[str])"),
        (dict, "Props: dict cannot be expressed in TypeScript"),
        (Paginated, "Props: Paginated cannot be expressed in TypeScript (it is generic: give its type arguments"),
        (T, "Props: ~T cannot be expressed in TypeScript (an unbound type variable)"),
        (Point, "Props: Point cannot be expressed in TypeScript (orjson does not serialise a NamedTuple"),
        (bytes, "Props: bytes cannot be expressed in TypeScript"),
        (datetime.timedelta, "Props: timedelta cannot be expressed in TypeScript"),
        (list[Any], "Props[]: Any cannot be expressed in TypeScript"),
        (Tuplish, "Props: Tuplish.PAIR has a tuple value, which TypeScript cannot express as a literal"),
        (Literal[b"raw"], "Props: the literal b'raw' cannot be expressed in TypeScript"),
        ("Missing", "Props: 'Missing' cannot be expressed in TypeScript (an unresolved forward"),
        (list[int, str], "Props: list[int, str] cannot be expressed in TypeScript"),  # type: ignore[misc]
        (dict[str], "Props: dict[str] cannot be expressed in TypeScript"),  # type: ignore[misc]
        (type[int], "Props: type[int] cannot be expressed in TypeScript"),
        (collections.deque[int], "Props: deque[int] cannot be expressed in TypeScript"),
        (Empty, "Props: the enum Empty has no members"),
    ],
)
def test_what_typescript_cannot_express_is_an_error(tp: object, message: str) -> None:
    [error] = errors(tp)
    assert error.startswith(message), error


class Broken(TypedDict):
    book: NotDefinedAnywhere  # type: ignore[name-defined]  # noqa: F821


class Many(TypedDict):
    price: Decimal
    callback: Callable[[int], None]
    fine: str
    items: list[set[int]]
    broken: Broken


def test_every_error_is_reported_with_its_path() -> None:
    assert errors(Many) == [
        "Props.price: Decimal cannot be expressed in TypeScript (orjson does not serialise it: convert it to str "
        "or float)",
        "Props.callback: Callable[[int], None] cannot be expressed in TypeScript (functions are not data)",
        "Props.items[]: set[int] cannot be expressed in TypeScript (orjson does not serialise sets: use a list or a "
        "tuple)",
        "Props.broken: the annotations of Broken cannot be resolved: NameError: name 'NotDefinedAnywhere' is not "
        "defined",
    ]


# the return annotation of get_server_side_props


class PageProps(TypedDict):
    title: str


def typed(context: object) -> PageResult[PageProps]:
    raise NotImplementedError


async def typed_async(context: object) -> PageResult[PageProps]:
    raise NotImplementedError


def props_only(context: object) -> PropsResult[PageProps]:
    raise NotImplementedError


def either(context: object) -> PropsResult[PageProps] | PropsResult[Settings] | RedirectResult:
    raise NotImplementedError


def unannotated(context):  # type: ignore[no-untyped-def]
    raise NotImplementedError


def untyped_dict(context: object) -> PageResult[dict[str, Any]]:
    raise NotImplementedError


def bare_dict(context: object) -> PageResult[dict]:  # type: ignore[type-arg]
    raise NotImplementedError


def plain_dict(context: object) -> dict[str, Any]:
    raise NotImplementedError


def redirects(context: object) -> RedirectResult:
    raise NotImplementedError


def redirects_or_404(context: object) -> RedirectResult | NotFoundResult:
    raise NotImplementedError


def annotated(context: object) -> Annotated[PageResult[PageProps], "the catalogue"]:
    raise NotImplementedError


def awaitable(context: object) -> collections.abc.Awaitable[PageResult[PageProps]]:
    raise NotImplementedError


def bare_props_result(context: object) -> PropsResult:  # type: ignore[type-arg]
    raise NotImplementedError


def unresolvable(context: object) -> PageResult[Nowhere]:  # type: ignore[name-defined]  # noqa: F821
    raise NotImplementedError


def test_declared_props_reads_the_props_type_out_of_the_result() -> None:
    assert declared_props(typed) == [PageProps]
    assert declared_props(typed_async) == [PageProps]
    assert declared_props(props_only) == [PageProps]
    assert declared_props(either) == [PageProps, Settings]
    assert declared_props(annotated) == [PageProps]
    assert declared_props(awaitable) == [PageProps]


def test_a_function_that_only_redirects_has_no_props_and_needs_no_hint() -> None:
    assert declared_props(redirects) == []
    assert declared_props(redirects_or_404) == []


@pytest.mark.parametrize(
    ("function", "reason"),
    [
        (unannotated, "get_server_side_props has no return annotation: annotate it `-> PageResult[Props]`"),
        (untyped_dict, "the props are untyped (dict[str, Any]): use a TypedDict or a dataclass for typed props"),
        (bare_dict, "the props are untyped (dict)"),
        (plain_dict, "get_server_side_props returns dict[str, Any], not PageResult[Props]"),
        (bare_props_result, "get_server_side_props returns PropsResult without a props type"),
    ],
)
def test_untyped_props_are_a_hint_not_an_error(function: Callable[..., object], reason: str) -> None:
    result = declared_props(function)
    assert isinstance(result, Untyped)
    assert result.reason.startswith(reason)


def test_an_unresolvable_return_annotation_is_an_error() -> None:
    with pytest.raises(TypesError, match="the return annotation cannot be resolved: NameError: name 'Nowhere'"):
        declared_props(unresolvable)


def test_map_props_names_the_root_props() -> None:
    props = map_props([PageProps])
    assert render(props.props) == "PageProps"
    assert sorted(props.declarations) == ["PageProps"]
    union = map_props([PageProps, Settings])
    assert render(union.props) == "PageProps | Settings"
    assert render(map_props([dict[str, Work]]).props) == "Record<string, Work>"


class Props(TypedDict):  # the user's own Props: it is the page's Props, not Props2
    inner: Props | None


def test_a_class_named_props_is_the_props() -> None:
    props = map_props([Props])
    assert render(props.props) == "Props"
    assert render_declaration(props.declarations["Props"]) == "export interface Props {\n  inner: Props | null;\n}"


@pytest.mark.parametrize(
    ("tp", "message"),
    [
        (int, "Props: the props must be a TypedDict, a dataclass or dict[str, ...], not int"),
        (list[PageProps], "Props: the props must be a TypedDict, a dataclass or dict[str, ...], not list[PageProps]"),
        (Review, "Props: the props must be a dict or a dataclass: put the pydantic model in a TypedDict"),
    ],
)
def test_the_props_themselves_must_be_an_object(tp: object, message: str) -> None:
    with pytest.raises(TypesError) as raised:
        map_props([tp])
    assert raised.value.messages == [message]
