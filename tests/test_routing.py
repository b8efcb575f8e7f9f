"""The route table: which files are pages, which URL each serves, and which route wins a path."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bridge import RouteError
from bridge.routing import RouteTable, SegmentKind, raw_app_path

Scan = Callable[..., RouteTable]


@pytest.fixture
def scan(write_pages: Callable[[dict[str, str]], Path]) -> Scan:
    """Scans a pages folder holding empty files with the given names."""

    def make(*names: str) -> RouteTable:
        return RouteTable.scan(write_pages(dict.fromkeys(names, "")))

    return make


def served(table: RouteTable, path: str) -> tuple[str, dict[str, object]] | None:
    """The page id serving ``path`` and its parameters, or None."""
    found = table.match(path)
    return (found[0].page, found[1]) if found else None


def test_index_serves_the_root(scan: Scan) -> None:
    table = scan("index.jsx")
    assert served(table, "/") == ("index", {})
    [route] = table.routes
    assert route.pattern == "/"
    assert route.segments == ()


def test_nested_folders(scan: Scan) -> None:
    table = scan("blog/index.jsx", "blog/post.tsx", "blog/2024/summary.js", "about.ts")
    assert served(table, "/blog") == ("blog/index", {})
    assert served(table, "/blog/post") == ("blog/post", {})
    assert served(table, "/blog/2024/summary") == ("blog/2024/summary", {})
    assert served(table, "/about") == ("about", {})
    assert served(table, "/blog/index") is None
    assert served(table, "/blog/2024") is None
    assert sorted(r.pattern for r in table.routes) == ["/about", "/blog", "/blog/2024/summary", "/blog/post"]


def test_dynamic_segment(scan: Scan) -> None:
    table = scan("books/[id].jsx", "books/[id]/reviews/[review].jsx")
    assert served(table, "/books/3") == ("books/[id]", {"id": "3"})
    assert served(table, "/books/3/reviews/x") == ("books/[id]/reviews/[review]", {"id": "3", "review": "x"})
    assert served(table, "/books") is None
    assert served(table, "/books/3/4") is None
    assert served(table, "/books/3/reviews") is None


def test_catch_all_needs_at_least_one_segment(scan: Scan) -> None:
    table = scan("docs/[...slug].jsx")
    assert served(table, "/docs/a") == ("docs/[...slug]", {"slug": ["a"]})
    assert served(table, "/docs/a/b/c") == ("docs/[...slug]", {"slug": ["a", "b", "c"]})
    assert served(table, "/docs") is None


def test_optional_catch_all_also_serves_its_parent(scan: Scan) -> None:
    table = scan("docs/[[...slug]].jsx")
    assert served(table, "/docs") == ("docs/[[...slug]]", {"slug": []})
    assert served(table, "/docs/a/b") == ("docs/[[...slug]]", {"slug": ["a", "b"]})
    assert served(table, "/") is None


def test_optional_catch_all_at_the_root_serves_everything(scan: Scan) -> None:
    table = scan("[[...path]].jsx", "about.jsx")
    assert served(table, "/") == ("[[...path]]", {"path": []})
    assert served(table, "/x/y") == ("[[...path]]", {"path": ["x", "y"]})
    assert served(table, "/about") == ("about", {})


def test_static_beats_dynamic_beats_catch_all(scan: Scan) -> None:
    table = scan("books/new.jsx", "books/[id].jsx", "books/[...rest].jsx", "books/index.jsx", "[[...all]].jsx")
    assert served(table, "/books/new") == ("books/new", {})
    assert served(table, "/books/3") == ("books/[id]", {"id": "3"})
    assert served(table, "/books/3/4") == ("books/[...rest]", {"rest": ["3", "4"]})
    assert served(table, "/books") == ("books/index", {})
    assert served(table, "/shelves/3") == ("[[...all]]", {"all": ["shelves", "3"]})


def test_precedence_is_decided_segment_by_segment(scan: Scan) -> None:
    table = scan("[section]/latest.jsx", "news/[item].jsx", "[a]/[b].jsx")
    assert served(table, "/news/latest") == ("news/[item]", {"item": "latest"})  # static first segment wins
    assert served(table, "/sport/latest") == ("[section]/latest", {"section": "sport"})
    assert served(table, "/sport/today") == ("[a]/[b]", {"a": "sport", "b": "today"})


def test_route_order_does_not_depend_on_file_names(scan: Scan) -> None:
    # "[...a]" sorts before "z" by name; the static route must still win its path
    table = scan("[...a].jsx", "z.jsx", "[y].jsx")
    assert served(table, "/z") == ("z", {})
    assert served(table, "/q") == ("[y]", {"y": "q"})
    assert served(table, "/q/r") == ("[...a]", {"a": ["q", "r"]})


def test_segment_kinds(scan: Scan) -> None:
    table = scan("a/[b]/[...c].jsx")
    [route] = table.routes
    assert [s.kind for s in route.segments] == [SegmentKind.STATIC, SegmentKind.DYNAMIC, SegmentKind.CATCH_ALL]
    assert [s.value for s in route.segments] == ["a", "b", "c"]
    assert route.pattern == "/a/[b]/[...c]"


def test_private_files_and_folders_are_no_routes(scan: Scan) -> None:
    table = scan(
        "index.jsx",
        "_components/Button.jsx",
        "_helper.jsx",
        "books/_shared.jsx",
        "books/_util.py",
        "_lib/db.py",
        "_lib/__init__.py",
        "__pycache__/index.cpython-311.pyc",
        ".hidden.jsx",
        "books/_drafts/[id].jsx",
    )
    assert [r.page for r in table.routes] == ["index"]
    assert table.special == {}
    for path in ("/_components/Button", "/_helper", "/books/_shared", "/books/_drafts/1", "/.hidden"):
        assert served(table, path) is None


def test_files_that_are_not_components_are_ignored(scan: Scan) -> None:
    table = scan("index.jsx", "styles.css", "README.md", "data.json")
    assert [r.page for r in table.routes] == ["index"]


def test_app_and_error_pages_are_special(scan: Scan) -> None:
    table = scan("index.jsx", "_app.jsx", "404.jsx", "500.tsx")
    assert [r.page for r in table.routes] == ["index"]
    assert {page: file.name for page, file in table.special.items()} == {
        "_app": "_app.jsx",
        "404": "404.jsx",
        "500": "500.tsx",
    }
    assert served(table, "/404") is None
    assert served(table, "/500") is None
    assert served(table, "/_app") is None


def test_nested_app_and_error_names_are_ordinary(scan: Scan) -> None:
    table = scan("errors/404.jsx", "books/_app.jsx")
    assert served(table, "/errors/404") == ("errors/404", {})
    assert table.special == {}


def test_props_module_pairs_with_its_component(scan: Scan) -> None:
    table = scan("books/[id].jsx", "books/[id].py", "about.jsx")
    routes = {r.page: r for r in table.routes}
    assert routes["books/[id]"].props is not None
    assert routes["books/[id]"].props.name == "[id].py"
    assert routes["about"].props is None


def test_props_module_without_component(scan: Scan) -> None:
    with pytest.raises(RouteError, match=r"orphan\.py has no component: add .*orphan\.jsx"):
        scan("index.jsx", "orphan.py")


@pytest.mark.parametrize("special", ["_app", "404", "500"])
def test_special_pages_take_no_props(scan: Scan, special: str) -> None:
    with pytest.raises(RouteError, match=f"the special page '{special}' takes no get_server_side_props"):
        scan(f"{special}.jsx", f"{special}.py")


def test_two_components_for_one_page(scan: Scan) -> None:
    with pytest.raises(RouteError, match=r"about\.jsx and .*about\.tsx are the same page"):
        scan("about.jsx", "about.tsx")


@pytest.mark.parametrize(
    "files",
    [
        ("[a].jsx", "[b].jsx"),
        ("books/[id].jsx", "books/[slug].jsx"),
        ("index.jsx", "[[...x]].jsx"),
        ("docs/index.jsx", "docs/[[...x]].jsx"),
        ("docs.jsx", "docs/[[...x]].jsx"),
        ("[...a].jsx", "[[...b]].jsx"),
        ("[...a].jsx", "[...b].jsx"),
        ("blog.jsx", "blog/index.jsx"),
        ("[a]/x.jsx", "[b]/x.jsx"),
    ],
)
def test_conflicting_routes(scan: Scan, files: tuple[str, str]) -> None:
    with pytest.raises(RouteError, match="both serve"):
        scan(*files)


INVALID_NAMES = ["[id", "id]", "[]", "[[id]]", "[..id]", "[....id]", "[1st]", "[a-b]", "a[id]", "[id]x", "[ id]"]


@pytest.mark.parametrize("name", [*INVALID_NAMES, "[[...x]", "[...x]]"])
def test_invalid_segment_names(scan: Scan, name: str) -> None:
    with pytest.raises(RouteError, match="is not a valid segment"):
        scan(f"{name}.jsx")
    with pytest.raises(RouteError, match="is not a valid segment"):
        scan(f"{name}/page.jsx")


@pytest.mark.parametrize("files", [("[...slug]/edit.jsx",), ("[[...slug]]/edit.jsx",), ("a/[...b]/[c].jsx",)])
def test_catch_all_must_be_last(scan: Scan, files: tuple[str, ...]) -> None:
    with pytest.raises(RouteError, match="a catch-all segment must be the last part"):
        scan(*files)


def test_parameter_names_must_differ(scan: Scan) -> None:
    with pytest.raises(RouteError, match="the parameter 'id' appears twice"):
        scan("[id]/[...id].jsx")


@pytest.mark.parametrize(
    "path", ["/books/3/", "/books//3", "//books/3", "/about/", "//", "/docs/a//b", "/docs/a/", "", "/opt/"]
)
def test_empty_segments_never_match(scan: Scan, path: str) -> None:
    table = scan("about.jsx", "books/[id].jsx", "docs/[...slug].jsx", "opt/[[...rest]].jsx", "index.jsx")
    assert served(table, path) is None


def test_matching_is_case_sensitive_and_literal(scan: Scan) -> None:
    table = scan("About.jsx", "books/[id].jsx")
    assert served(table, "/About") == ("About", {})
    assert served(table, "/about") is None
    assert served(table, "/books/a%20b%252F") == ("books/[id]", {"id": "a b%2F"})


def test_segments_are_decoded_after_splitting(scan: Scan) -> None:
    """The path is matched as the client encoded it: %2F is a slash inside a segment, as in Next.js."""
    table = scan("about/x.jsx", "words/[word].jsx", "catchall/[...path].jsx")
    assert served(table, "/words/a%2Fb") == ("words/[word]", {"word": "a/b"})
    assert served(table, "/catchall/test1/te%2Fst2") == ("catchall/[...path]", {"path": ["test1", "te/st2"]})
    assert served(table, "/%61bout/x") == ("about/x", {})
    assert served(table, "/about%2Fx") is None


def test_missing_pages_folder(tmp_path: Path) -> None:
    with pytest.raises(RouteError, match="pages folder not found"):
        RouteTable.scan(tmp_path / "nope")


def test_empty_pages_folder(scan: Scan) -> None:
    table = scan()
    assert table.routes == []
    assert table.match("/") is None


@pytest.mark.parametrize(
    ("scope", "path", "raw"),
    [
        ({"raw_path": b"/words/a%2Fb"}, "/words/a/b", "/words/a%2Fb"),
        ({"raw_path": b"/app/words/a%2Fb", "root_path": "/app"}, "/words/a/b", "/words/a%2Fb"),
        ({"raw_path": b"/words/a%2Fb", "root_path": "/app"}, "/words/a/b", "/words/a%2Fb"),  # uvicorn --root-path
        ({"raw_path": b"/app", "root_path": "/app"}, "/", "/"),
        ({}, "/words/100%", "/words/100%25"),  # no raw_path: the decoded path, encoded again
        ({"raw_path": b"/elsewhere"}, "/words/a b", "/words/a%20b"),  # a middleware rewrote the path
        ({"raw_path": b"/app/other", "root_path": "/app"}, "/words", "/words"),
    ],
)
def test_raw_app_path(scope: dict[str, object], path: str, raw: str) -> None:
    """The path inside the mount as the client encoded it, whether or not the server's raw_path has the mount."""
    assert raw_app_path(scope, path) == raw
