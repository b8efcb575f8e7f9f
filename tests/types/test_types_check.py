"""The dev-mode props check (bridge/types/check.py): unit tests of the checker, then through the ASGI stack."""

from __future__ import annotations

import dataclasses
import enum
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Generic, Literal, NotRequired, TypedDict, TypeVar

import httpx
import orjson
import pytest
from types_support import FIXTURES, copy_project

from bridge import Bridge
from bridge.build.bundler import build
from bridge.types import check
from bridge.types.check import Checker
from bridge.types.mapping import map_props

T = TypeVar("T")


class Genre(enum.Enum):
    FICTION = "fiction"
    POETRY = "poetry"


class Book(TypedDict):
    title: str
    year: int
    genre: Genre
    isbn: NotRequired[str]
    series: Book | None


@dataclasses.dataclass
class Page(Generic[T]):
    items: list[T]
    total: int


class Props(TypedDict):
    book: Book
    page: Page[Book]
    format: Literal["hardback", "paperback"]
    counts: dict[str, int]
    pair: tuple[str, int]
    either: int | list[str]


def book(**changes: Any) -> dict[str, Any]:
    return {"title": "Moby-Dick", "year": 1851, "genre": "fiction", "series": None, **changes}


def good(**changes: Any) -> dict[str, Any]:
    return {
        "book": book(),
        "page": {"items": [book(), book(isbn="978-0")], "total": 2},
        "format": "hardback",
        "counts": {"a": 1},
        "pair": ["x", 1],
        "either": ["a"],
        **changes,
    }


def mismatches(value: Any) -> list[str]:
    return Checker(map_props([Props])).mismatches(value)


def test_matching_props_pass() -> None:
    assert mismatches(good()) == []
    assert mismatches(good(either=3, book=book(series=book(), isbn="x"))) == []
    assert mismatches({**good(), "extra": "keys are allowed"}) == []


@pytest.mark.parametrize(
    ("props", "expected"),
    [
        (good(book=book(year="1999")), 'props.book.year: expected number, got string "1999"'),
        (good(book=book(year=True)), "props.book.year: expected number, got boolean true"),
        (good(book=book(title=None)), "props.book.title: expected string, got null"),
        (good(book=book(genre="drama")), 'props.book.genre: expected Genre ("fiction" | "poetry"), got string "drama"'),
        (good(book=book(isbn=7)), "props.book.isbn: expected string, got number 7"),
        (
            good(book=book(series=book(series=None, year="2"))),
            'props.book.series.year: expected number, got string "2"',
        ),
        (good(book=book(series=[])), "props.book.series: expected Book | null, got array"),
        (
            good(page={"items": [book(), {**book(), "year": 1.5e300, "title": 3}], "total": 2}),
            "props.page.items[1].title: expected string, got number 3",
        ),
        (good(page={"items": {}, "total": 0}), "props.page.items: expected Book[], got object"),
        (good(format="ebook"), 'props.format: expected "hardback" | "paperback", got string "ebook"'),
        (good(counts={"a": "1"}), 'props.counts.a: expected number, got string "1"'),
        (good(counts={"a b": None}), 'props.counts["a b"]: expected number, got null'),
        (good(pair=["x"]), "props.pair: expected [string, number], got array"),
        (good(pair=["x", "y"]), 'props.pair[1]: expected number, got string "y"'),
        (good(either=[1]), "props.either[0]: expected string, got number 1"),
        (good(either="a"), 'props.either: expected number | string[], got string "a"'),
        ({k: v for k, v in good().items() if k != "book"}, "props.book: expected Book, got nothing"),
        (good(book="x" * 100), f'props.book: expected Book, got string "{"x" * 59}...'),
    ],
)
def test_mismatches_name_the_path_the_type_and_the_value(props: Any, expected: str) -> None:
    assert mismatches(props) == [expected]


def test_every_mismatch_is_reported_up_to_a_limit() -> None:
    assert mismatches(good(book=book(year="1", title=2))) == [
        "props.book.title: expected string, got number 2",
        'props.book.year: expected number, got string "1"',
    ]
    many = good(page={"items": [book(year=str(i)) for i in range(30)], "total": 30})
    assert len(mismatches(many)) == check.MAX_MISMATCHES


