"""``bridge build``: the manifest, and which client files survive a rebuild."""

from __future__ import annotations

from pathlib import Path

from conftest import WritePages

from bridge.build.bundler import build


def _page_modules(build_dir: Path) -> set[str]:
    return {file.name for file in (build_dir / "static" / "pages").glob("index-*.js")}


def test_a_rebuild_keeps_the_previous_builds_files_and_no_older(write_pages: WritePages) -> None:
    pages = write_pages({"index.jsx": "export default function Home() { return <p>v1</p>; }"})
    build_dir = pages.parent / ".bridge"
    first = build(pages, build_dir)
    (pages / "index.jsx").write_text("export default function Home() { return <p>v2</p>; }")
    second = build(pages, build_dir)
    assert first.build_id != second.build_id
    assert _page_modules(build_dir) == {Path(first.pages["index"].file).name, Path(second.pages["index"].file).name}
    (pages / "index.jsx").write_text("export default function Home() { return <p>v3</p>; }")
    third = build(pages, build_dir)
    assert _page_modules(build_dir) == {Path(second.pages["index"].file).name, Path(third.pages["index"].file).name}
    for file in third.files() | second.files():
        assert (build_dir / "static" / file).is_file(), file


def test_building_the_same_sources_gives_the_same_build_id(write_pages: WritePages) -> None:
    pages = write_pages({"index.jsx": "export default function Home() { return <p>same</p>; }"})
    assert build(pages, pages.parent / "a").build_id == build(pages, pages.parent / "b").build_id
