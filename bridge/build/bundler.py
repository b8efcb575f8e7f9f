"""``bridge build``: esbuild (through js/build/build.mjs) turns the pages into a server bundle and
code-split client modules, and the manifest records the result."""

from __future__ import annotations

import gzip
import hashlib
import re
import subprocess
from collections.abc import Collection
from pathlib import Path

import brotli
import orjson

from ..assets import PRECOMPRESSED
from ..env import public_defines
from ..errors import BuildError, ConfigError
from ..routing import RouteTable
from ..types.tsc import check_types
from .app_package import declared_locales, ensure_app_dependencies
from .load_check import check_pages
from .manifest import Assets, Manifest
from .sources import record_sources
from .toolchain import ensure_js_dependencies, find_node


def build(
    pages_dir: Path,
    build_dir: Path,
    *,
    dev: bool = False,
    engines: Collection[str] | None = None,
    browser_source_maps: bool = False,
) -> Manifest:
    """Builds the app in ``pages_dir`` into ``build_dir``; raises BuildError with file:line:col messages.

    The server bundle is loaded, every page's module with it, in ``engines`` ("quickjs", "v8"; default: each
    one installed): a page that throws at load fails the build. Client modules get source maps (which hold
    the pages' full source, for anyone to fetch) only in a ``dev`` build or with ``browser_source_maps``.
    """
    pages_dir, build_dir = pages_dir.resolve(), build_dir.resolve()
    pages = page_files(RouteTable.scan(pages_dir))
    node = find_node()
    js = ensure_js_dependencies(node)
    ensure_app_dependencies(node, pages_dir.parent, js)
    check_types(pages_dir, node, js)  # TypeScript projects: declarations from the props annotations, tsc --noEmit
    build_dir.mkdir(parents=True, exist_ok=True)
    try:
        previous: Manifest | None = Manifest.read(build_dir)
    except ConfigError:
        previous = None
    locales = declared_locales(pages_dir)
    config = {
        "pages": pages,
        "outDir": str(build_dir),
        "appDir": str(pages_dir),
        "dev": dev,
        "define": public_defines(),
        "locales": locales,
        "browserSourceMaps": dev or browser_source_maps,
    }
    process = subprocess.run(
        [str(node.node), str(js / "build" / "build.mjs")],
        input=orjson.dumps(config),
        capture_output=True,
        env=node.env,
    )
    try:
        result = orjson.loads(process.stdout.splitlines()[-1])
    except (IndexError, orjson.JSONDecodeError):
        stderr = process.stderr.decode(errors="replace").strip()
        raise BuildError([stderr or "the build script printed nothing"]) from None
    if not result["ok"]:
        raise BuildError([format_message(error) for error in result["errors"]])
    check_pages(build_dir / result["server"], pages_dir.parent, engines)
    client = result["client"]
    manifest = Manifest(
        build_id=_build_id(build_dir / result["server"], client),
        dev=dev,
        server=result["server"],
        runtime=Assets(**client["runtime"]),
        pages={page: Assets(**assets) for page, assets in client["pages"].items()},
        runtime_gzip=result["runtimeGzip"],
        static_files=client["files"],
        locales=locales,
        intl_bytes=result["intlBytes"],
        browser_source_maps=dev or browser_source_maps,
        sources=record_sources(result["inputs"], pages_dir.parent),
    )
    manifest.write(build_dir)
    keep = manifest.files() | (previous.files() if previous else set())
    if not manifest.browser_source_maps:  # none served: nor the previous build's
        keep = {name for name in keep if not name.endswith(".map")}
    _prune(build_dir / "static", keep | {f"{name}{suffix}" for name in keep for suffix in PRECOMPRESSED.values()})
    if not dev:
        precompress(build_dir / "static", manifest.files())
    return manifest


def _prune(static: Path, keep: set[str]) -> None:
    """Removes client files of older builds, keeping this build's and the previous one's: pages a
    browser loaded just before a deploy can still fetch their modules."""
    for file in static.rglob("*"):
        if file.is_file() and file.relative_to(static).as_posix() not in keep:
            file.unlink()


def precompress(static: Path, files: set[str]) -> None:
    """Writes ``<file>.br`` (brotli at its best) and ``<file>.gz`` beside each module and stylesheet of the
    build over 1 KiB, once: the names carry content hashes, so an existing copy is current. (Source maps,
    fetched only by developer tools, are gzipped when first asked for.)"""
    for name in files:
        file = static / name
        if file.suffix not in (".js", ".css") or not file.is_file() or file.stat().st_size <= 1024:
            continue
        data = None
        for encoding, suffix in PRECOMPRESSED.items():
            copy = file.with_name(file.name + suffix)
            if not copy.exists():
                data = data if data is not None else file.read_bytes()
                packed = brotli.compress(data, quality=11) if encoding == "br" else gzip.compress(data, 9, mtime=0)
                copy.write_bytes(packed)


def page_files(table: RouteTable) -> dict[str, str]:
    """Page id -> component file, for every route and special page: what the JS build bundles."""
    pages = {route.page: str(route.component) for route in table.routes}
    pages.update({page: str(file) for page, file in table.special.items()})
    return pages


def _build_id(server: Path, client: dict[str, object]) -> str:
    digest = hashlib.sha256(server.read_bytes())
    digest.update(orjson.dumps(client, option=orjson.OPT_SORT_KEYS))
    return digest.hexdigest()[:16]


def format_message(error: dict[str, object]) -> str:
    """An esbuild message as ``file:line:col: text`` and the offending line; for a package that is not
    installed, the command that installs it."""
    if not error.get("file"):
        return str(error["text"])
    message = f"{error['file']}:{error['line']}:{error['column']}: {error['text']}"
    if error.get("lineText"):
        message += f"\n    {error['lineText']}"
    if missing := _MISSING_PACKAGE.fullmatch(str(error["text"])):
        message += f"\n    the package is not installed: run `bridge npm install {missing[1]}` in the app's folder"
    return message


_MISSING_PACKAGE = re.compile(r'Could not resolve "((?:@[^/"]+/)?[^./"@][^/"]*)(?:/[^"]*)?"')
