"""The ``bridge`` command: build, serve and inspect an app."""

from __future__ import annotations

import gzip
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

import click

from .config import default_build_dir
from .errors import BridgeError
from .routing import RouteTable

pages_option = click.option(
    "--pages",
    type=click.Path(file_okay=False, path_type=Path),
    default="pages",
    show_default=True,
    envvar="BRIDGE_PAGES",
    help="The pages folder.",
)
build_dir_option = click.option(
    "--build-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    envvar="BRIDGE_BUILD_DIR",
    help="Where the build goes.  [default: .bridge beside the pages folder]",
)


def _build_dir(pages: Path, build_dir: Path | None) -> Path:
    return build_dir if build_dir is not None else default_build_dir(pages)


def _importable_project(pages: Path) -> None:
    """Lets page modules import the project's own packages (``from myapp import db``): the folder holding
    the pages goes first on ``sys.path``, as the current directory does for ``python -m`` or uvicorn.
    (A console script's ``sys.path`` starts with its own bin folder instead.) Worker processes and the dev
    server's restarts inherit it."""
    project = str(pages.resolve().parent)
    if project not in sys.path:
        sys.path.insert(0, project)


def _load_env(pages: Path) -> None:
    """Loads the project's ``.env`` and ``.env.local`` (see ``bridge.env``), saying which."""
    from .env import load_env

    for file in load_env(pages.resolve().parent):
        click.echo(f"Loaded {os.path.relpath(file)}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="bridge")
def cli() -> None:
    """bridge: server-side React pages with props from Python."""


@cli.command()
@pages_option
@build_dir_option
@click.option("--dev", is_flag=True, help="Unminified development build with React's dev checks.")
@click.option(
    "--engine",
    "engines",
    multiple=True,
    type=click.Choice(["quickjs", "v8"]),
    help="The engine the pages are served with, to check that they load in it.  [default: each one installed]",
)
@click.option(
    "--browser-source-maps",
    is_flag=True,
    envvar="BRIDGE_BROWSER_SOURCE_MAPS",
    help="Write source maps of the client modules, which anyone can then fetch with the pages' full source "
    "(always in a --dev build).",
)
def build(pages: Path, build_dir: Path | None, dev: bool, engines: tuple[str, ...], browser_source_maps: bool) -> None:
    """Compile the pages into a server bundle and client modules, and print their sizes."""
    from .build.bundler import build as run_build

    _importable_project(pages)
    _load_env(pages)
    started = time.perf_counter()
    click.echo(f"Building {pages} ...")
    manifest = run_build(
        pages, _build_dir(pages, build_dir), dev=dev, engines=engines or None, browser_source_maps=browser_source_maps
    )
    elapsed = time.perf_counter() - started
    out = _build_dir(pages, build_dir).resolve()
    server_size = (out / manifest.server).stat().st_size
    static = out / "static"

    def gz(files: list[str]) -> int:
        return sum(len(gzip.compress((static / f).read_bytes())) for f in dict.fromkeys(files))

    shared = [
        manifest.runtime.file,
        *manifest.runtime.imports,
        manifest.pages["_app"].file,
        *manifest.pages["_app"].imports,
    ]
    rows = [("Page", "Own JS (gzip)", "First load JS (gzip)", "CSS (gzip)")]
    for page, assets in sorted(manifest.pages.items()):
        own = [assets.file, *(f for f in assets.imports if f not in shared)]
        css = [*manifest.pages["_app"].css, *assets.css]  # what the page's document links
        rows.append((page, _kb(gz(own)), _kb(gz(shared + own)), _kb(gz(css)) if css else "-"))
    width = max(len(r[0]) for r in rows) + 2
    for page, own_size, first, css_size in rows:
        click.echo(f"  {page:<{width}}{own_size:>14}  {first:>20}  {css_size:>10}")
    click.echo(
        f"  shared by all pages: {_kb(gz(shared))} gzipped, of which bridge's runtime {_kb(manifest.runtime_gzip)}"
    )
    intl = f", of which Intl for {', '.join(manifest.locales)}: {_kb(manifest.intl_bytes)}" if manifest.locales else ""
    click.echo(f"  server bundle: {_kb(server_size)}{intl}")
    click.echo(f"Built {len(manifest.pages)} pages in {elapsed:.2f}s into {out} (build {manifest.build_id})")


def _kb(size: int) -> str:
    return f"{size / 1024:.1f} kB"


@cli.command()
@pages_option
@build_dir_option
@click.option("--host", default="127.0.0.1", show_default=True, envvar="BRIDGE_HOST", help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, envvar="BRIDGE_PORT", help="Port to listen on.")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=os.cpu_count() or 1,
    show_default="number of cores",
    envvar="BRIDGE_WORKERS",
    help="Server processes, each with its own socket (SO_REUSEPORT).",
)
@click.option("--engine", default="quickjs", show_default=True, envvar="BRIDGE_ENGINE", help="JS engine for rendering.")
@click.option(
    "--render-threads",
    type=click.IntRange(min=1),
    default=None,
    envvar="BRIDGE_RENDER_THREADS",
    help="Render threads per process.  [default: cores, 2 to 4]",
)
@click.option(
    "--render-timeout",
    type=float,
    default=1.0,
    show_default=True,
    envvar="BRIDGE_RENDER_TIMEOUT",
    help="Seconds a render may take before it is stopped.",
)
@click.option(
    "--header-timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=10.0,
    show_default=True,
    envvar="BRIDGE_HEADER_TIMEOUT",
    help="Seconds a client has to send its request headers (then 408).",
)
@click.option(
    "--body-timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=30.0,
    show_default=True,
    envvar="BRIDGE_BODY_TIMEOUT",
    help="Seconds a request body may stall before the connection is closed.",
)
@click.option("--build", "build_first", is_flag=True, help="Run `bridge build` before serving.")
@click.option("--access-log/--no-access-log", default=True, show_default=True, help="Log every request.")
@click.option(
    "--timing-cache-hits",
    is_flag=True,
    envvar="BRIDGE_TIMING_CACHE_HITS",
    help='Say desc="cache hit" in Server-Timing for renders from the render cache.',
)
@click.option(
    "--compression/--no-compression",
    default=True,
    show_default=True,
    envvar="BRIDGE_COMPRESSION",
    help="Brotli or gzip for HTML, JSON and assets, as each client accepts.",
)
@click.option(
    "--proxy-headers/--no-proxy-headers",
    default=True,
    show_default=True,
    envvar="BRIDGE_PROXY_HEADERS",
    help="Believe X-Forwarded-Proto, -Host and -For from the --forwarded-allow-ips addresses.",
)
@click.option(
    "--forwarded-allow-ips",
    default="127.0.0.1",
    show_default=True,
    envvar=["BRIDGE_FORWARDED_ALLOW_IPS", "FORWARDED_ALLOW_IPS"],
    help="Proxy addresses to trust, comma-separated: IPs, networks (10.0.0.0/8) or *.",
)
def serve(
    pages: Path,
    build_dir: Path | None,
    host: str,
    port: int,
    workers: int,
    engine: str,
    render_threads: int | None,
    render_timeout: float,
    header_timeout: float,
    body_timeout: float,
    build_first: bool,
    access_log: bool,
    timing_cache_hits: bool,
    compression: bool,
    proxy_headers: bool,
    forwarded_allow_ips: str,
) -> None:
    """Serve the built app in production mode."""
    from .build.manifest import MANIFEST
    from .http_limits import HttpLimits
    from .proxy import TrustedProxies
    from .server import ServeOptions
    from .server import serve as run_server

    try:
        TrustedProxies(forwarded_allow_ips)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--forwarded-allow-ips") from None
    _importable_project(pages)
    _load_env(pages)
    out = _build_dir(pages, build_dir)
    if build_first:
        from .build.bundler import build as run_build

        run_build(pages, out)
    elif not (out / MANIFEST).exists():
        raise click.ClickException(f"no build found at {out}: run `bridge build` first, or `bridge serve --build`")
    options: dict[str, object] = {"engine": engine, "render_timeout": render_timeout}
    if timing_cache_hits:
        options["timing_cache_hits"] = True
    if render_threads is not None:
        options["render_threads"] = render_threads
    run_server(
        ServeOptions(
            pages=pages,
            build_dir=out,
            host=host,
            port=port,
            workers=workers,
            access_log=access_log,
            compression=compression,
            forwarded_allow_ips=forwarded_allow_ips if proxy_headers else None,
            http_limits=HttpLimits(header_timeout=header_timeout, body_timeout=body_timeout),
            bridge_options=options,
        )
    )


