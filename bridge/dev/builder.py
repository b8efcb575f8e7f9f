"""The dev builder: one long-lived Node process (js/build/dev.mjs) whose esbuild contexts stay warm, so a
rebuild costs milliseconds, not a cold start."""

from __future__ import annotations

import asyncio
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from ..build.app_package import declared_locales
from ..build.bundler import format_message, page_files
from ..build.manifest import Assets, Manifest
from ..build.toolchain import ensure_js_dependencies, find_node
from ..env import public_defines
from ..errors import BuildError
from ..routing import RouteTable

DEV_BUILD_ID = "development"
"""The dev server's build id never changes, so open tabs keep navigating across rebuilds."""


@dataclass
class Step:
    """One build: ``target`` "client" (the browser's modules, built first) or "server" (the server bundle)."""

    target: str
    ms: float
    errors: list[str] = field(default_factory=list)
    boundaries: dict[str, bool] = field(default_factory=dict)
    """Client step: for each app module, whether it exports only components (Fast Refresh can swap it)."""


class DevBuilder:
    """Rebuilds ``pages_dir`` into ``build_dir`` on request and writes the dev manifest."""

    def __init__(self, pages_dir: Path, build_dir: Path) -> None:
        self.pages_dir = pages_dir.resolve()
        self.build_dir = build_dir.resolve()
        self.pages: dict[str, str] = {}
        self._process: asyncio.subprocess.Process | None = None
        self._requests = 0

    async def start(self) -> None:
        """Starts Node with the current route table (again, if it runs already)."""
        await self.stop()
        node = find_node()
        js = ensure_js_dependencies(node)
        self.build_dir.mkdir(parents=True, exist_ok=True)
        self.pages = page_files(RouteTable.scan(self.pages_dir))
        self._process = await asyncio.create_subprocess_exec(
            str(node.node),
            str(js / "build" / "dev.mjs"),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            env=node.env,
        )
        config = {
            "pages": self.pages,
            "outDir": str(self.build_dir),
            "appDir": str(self.pages_dir),
            "define": public_defines(),
            "locales": declared_locales(self.pages_dir),
        }
        await self._send(config)

    async def stop(self) -> None:
        """Ends the Node process."""
        if self._process is not None and self._process.returncode is None:
            assert self._process.stdin is not None
            self._process.stdin.close()
            try:
                await asyncio.wait_for(self._process.wait(), 5)
            except TimeoutError:
                self._process.kill()
        self._process = None

    async def build_client(self, changed: Collection[Path] = ()) -> Step:
        """Rebuilds the client modules of the pages importing ``changed`` files (all when empty) and writes
        the manifest."""
        return await self._build("client", sorted(map(str, changed)))

    async def build_server(self) -> Step:
        """Rebuilds the server bundle."""
        return await self._build("server", [])

    async def _build(self, target: str, changed: list[str]) -> Step:
        assert self._process is not None and self._process.stdout is not None
        self._requests += 1
        await self._send({"id": self._requests, "target": target, "changed": changed})
        while True:
            line = await self._process.stdout.readline()
            if not line:
                raise BuildError([f"the dev builder stopped (exit code {await self._process.wait()})"])
            result = orjson.loads(line)
            if result["id"] == self._requests:
                break  # (else the answer to a build whose caller was cancelled)
        errors = [] if result["ok"] else [format_message(error) for error in result["errors"]]
        step = Step(target, result["ms"], errors, result.get("boundaries", {}))
        if result["ok"] and target == "client":
            self._write_manifest(result)
        return step

    async def _send(self, message: object) -> None:
        assert self._process is not None and self._process.stdin is not None
        self._process.stdin.write(orjson.dumps(message) + b"\n")
        await self._process.stdin.drain()

    def _write_manifest(self, result: dict[str, Any]) -> None:
        Manifest(
            build_id=DEV_BUILD_ID,
            dev=True,
            server="server.js",
            runtime=Assets(result["runtime"], []),
            pages={page: Assets(**assets) for page, assets in result["pages"].items()},
            runtime_gzip=0,
            dev_client=Assets(result["dev"], []),
            import_map=result["importMap"],
            static_files=result["files"],
            browser_source_maps=True,
        ).write(self.build_dir)