def test_generic_parameters_are_checked_with_their_arguments() -> None:
    assert mismatches(good(page={"items": [1], "total": 1})) == ["props.page.items[0]: expected Book, got number 1"]


@dataclasses.dataclass
class Shelf(Generic[T]):
    best: T | None
    pairs: tuple[T, int]
    by_name: dict[str, T]
    inner: Page[T]


class ShelfProps(TypedDict):
    shelf: Shelf[Book]
    counts: dict[str, int] | None
    genre: Genre | None


def shelf(**changes: Any) -> dict[str, Any]:
    inner = {"items": [], "total": 0}
    return {"best": None, "pairs": [book(), 1], "by_name": {"a": book()}, "inner": inner, **changes}


@pytest.mark.parametrize(
    ("props", "expected"),
    [
        ({"shelf": shelf(pairs=["x"])}, "props.shelf.pairs: expected [Book, number], got array"),
        ({"shelf": shelf(by_name=[])}, "props.shelf.by_name: expected Record<string, Book>, got array"),
        ({"shelf": shelf(best=3)}, "props.shelf.best: expected Book | null, got number 3"),
        ({"shelf": shelf(inner=3)}, "props.shelf.inner: expected Page<Book>, got number 3"),
        ({"counts": []}, "props.counts: expected Record<string, number> | null, got array"),
        ({"genre": 3}, 'props.genre: expected Genre ("fiction" | "poetry"), got number 3'),
    ],
)
def test_mismatches_inside_generics_and_unions_name_the_type_with_its_arguments(props: Any, expected: str) -> None:
    checker = Checker(map_props([ShelfProps]))
    assert checker.mismatches({"shelf": shelf(), "counts": {"a": 1}, "genre": "poetry"}) == []
    assert checker.mismatches({"shelf": shelf(), "counts": None, "genre": None, **props}) == [expected]


# Through the ASGI stack, in dev mode: the error goes to the page data, which the overlay shows.

DATA = re.compile(r'<script id="__BRIDGE_DATA__" type="application/json">(.*?)</script>', re.DOTALL)
EXPECTED = [
    'props.book.year: expected number, got string "1999"',
    "props.related[1].title: expected string, got nothing",
    'props.related[1].year: expected number, got string "1999"',
    "props.related[1].tags[1]: expected string, got number 7",
]


@pytest.fixture(scope="module")
def mismatch_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    """tests/types/fixtures/mismatch, built (its declarations are written by the build)."""
    root = tmp_path_factory.mktemp("mismatch")
    pages = copy_project(FIXTURES / "mismatch", root / "app")
    build(pages, root / ".bridge")
    assert (pages / "books" / "[id].props.d.ts").is_file()
    yield pages, root / ".bridge"


async def get(app: Bridge, path: str) -> httpx.Response:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as http:
        return await http.get(path)


@pytest.mark.anyio
async def test_dev_mode_shows_props_that_break_their_annotation(mismatch_app: tuple[Path, Path]) -> None:
    pages, build_dir = mismatch_app
    app = Bridge(pages=pages, build_dir=build_dir, dev=True, render_threads=1)
    try:
        assert (await get(app, "/books/1")).status_code == 200  # props that match

        response = await get(app, "/books/2")
        assert response.status_code == 500
        [data] = DATA.findall(response.text)
        error = orjson.loads(data)["error"]
        assert error["type"] == "PropsTypeError"
        assert error["message"] == f"{pages / 'books' / '[id].py'}: " + "\n".join(EXPECTED)

        build_id = app.handler.manifest.build_id
        response = await get(app, f"/books/2?_bridge_data={build_id}")
        assert response.status_code == 500
        assert response.json()["error"]["message"].splitlines()[1:] == EXPECTED[1:]
        assert EXPECTED[0] in response.json()["error"]["message"].splitlines()[0]
    finally:
        app.close()


@pytest.mark.anyio
async def test_production_does_not_check(mismatch_app: tuple[Path, Path]) -> None:
    pages, build_dir = mismatch_app
    app = Bridge(pages=pages, build_dir=build_dir, render_threads=1)
    try:
        checked = len(check._checkers)
        response = await get(app, "/books/2")
        assert response.status_code == 200
        assert "1999<!-- -->, and <!-- -->2<!-- --> related" in response.text  # served as they are
        assert len(check._checkers) == checked  # no checker was even built
    finally:
        app.close()
