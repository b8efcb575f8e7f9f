"""The build manifest (``<build dir>/manifest.json``): what ``bridge build`` made, read by the server."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

import orjson

from ..errors import ConfigError
from .sources import Source

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Assets:
    """A client module (path under ``static/``), the chunks it imports and the stylesheets it needs."""

    file: str
    imports: list[str]
    css: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Manifest:
    """The build: its id, the server bundle, the client runtime and each page's client module."""

    build_id: str
    dev: bool
    server: str
    runtime: Assets
    pages: dict[str, Assets]
    runtime_gzip: int
    """Gzipped bytes of bridge's browser runtime alone (React excluded)."""
    dev_client: Assets | None = None
    """``bridge dev`` only: the module that connects the page to the dev server (Fast Refresh, overlay)."""
    import_map: dict[str, str] = field(default_factory=dict)
    """``bridge dev`` only: bare module names (``react``) and the prebuilt vendor modules they map to."""
    static_files: list[str] = field(default_factory=list)
    """Files the pages import or their stylesheets reference (images, fonts), under ``static/``."""
    locales: list[str] = field(default_factory=list)
    """The locales the app declares (its package.json): the server bundle has Intl data for them."""
    intl_bytes: int = 0
    """Bytes of the server bundle that are the Intl polyfills and their locale data."""
    browser_source_maps: bool = False
    """Whether the client modules have source maps (``<module>.map``): in dev, or when the build was asked."""
    sources: dict[str, Source] = field(default_factory=dict)
    """``bridge build`` only: the files the build was made from (see sources.py)."""

    def files(self) -> set[str]:
        """Every client file of this build under ``static/``, source maps included when it has them."""
        modules = {self.runtime.file, *self.runtime.imports}
        for assets in (*self.pages.values(), *([self.dev_client] if self.dev_client else [])):
            modules.update((assets.file, *assets.imports, *assets.css))
        modules.update(self.import_map.values())
        maps = {f"{module}.map" for module in modules} if self.browser_source_maps else set()
        return modules | maps | set(self.static_files)

    def write(self, build_dir: Path) -> None:
        """Saves the manifest into ``build_dir``."""
        (build_dir / MANIFEST).write_bytes(orjson.dumps(asdict(self), option=orjson.OPT_INDENT_2))

    @classmethod
    def read(cls, build_dir: Path) -> Manifest:
        """Loads the manifest from ``build_dir``; raises ConfigError when there is no build there."""
        path = build_dir / MANIFEST
        try:
            raw = orjson.loads(path.read_bytes())
        except FileNotFoundError:
            raise ConfigError(f"no build found at {build_dir}: run `bridge build` first") from None
        except orjson.JSONDecodeError as exc:
            raise ConfigError(f"{path} is damaged ({exc}): run `bridge build` again") from None
        return cls(
            build_id=raw["build_id"],
            dev=raw["dev"],
            server=raw["server"],
            runtime=Assets(**raw["runtime"]),
            pages={page: Assets(**assets) for page, assets in raw["pages"].items()},
            runtime_gzip=raw["runtime_gzip"],
            dev_client=Assets(**raw["dev_client"]) if raw.get("dev_client") else None,
            import_map=raw.get("import_map", {}),
            static_files=raw.get("static_files", []),
            locales=raw.get("locales", []),
            intl_bytes=raw.get("intl_bytes", 0),
            browser_source_maps=raw.get("browser_source_maps", False),
            sources={name: Source(**source) for name, source in raw.get("sources", {}).items()},
        )
