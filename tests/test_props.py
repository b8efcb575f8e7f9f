"""get_server_side_props: checking what it returns, the context it gets, and importing page modules."""

from __future__ import annotations

import dataclasses
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from starlette.requests import Request

from bridge import PageContext, PageError, PropsError
from bridge.props.context import ResponseOptions, parse_query
from bridge.props.loader import load_page, package_name
from bridge.props.result import NotFound, Props, RedirectTo, check_result

pytestmark = pytest.mark.anyio

FILE = Path("/app/pages/books/[id].py")


@dataclasses.dataclass
class BookProps:
    title: str


# check_result


def test_props_dict() -> None:
    assert check_result({"props": {"title": "Dune"}}, FILE) == Props({"title": "Dune"})
    assert check_result({"props": {}}, None) == Props({})


def test_props_dataclass() -> None:
    assert check_result({"props": BookProps("Dune")}, FILE) == Props(BookProps("Dune"))


@pytest.mark.parametrize("props", [["a"], "text", None, 3, BookProps])
def test_props_must_be_a_dict(props: object) -> None:
    with pytest.raises(PropsError, match=rf'"props" must be a dict \(or dataclass\), not {type(props).__name__}'):
        check_result({"props": props}, FILE)


@pytest.mark.parametrize(
    ("result", "described"),
    [
        (None, "NoneType"),
        ([], "list"),
        ("props", "str"),
        ({}, r"dict with keys \[\]"),
        ({"props": {}, "not_found": True}, r"dict with keys \['not_found', 'props'\]"),
    ],
)
def test_result_must_be_a_dict_with_one_key(result: object, described: str) -> None:
    with pytest.raises(PropsError, match=rf"returned {described}; return {{\"props\": {{\.\.\.}}}}") as caught:
        check_result(result, FILE)
    assert caught.value.file == str(FILE)
    assert str(caught.value).startswith(f"{FILE}: get_server_side_props returned")


@pytest.mark.parametrize("result", [{"propz": {}}, {"not_found": False}, {"not_found": 1}, {"notFound": True}])
def test_unknown_results(result: dict[str, object]) -> None:
    with pytest.raises(PropsError, match=r"get_server_side_props returned \{'"):
        check_result(result, FILE)


def test_not_found() -> None:
    assert check_result({"not_found": True}, FILE) == NotFound()


@pytest.mark.parametrize(
    ("redirect", "expected"),
    [
        ({"destination": "/login"}, RedirectTo("/login", 307)),
        ({"destination": "/login", "permanent": False}, RedirectTo("/login", 307)),
        ({"destination": "/new", "permanent": True}, RedirectTo("/new", 308)),
        ({"destination": "https://example.com", "status_code": 301}, RedirectTo("https://example.com", 301)),
        ({"destination": "/x", "status_code": 303, "permanent": True}, RedirectTo("/x", 303)),
    ],
)
def test_redirects(redirect: dict[str, object], expected: RedirectTo) -> None:
    assert check_result({"redirect": redirect}, FILE) == expected


@pytest.mark.parametrize(
    ("redirect", "message"),
    [
        ("/login", '"redirect" needs a "destination" string'),
        ({}, '"redirect" needs a "destination" string'),
        ({"destination": ""}, '"redirect" needs a "destination" string'),
        ({"destination": 3}, '"redirect" needs a "destination" string'),
        ({"destination": "/", "statusCode": 301}, "\"redirect\" has unknown keys \\['statusCode'\\]"),
        ({"destination": "/", "status_code": 200}, '"redirect" status_code must be one of .*, not 200'),
        ({"destination": "/", "status_code": "301"}, "\"redirect\" status_code must be one of .*, not '301'"),
    ],
)
def test_bad_redirects(redirect: object, message: str) -> None:
    with pytest.raises(PropsError, match=message):
        check_result({"redirect": redirect}, FILE)


# the context


def request(query: bytes = b"", path: str = "/") -> Request:
    scope = {"type": "http", "method": "GET", "path": path, "query_string": query, "headers": [], "root_path": ""}
    return Request(scope)


