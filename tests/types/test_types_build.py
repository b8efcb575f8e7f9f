"""TypeScript projects end to end: ``bridge build`` writes the declarations, runs ``tsc --noEmit`` and bundles
TSX with esbuild. Two tsc runs in all: the demo (which passes) and the broken fixture (which fails).

The demo is the app in pages/ (TSX components, annotated Python, tsconfig.json beside it); its committed
``.d.ts`` files are the golden output of ``bridge types``. After a deliberate change, regenerate them with
``bridge types --pages pages`` (or ``bridge build``) and review the diff.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

import httpx
import orjson
import pytest
from types_support import DEMO, FIXTURES, copy_project, declaration_files

from bridge import Bridge, BuildError
from bridge.build.bundler import build
from bridge.build.manifest import Manifest
from bridge.build.toolchain import ensure_js_dependencies, find_node
from bridge.types.tsc import check_types, parse_diagnostics

DATA = re.compile(r'<script id="__BRIDGE_DATA__" type="application/json">(.*?)</script>', re.DOTALL)


class Demo:
    """The demo, copied without its declarations and built."""

    def __init__(self, root: Path) -> None:
        self.pages = copy_project(DEMO, root / "demo", declarations=False)
        self.build_dir = root / "demo" / ".bridge"
        assert declaration_files(self.pages) == {}
        # declarations, tsc --noEmit, esbuild (with the client source maps, which a default build leaves out)
        self.manifest = build(self.pages, self.build_dir, browser_source_maps=True)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    return Demo(tmp_path_factory.mktemp("typed"))


def test_the_declarations_match_the_golden_files(demo: Demo) -> None:
    expected = declaration_files(DEMO / "pages")
    assert sorted(expected) == [
        "_components/book_form.module.css.d.ts",
        "books/[id].props.d.ts",
        "books/[id]/edit.props.d.ts",
        "books/new.props.d.ts",
        "bridge-assets.d.ts",
        "bridge-routes.d.ts",
        "index.props.d.ts",
        "tags/[...tags].props.d.ts",
    ]
    generated = declaration_files(demo.pages)
    assert sorted(generated) == sorted(expected)
    for name, text in expected.items():
        assert generated[name] == text, f"{name} differs: run `bridge types --pages pages`"


def test_tsx_pages_build_with_source_maps(demo: Demo) -> None:
    page = demo.manifest.pages["books/[id]"].file
    source_map = orjson.loads((demo.build_dir / "static" / f"{page}.map").read_bytes())
    [source] = source_map["sources"]
    assert source.endswith("pages/books/%5Bid%5D.tsx")
    [content] = source_map["sourcesContent"]
    assert 'import type { Props } from "./[id].props";' in content  # the original TypeScript
    assert "props" not in (demo.build_dir / "static" / page).read_text()  # the type-only import is gone
    server_map = orjson.loads((demo.build_dir / "server.js.map").read_bytes())
    assert any(unquote(s).endswith("pages/tags/[...tags].tsx") for s in server_map["sources"])
    assert Manifest.read(demo.build_dir).pages.keys() == demo.manifest.pages.keys()


@pytest.fixture(scope="module")
def demo_dev(demo: Demo, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Bridge]:
    """The built demo in dev mode, where every page's props are checked against its annotation."""
    database = tmp_path_factory.mktemp("db") / "library.sqlite3"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BRIDGE_DEMO_DB", str(database))
        app = Bridge(pages=demo.pages, build_dir=demo.build_dir, dev=True, render_threads=1)
        yield app
        app.close()


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("/", "Catalogue"),
        ("/?q=moby", "Moby-Dick"),
        ("/books/1", "first published"),
        ("/books/1/edit", "Edit the book"),
        ("/books/new", "Add a book"),
        ("/tags/fiction", "Tagged: fiction"),
        ("/about", "About"),
    ],
)
async def test_the_demo_props_match_their_annotations(demo_dev: Bridge, path: str, text: str) -> None:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=demo_dev), base_url="http://demo") as http:
        response = await http.get(path)
    [data] = DATA.findall(response.text)
    assert orjson.loads(data).get("error") is None
    assert response.status_code == 200
    assert text in response.text


def test_tsc_errors_fail_the_build(tmp_path: Path) -> None:
    pages = copy_project(FIXTURES / "broken", tmp_path / "broken")
    with pytest.raises(BuildError) as raised:
        build(pages, tmp_path / ".bridge")
    isbn, nope = raised.value.messages
    page = pages / "books" / "[id].tsx"
    assert isbn == (
        f"{page}:9:21: error TS2339: Property 'isbn' does not exist on type 'Book'.\n    <p>ISBN {{book.isbn}}</p>"
    )
    assert nope.startswith(f"{page}:10:13: error TS2322: Type '\"/nope\"' is not assignable to type ")
    assert nope.endswith('\n    <Link href="/nope">Nowhere</Link>')
    assert not (tmp_path / ".bridge" / "manifest.json").exists()  # nothing was built


def test_types_that_cannot_be_expressed_fail_the_build(tmp_path: Path) -> None:
    pages = copy_project(FIXTURES / "broken", tmp_path / "app")
    source = pages / "books" / "[id].py"
    source.write_text(source.read_text().replace("    year: int", "    year: complex"))
    node = find_node()
    with pytest.raises(BuildError) as raised:
        check_types(pages, node, ensure_js_dependencies(node))  # fails before tsc runs
    assert raised.value.messages == [
        "pages/books/[id].py: Props.book.year: complex cannot be expressed in TypeScript (use a str, a number, "
        "a TypedDict, a dataclass or a pydantic model)"
    ]


def test_tsc_diagnostics_are_parsed(tmp_path: Path) -> None:
    (tmp_path / "a.tsx").write_text("line one\n  const x: number = 'a';\n")
    output = (
        "a.tsx(2,9): error TS2322: Type 'string' is not assignable to type 'number'.\n"
        "  Elaborating: a second line.\n"
        "error TS5083: Cannot read file 'tsconfig.base.json'.\n"
    )
    assert parse_diagnostics(output, tmp_path) == [
        f"{tmp_path / 'a.tsx'}:2:9: error TS2322: Type 'string' is not assignable to type 'number'.\n"
        "    const x: number = 'a';\n  Elaborating: a second line.",
        "error TS5083: Cannot read file 'tsconfig.base.json'.",
    ]