@cli.command()
@pages_option
@click.option("--host", default="127.0.0.1", show_default=True, envvar="BRIDGE_HOST", help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, envvar="BRIDGE_PORT", help="Port to listen on.")
@click.option("--engine", default="quickjs", show_default=True, envvar="BRIDGE_ENGINE", help="JS engine for rendering.")
@click.option(
    "--app",
    "app_path",
    default=None,
    metavar="MODULE:APP",
    envvar="BRIDGE_APP",
    help="Your app with bridge inside (FastAPI, Starlette, Django, Flask): run it, bridge in dev mode.",
)
@click.option(
    "--allowed-host",
    "allowed_hosts",
    multiple=True,
    envvar="BRIDGE_ALLOWED_HOSTS",
    help="A host name to answer besides loopback ones and IP addresses (repeatable).",
)
def dev(pages: Path, host: str, port: int, engine: str, app_path: str | None, allowed_hosts: tuple[str, ...]) -> None:
    """Serve the app for development: rebuild on save, Fast Refresh, props updates in place, error overlay."""
    import uvicorn

    from .dev.server import ALLOWED_HOSTS_ENV, DevServer
    from .server import log_config

    _importable_project(pages)
    _load_env(pages)
    table = RouteTable.scan(pages.resolve())
    click.echo(f"bridge dev: http://{host}:{port}  (pages: {pages}{f', app: {app_path}' if app_path else ''})")
    _print_routes(table, pages.resolve())
    os.environ[ALLOWED_HOSTS_ENV] = " ".join(allowed_hosts)  # for the dev servers the app makes too
    if app_path is None:
        app: Any = DevServer(pages=pages, engine=engine)
    else:
        from .adapters.base import DEV_APP_ENV

        os.environ[DEV_APP_ENV] = app_path  # each adapter the app makes joins a dev server (see bridge.dev.server)
        imported = _import_app(app_path)
        app = DevServer.serve_host_app(imported) or _asgi_app(imported, app_path)
    uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_config=log_config(), lifespan="on")).run()