@pytest.mark.parametrize(
    ("query", "parsed"),
    [
        (b"", {}),
        (b"a=1", {"a": "1"}),
        (b"a=1&a=2", {"a": ["1", "2"]}),
        (b"a=1&b=x&a=2&a=3", {"a": ["1", "2", "3"], "b": "x"}),
        (b"tag=sf&tag=sf", {"tag": ["sf", "sf"]}),
        (b"q=hello+world&e=%C3%A9%20%26", {"q": "hello world", "e": "é &"}),
        (b"empty=&flag", {"empty": "", "flag": ""}),
        (b"a%5B%5D=1&a%5B%5D=2", {"a[]": ["1", "2"]}),
    ],
)
def test_parse_query_like_nextjs(query: bytes, parsed: dict[str, object]) -> None:
    assert parse_query(request(query)) == parsed


def test_parse_query_keeps_the_order_of_keys() -> None:
    assert list(parse_query(request(b"z=1&a=2&m=3&a=4"))) == ["z", "a", "m"]


def test_response_options_cookies() -> None:
    options = ResponseOptions()
    options.set_cookie("session", "abc", max_age=60, httponly=True, secure=True, samesite="strict")
    options.set_cookie("plain", "v", samesite=None, domain="example.com", path="/books")
    options.delete_cookie("old")
    cookies = options.headers.getlist("set-cookie")
    assert cookies == [
        "session=abc; HttpOnly; Max-Age=60; Path=/; SameSite=strict; Secure",
        "plain=v; Domain=example.com; Path=/books",
        'old=""; Max-Age=0; Path=/; SameSite=lax',
    ]


def test_response_options_start_empty() -> None:
    options = ResponseOptions()
    assert options.status_code is None
    assert list(options.headers.items()) == []


def context(query: bytes = b"", params: dict[str, str | list[str]] | None = None) -> PageContext:
    return PageContext(
        params=params or {}, query=parse_query(request(query)), request=request(query), resolved_url="/", route="/"
    )


# page modules


@pytest.fixture
def pages(write_pages: Callable[[dict[str, str]], Path]) -> Iterator[Callable[[dict[str, str]], Path]]:
    """Writes page modules and forgets them from sys.modules afterwards."""
    written: list[Path] = []

    def make(files: dict[str, str]) -> Path:
        folder = write_pages(files)
        written.append(folder)
        return folder

    yield make
    for folder in written:
        prefix = package_name(folder)
        for name in [n for n in sys.modules if n == prefix or n.startswith(prefix + ".")]:
            del sys.modules[name]


async def test_sync_props_run_in_a_worker_thread(pages: Callable[[dict[str, str]], Path]) -> None:
    folder = pages(
        {
            "index.py": (
                "import threading\n"
                "def get_server_side_props(context):\n"
                "    return {'props': {'main': threading.current_thread() is threading.main_thread(),"
                " 'q': context.query}}\n"
            )
        }
    )
    module = load_page(folder, folder / "index.py")
    outcome = await module.props(context(b"a=1&a=2"))
    assert threading.current_thread() is threading.main_thread()
    assert outcome == Props({"main": False, "q": {"a": ["1", "2"]}})


async def test_async_props_run_on_the_event_loop(pages: Callable[[dict[str, str]], Path]) -> None:
    folder = pages(
        {
            "index.py": (
                "import threading\n"
                "async def get_server_side_props(context):\n"
                "    return {'props': {'main': threading.current_thread() is threading.main_thread()}}\n"
            )
        }
    )
    outcome = await load_page(folder, folder / "index.py").props(context())
    assert outcome == Props({"main": True})


async def test_sync_function_returning_an_awaitable(pages: Callable[[dict[str, str]], Path]) -> None:
    folder = pages(
        {
            "index.py": (
                "async def _props(context):\n"
                "    return {'not_found': True}\n"
                "def get_server_side_props(context):\n"
                "    return _props(context)\n"
            )
        }
    )
    assert await load_page(folder, folder / "index.py").props(context()) == NotFound()


