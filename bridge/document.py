"""The HTML document around a rendered page: head tags, module preloads, the embedded page data."""

from __future__ import annotations

import html
from functools import cache

from .build.manifest import Manifest
from .render.engine import Rendered

STATIC_PREFIX = "/_bridge/static/"

_START = '<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">' + (
    '<meta name="viewport" content="width=device-width, initial-scale=1">'
)


class Document:
    """Assembles pages' HTML; the parts that depend only on the page and mount path are computed once."""

    def __init__(self, manifest: Manifest, lang: str = "en") -> None:
        self._manifest = manifest
        self._start = _START.format(lang=lang).encode()

    def html(self, base: str, page: str, rendered: Rendered, data: bytes) -> bytes:
        """The full document; ``data`` is the page data JSON, already escaped for a ``<script>``."""
        preload, script = self._assets(base, page)
        return b"".join(
            (
                self._start,
                rendered.head.encode(),
                preload,
                b"</head><body>",
                rendered.body.encode(),
                b'<script id="__BRIDGE_DATA__" type="application/json">',
                data,
                b"</script>",
                script,
                b"</body></html>",
            )
        )

    def asset_urls(self, base: str, page: str) -> dict[str, str]:
        """The client modules of ``page`` and of the layout, for the page data."""
        pages = self._manifest.pages
        return {"page": self._url(base, pages[page].file), "app": self._url(base, pages["_app"].file)}

    @cache  # noqa: B019 - one entry per (mount path, page); the Document lives as long as the app
    def _assets(self, base: str, page: str) -> tuple[bytes, bytes]:
        manifest = self._manifest
        files: dict[str, None] = {}
        for assets in (manifest.runtime, manifest.pages["_app"], manifest.pages[page]):
            files.update(dict.fromkeys(assets.imports))
            files[assets.file] = None
        files.pop(manifest.runtime.file)

        def url(file: str) -> str:
            return html.escape(self._url(base, file))

        preload = "".join(f'<link rel="modulepreload" href="{url(file)}">' for file in files)
        script = f'<script type="module" src="{url(manifest.runtime.file)}"></script>'
        return preload.encode(), script.encode()

    @staticmethod
    def _url(base: str, file: str) -> str:
        return f"{base}{STATIC_PREFIX}{file}"
