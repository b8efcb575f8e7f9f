"""The two apps under test, how they are built, and the servers that run them.

Every bridge server variant is one line of ``BRIDGE_VARIANTS``; the Next.js servers are ``next start``
(one process) and bench/nextjs/cluster.js (N processes behind Node's cluster module).
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

BENCH = Path(__file__).resolve().parent.parent
ROOT = BENCH.parent
SHARED = BENCH / "shared"
BRIDGE_PAGES = BENCH / "app" / "pages"
BRIDGE_BUILD = BENCH / "app" / ".bridge"
NEXT_DIR = BENCH / "nextjs"
NEXT_SOURCES = (NEXT_DIR / "pages", NEXT_DIR / "next.config.mjs", NEXT_DIR / "package-lock.json", SHARED)
NEXT_STAMP = NEXT_DIR / "node_modules" / ".bench-installed"

RENDER_CACHE_ENV = "BENCH_RENDER_CACHE"
"""Set to 1, the bridge app's list page opts in to bridge's render cache (bench/app/pages/index.py)."""
Kind = Literal["html", "data"]
"""The list page as HTML, or its JSON data route."""


@dataclass(frozen=True)
class Variant:
    """A bridge server variant: extra ``bridge serve`` arguments and environment variables ("{engine}" in
    either stands for each engine of --engines), and the kinds of cases it runs."""

    args: tuple[str, ...]
    env: dict[str, str] = field(default_factory=dict)
    kinds: tuple[Kind, ...] = ("html", "data")
    headers: dict[str, str] = field(default_factory=dict)
    """Request headers wrk sends to this variant (``accept-encoding`` for a compressing server)."""


BROWSER_ENCODINGS = {"accept-encoding": "gzip, deflate, br, zstd"}
"""What Chromium accepts: bridge answers it with brotli."""

# The bridge servers to benchmark, one line each, in the order they run (at each process count, after Next.js).
# "+cache": the list page opts in to the render cache, so after the first request for each n its HTML comes
# from memory: those figures measure serving cached pages, never render speed. The cache keeps renders of
# HTML pages only, so these variants skip the data route. "+br": compression on, and wrk asks for it as a
# browser does (the others run with --no-compression; Next.js compresses only when asked, and wrk does not
# ask). --smoke runs the first line for every engine and the others for the first engine only (see server_specs).
BRIDGE_VARIANTS: dict[str, Variant] = {
    "{engine}": Variant(("--engine", "{engine}", "--no-compression")),
    "{engine} +cache": Variant(
        ("--engine", "{engine}", "--no-compression", "--timing-cache-hits"),
        env={RENDER_CACHE_ENV: "1"},
        kinds=("html",),
    ),
    "{engine} +br": Variant(("--engine", "{engine}", "--compression"), kinds=("html",), headers=BROWSER_ENCODINGS),
}

Framework = Literal["next", "bridge"]


class BuildFailed(RuntimeError):
    """npm ci, next build or bridge build failed."""


@dataclass(frozen=True)
class Node:
    """The Node.js that builds both apps and runs Next.js: bridge's own (``bridge.build.toolchain``)."""

    node: str
    npm: tuple[str, ...]
    env: dict[str, str]

    @classmethod
    def find(cls) -> Node:
        from bridge.build.toolchain import find_node

        found = find_node()
        return cls(str(found.node), tuple(found.npm), found.env)

    def version(self) -> str:
        return subprocess.run([self.node, "--version"], capture_output=True, text=True, check=True).stdout.strip()


@dataclass(frozen=True)
class Built:
    """A built app: its build id, and where its pages' JSON data is."""

    framework: Framework
    build_id: str
    rebuilt: bool
    seconds: float

    def data_path(self, page: str, query: str = "") -> str:
        """Where the client fetches the data of ``page`` ("index", "items/7"), with an optional query string:
        Next.js's data route, or bridge's page URL with the build id in its reserved parameter, last."""
        if self.framework == "next":
            return f"/_next/data/{self.build_id}/{page}.json" + (f"?{query}" if query else "")
        path = "/" if page == "index" else f"/{page}"
        return f"{path}?" + (f"{query}&" if query else "") + f"_bridge_data={self.build_id}"

    def props(self, data: Any) -> Any:
        """The page's props within its data route's JSON."""
        return data["pageProps"] if self.framework == "next" else data["props"]


def _newest(paths: Iterable[Path]) -> float:
    newest = 0.0
    for path in paths:
        files = path.rglob("*") if path.is_dir() else [path]
        newest = max([newest, *(file.stat().st_mtime for file in files if file.is_file())])
    return newest


def _run(argv: list[str], *, cwd: Path, env: dict[str, str], what: str, timeout: float) -> None:
    result = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0:
        output = (result.stdout + result.stderr).strip()
        raise BuildFailed(f"{what} failed ({result.returncode}):\n{output[-4000:]}")


def next_env(node: Node) -> dict[str, str]:
    """Environment of every Next.js command: production, telemetry off."""
    return {**node.env, "NEXT_TELEMETRY_DISABLED": "1", "NODE_ENV": "production"}


def build_next(node: Node, *, force: bool = False) -> Built:
    """``npm ci`` when package-lock.json changed since the last one, ``next build`` when a source is newer
    than the last build."""
    started = time.perf_counter()
    env = next_env(node)
    lock_hash = hashlib.sha256((NEXT_DIR / "package-lock.json").read_bytes()).hexdigest()
    if force or not NEXT_STAMP.exists() or NEXT_STAMP.read_text() != lock_hash:
        argv = [*node.npm, "ci", "--no-audit", "--no-fund"]
        _run(argv, cwd=NEXT_DIR, env=node.env, what="npm ci", timeout=600)
        NEXT_STAMP.write_text(lock_hash)
    build_id_file = NEXT_DIR / ".next" / "BUILD_ID"
    stale = not build_id_file.exists() or build_id_file.stat().st_mtime < _newest([*NEXT_SOURCES, NEXT_STAMP])
    if force or stale:
        next_bin = str(NEXT_DIR / "node_modules" / "next" / "dist" / "bin" / "next")
        _run([node.node, next_bin, "build"], cwd=NEXT_DIR, env=env, what="next build", timeout=600)
    return Built("next", build_id_file.read_text().strip(), force or stale, time.perf_counter() - started)