def _import_app(app_path: str) -> Any:
    """``module:attribute`` imported from the current folder, as uvicorn does; a clear error otherwise."""
    from uvicorn.importer import ImportFromStringError, import_from_string

    if os.getcwd() not in sys.path:
        sys.path.insert(0, os.getcwd())
    try:
        return import_from_string(app_path)
    except ImportFromStringError as exc:
        raise click.ClickException(f"--app {app_path}: {exc}") from None


def _asgi_app(app: Any, app_path: str) -> Any:
    """``app`` when it is an ASGI app (async ``__call__``); a WSGI app without bridge inside is an error."""
    from .dev.server import is_asgi

    if is_asgi(app):
        return app
    raise click.ClickException(
        f"--app {app_path} is not an ASGI app, and made no BridgeWSGI: wrap it "
        "(Flask: app.wsgi_app = BridgeWSGI(app.wsgi_app, pages='pages')) or name your ASGI app"
    )


@cli.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def new(directory: Path) -> None:
    """Create a starter app in DIRECTORY (new or empty): pages, Python props, a form, Dockerfile..."""
    if directory.exists() and any(directory.iterdir()):
        raise click.ClickException(f"{directory} is not empty: use `bridge init` inside an existing folder")
    _scaffold(directory, shown=str(directory))


