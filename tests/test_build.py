"""``bridge build``: the manifest, which client files survive a rebuild, and source maps."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
from conftest import WritePages

from bridge import Bridge
from bridge.build.bundler import build
from bridge.build.manifest import Manifest


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


def _client_modules(pages: Path, build_dir: Path, manifest: Manifest) -> list[httpx.Response]:
    """GETs of the build's page module, runtime and stylesheet, and of their source maps, through ASGI."""
    files = [manifest.pages["index"].file, manifest.runtime.file, *manifest.pages["index"].css]
    bridge = Bridge(pages=pages, build_dir=build_dir)

    async def fetch() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=bridge)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            return [await client.get(f"/_bridge/static/{file}{suffix}") for file in files for suffix in ("", ".map")]

    try:
        return asyncio.run(fetch())
    finally:
        bridge.close()


def _assert_no_source_maps(responses: list[httpx.Response]) -> None:
    for module, source_map in zip(responses[::2], responses[1::2], strict=True):
        assert module.status_code == 200
        assert "sourceMappingURL" not in module.text, f"{module.url} points at its source map"
        assert source_map.status_code == 404, f"{source_map.url} is served"


def test_client_modules_have_source_maps_only_when_asked(write_pages: WritePages) -> None:
    pages = write_pages(
        {
            "index.jsx": 'import "./_site.css";\nexport default function Home() { return <p>home</p>; }',
            "_site.css": "p { color: teal; }",
        }
    )
    build_dir = pages.parent / ".bridge"
    _assert_no_source_maps(_client_modules(pages, build_dir, build(pages, build_dir)))  # the default
    assert (build_dir / "server.js.map").is_file()  # the server's own, for mapping render errors in its logs
    mapped = build(pages, build_dir, browser_source_maps=True)
    responses = _client_modules(pages, build_dir, mapped)
    for module, source_map in zip(responses[::2], responses[1::2], strict=True):
        assert module.status_code == 200 and "sourceMappingURL=" in module.text, module.url
        assert source_map.status_code == 200 and source_map.json()["sources"], source_map.url
    _assert_no_source_maps(_client_modules(pages, build_dir, build(pages, build_dir)))
    assert not list((build_dir / "static").rglob("*.map")), "the previous build's maps are left"