def bridge_command() -> list[str]:
    """``python -m bridge`` with the Python running this (never another ``bridge`` on PATH)."""
    return [sys.executable, "-m", "bridge"]


def bridge_env() -> dict[str, str]:
    """The environment without BRIDGE_* settings, so that only the command line configures the server."""
    return {key: value for key, value in os.environ.items() if not key.startswith("BRIDGE_")}


def build_bridge() -> Built:
    """``bridge build`` (always: it takes well under a second and picks up changes in bridge's own JS)."""
    started = time.perf_counter()
    argv = [*bridge_command(), "build", "--pages", str(BRIDGE_PAGES), "--build-dir", str(BRIDGE_BUILD)]
    _run(argv, cwd=BENCH, env=bridge_env(), what="bridge build", timeout=300)
    build_id = str(json.loads((BRIDGE_BUILD / "manifest.json").read_text())["build_id"])
    return Built("bridge", build_id, True, time.perf_counter() - started)


def bridge_bundle() -> str:
    """The server bundle the bridge app's engines load."""
    manifest = json.loads((BRIDGE_BUILD / "manifest.json").read_text())
    return (BRIDGE_BUILD / str(manifest["server"])).read_text()


@dataclass(frozen=True)
class ServerSpec:
    """One server configuration under test."""

    framework: Framework
    workers: int
    engine: str | None = None
    variant: str = ""
    """The key of BRIDGE_VARIANTS, with the engine filled in."""
    serve_args: tuple[str, ...] = ()
    env: dict[str, str] = field(default_factory=dict)
    """Environment variables of the server beyond the runner's own (BRIDGE_* left out)."""
    kinds: tuple[Kind, ...] = ("html", "data")
    """The kinds of cases this server runs."""
    headers: dict[str, str] = field(default_factory=dict)
    """Request headers wrk sends to this server."""

    @property
    def render_cache(self) -> bool:
        """Whether the list page is served from bridge's render cache."""
        return self.env.get(RENDER_CACHE_ENV) == "1"

    @property
    def is_plain(self) -> bool:
        """Next.js, or a bridge server with neither the render cache nor compression."""
        return not self.render_cache and not self.headers

    @property
    def name(self) -> str:
        if self.framework == "next":
            return f"next x{self.workers}"
        return f"bridge {self.variant} x{self.workers}"

    @property
    def listeners(self) -> int:
        """Listening sockets once every process is up: bridge workers have one each, a Node cluster shares one."""
        return self.workers if self.framework == "bridge" else 1

    def command(self, node: Node, port: int) -> tuple[list[str], Path, dict[str, str]]:
        """argv, working directory and environment that start this server on 127.0.0.1:``port``."""
        if self.framework == "next":
            env = next_env(node)
            if self.workers == 1:
                next_bin = str(NEXT_DIR / "node_modules" / "next" / "dist" / "bin" / "next")
                return [node.node, next_bin, "start", "-p", str(port), "-H", "127.0.0.1"], NEXT_DIR, env
            env = {**env, "PORT": str(port), "HOST": "127.0.0.1", "WORKERS": str(self.workers)}
            return [node.node, str(NEXT_DIR / "cluster.js")], NEXT_DIR, env
        argv = [
            *bridge_command(),
            "serve",
            "--pages",
            str(BRIDGE_PAGES),
            "--build-dir",
            str(BRIDGE_BUILD),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(self.workers),
            "--no-access-log",
            *self.serve_args,
        ]
        return argv, BENCH, {**bridge_env(), **self.env}


SMOKE_RENDER_TIMEOUT = "10"
"""bridge's render time limit under --smoke, which judges errors, never speed: under 32 connections on a busy
machine a V8 render of the n=1000 page can pass the default limit of 1 s (wall-clock in V8), a figure of
the machine's load that the smoke would report as a render error."""


def server_specs(engines: list[str], workers: list[int], *, smoke: bool = False) -> list[ServerSpec]:
    """At each worker count: Next.js, then each bridge variant for each engine. With ``smoke``, the first
    variant (the plain server) runs for each engine and the others for the first engine only: what differs
    between variants is not the engine's code; and renders get ``SMOKE_RENDER_TIMEOUT``."""
    specs = []
    limit = ("--render-timeout", SMOKE_RENDER_TIMEOUT) if smoke else ()
    for count in workers:
        specs.append(ServerSpec("next", count))
        for i, (name, variant) in enumerate(BRIDGE_VARIANTS.items()):
            for engine in engines if i == 0 or not smoke else engines[:1]:
                specs.append(
                    ServerSpec(
                        "bridge",
                        count,
                        engine=engine,
                        variant=name.format(engine=engine),
                        serve_args=(*(arg.format(engine=engine) for arg in variant.args), *limit),
                        env={key: value.format(engine=engine) for key, value in variant.env.items()},
                        kinds=variant.kinds,
                        headers=variant.headers,
                    )
                )
    return specs


def available_engines() -> list[str]:
    """bridge's engines that load here (v8 needs the optional mini-racer)."""
    from bridge.config import ENGINES

    available = []
    for name, load in ENGINES.items():
        try:
            load()
        except Exception:
            continue
        available.append(name)
    return available