@cli.command()
@click.option(
    "--dir",
    "directory",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=".",
    help="The folder to set up.  [default: the current folder]",
)
def init(directory: Path) -> None:
    """Add the starter app to an existing folder, overwriting nothing."""
    _scaffold(directory, shown=None)


def _scaffold(directory: Path, shown: str | None) -> None:
    from .scaffold import create
    from .types import sync_declarations

    result = create(directory)
    for file in result.written:
        click.echo(f"  wrote     {os.path.relpath(file, directory.resolve())}")
    report = sync_declarations(directory / "pages")  # the props' .d.ts, for the editor before the first build
    for file in report.written:
        click.echo(f"  wrote     {os.path.relpath(file, directory.resolve())}")
    for warning in result.warnings:
        click.echo(f"  warning: {warning}", err=True)
    click.echo("\nNext:" + (f"\n  cd {shown}" if shown else ""))
    click.echo("  bridge dev      # http://127.0.0.1:8000, rebuilds on save\n  bridge build    # then: bridge serve")


@cli.command("types")
@pages_option
def types_command(pages: Path) -> None:
    """Write TypeScript declarations: each typed page's Props and Params, the app's routes, CSS Modules."""
    from .build.toolchain import js_dir
    from .types import sync_declarations
    from .types.library import TSCONFIG_PATHS, install_library_types
    from .types.tsc import tsconfig_for

    _importable_project(pages)
    report = sync_declarations(pages)
    for verb, files in (("wrote", report.written), ("removed", report.removed), ("unchanged", report.unchanged)):
        for file in files:
            click.echo(f"  {verb:<10}{os.path.relpath(file)}")
    for hint in report.hints:
        click.echo(f"  hint: {hint}")
    install_library_types(pages, js_dir())
    tsconfig = tsconfig_for(pages)
    if tsconfig is not None:  # a TypeScript project: its CSS Modules' declarations too (Node.js compiles them)
        from .build.toolchain import ensure_js_dependencies, find_node
        from .types.css import sync_css_declarations

        node = find_node()
        sync_css_declarations(pages, node, ensure_js_dependencies(node))
    if tsconfig is None or '"bridge/*"' not in tsconfig.read_text():
        where = tsconfig or "a tsconfig.json beside the pages"
        paths = json.dumps(TSCONFIG_PATHS)
        click.echo(
            f"  hint: for tsc, map bridge's modules and React's types in {where}: \"paths\": {paths}, and set "
            '"skipLibCheck": true (npm packages\' own .d.ts files are checked by their authors, often against other '
            "settings)"
        )
    if report.errors:
        raise click.ClickException("\n".join(report.errors))


@cli.command(context_settings={"ignore_unknown_options": True, "allow_interspersed_args": False})
@pages_option
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def npm(pages: Path, args: tuple[str, ...]) -> None:
    """Run npm (the one of the Node.js bridge builds with) in the app's folder, the one holding the pages:
    `bridge npm install react-markdown`."""
    import subprocess

    from .build.toolchain import find_node

    node = find_node()
    sys.exit(subprocess.run([*node.npm, *args], cwd=pages.resolve().parent, env=node.env, check=False).returncode)


@cli.command()
@pages_option
def routes(pages: Path) -> None:
    """Print the route table: URL pattern, page component and props module."""
    _print_routes(RouteTable.scan(pages.resolve()), pages.resolve())


def _print_routes(table: RouteTable, root: Path) -> None:
    rows = [("Route", "Component", "Props")]
    for route in sorted(table.routes, key=lambda r: r.pattern):
        props = str(route.props.relative_to(root)) if route.props else "-"
        rows.append((route.pattern, str(route.component.relative_to(root)), props))
    for page, file in table.special.items():
        rows.append((f"({page})", str(file.relative_to(root)), "-"))
    widths = [max(len(row[i]) for row in rows) + 2 for i in range(2)]
    for pattern, component, props in rows:
        click.echo(f"{pattern:<{widths[0]}}{component:<{widths[1]}}{props}")


def main() -> None:
    """Entry point of the ``bridge`` console script: user errors print as one clear message."""
    try:
        cli(standalone_mode=True)
    except BridgeError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