async def test_relative_imports_of_private_helpers(pages: Callable[[dict[str, str]], Path]) -> None:
    folder = pages(
        {
            "_lib/db.py": "BOOKS = {'1': 'Dune'}\n",
            "books/[id].py": (
                "from .._lib.db import BOOKS\n"
                "def get_server_side_props(context):\n"
                "    return {'props': {'title': BOOKS[context.params['id']]}}\n"
            ),
            "index.py": "from ._lib import db\ndef get_server_side_props(context):\n    return {'props': db.BOOKS}\n",
        }
    )
    book = load_page(folder, folder / "books" / "[id].py")
    assert await book.props(context(params={"id": "1"})) == Props({"title": "Dune"})
    assert await load_page(folder, folder / "index.py").props(context()) == Props({"1": "Dune"})
    assert f"{package_name(folder)}._lib.db" in sys.modules


async def test_a_folder_beside_a_page_of_the_same_name(pages: Callable[[dict[str, str]], Path]) -> None:
    # books/[id].py and books/[id]/edit.py: the folder is a package of its own, and [id].py runs once.
    folder = pages(
        {
            "_lib/runs.py": "RUNS: list[str] = []\n",
            "books/[id].py": (
                "from .._lib.runs import RUNS\n"
                "RUNS.append('book')\n"
                "def get_server_side_props(context):\n"
                "    return {'props': {}}\n"
            ),
            "books/[id]/edit.py": (
                "from ..._lib.runs import RUNS\n"
                "def get_server_side_props(context):\n"
                "    return {'props': {'runs': RUNS}}\n"
            ),
        }
    )
    load_page(folder, folder / "books" / "[id].py")
    edit = load_page(folder, folder / "books" / "[id]" / "edit.py")
    assert await edit.props(context(params={"id": "1"})) == Props({"runs": ["book"]})


async def test_bad_result_names_the_file(pages: Callable[[dict[str, str]], Path]) -> None:
    folder = pages({"index.py": "def get_server_side_props(context):\n    return {'title': 'x'}\n"})
    module = load_page(folder, folder / "index.py")
    with pytest.raises(PropsError, match=r"index\.py: get_server_side_props returned {'title': \.\.\.}; return"):
        await module.props(context())


async def test_exceptions_in_props_propagate(pages: Callable[[dict[str, str]], Path]) -> None:
    folder = pages({"index.py": "def get_server_side_props(context):\n    raise KeyError('missing')\n"})
    with pytest.raises(KeyError, match="missing"):
        await load_page(folder, folder / "index.py").props(context())


def test_import_error_names_the_file(pages: Callable[[dict[str, str]], Path]) -> None:
    folder = pages({"index.py": "import no_such_module_for_bridge\n"})
    with pytest.raises(PageError) as caught:
        load_page(folder, folder / "index.py")
    assert caught.value.file == str(folder / "index.py")
    assert "importing the page failed" in str(caught.value)
    assert "No module named 'no_such_module_for_bridge'" in str(caught.value)
    assert f"{package_name(folder)}.index" not in sys.modules


def test_syntax_error_names_the_file(pages: Callable[[dict[str, str]], Path]) -> None:
    folder = pages({"about.py": "def get_server_side_props(context:\n"})
    with pytest.raises(PageError, match=r"(?s)about\.py: importing the page failed:.*SyntaxError"):
        load_page(folder, folder / "about.py")


@pytest.mark.parametrize("source", ["", "def get_props(context):\n    pass\n"])
def test_module_without_the_function(pages: Callable[[dict[str, str]], Path], source: str) -> None:
    folder = pages({"index.py": source})
    with pytest.raises(PageError, match=r"index\.py: defines neither get_server_side_props\(context\) nor an action"):
        load_page(folder, folder / "index.py")


def test_page_functions_must_be_functions(pages: Callable[[dict[str, str]], Path]) -> None:
    folder = pages({"index.py": "get_server_side_props = 3\n"})
    with pytest.raises(PageError, match=r"index\.py: get_server_side_props must be a function taking the context"):
        load_page(folder, folder / "index.py")


def test_each_pages_folder_is_its_own_package(tmp_path: Path) -> None:
    assert package_name(tmp_path / "a") != package_name(tmp_path / "b")
    assert package_name(tmp_path / "a") == package_name(tmp_path / "x" / ".." / "a")
    assert package_name(tmp_path).isidentifier()
