"""The HTML document around a rendered page: head tags, module preloads, the embedded page data."""

from __future__ import annotations

import html

import orjson

from .build.manifest import Manifest
from .props.serialize import escape_for_script
from .render.engine import Rendered

STATIC_PREFIX = "/_bridge/static/"
EMPTY_ROOT = '<div id="__bridge"></div>'
"""The root when the server did not render the page (``render_fallback="client"``): the browser renders it."""
ANNOUNCER = b'<div id="__bridge-announcer" aria-live="assertive" aria-atomic="true"></div>'
"""Where the runtime names each page a client-side navigation shows, for screen readers (the runtime hides it
visually, with a style a strict CSP allows). In the document from the start: a live region added with its text
is often not read."""

_START = '<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">' + (
    '<meta name="viewport" content="width=device-width, initial-scale=1">'
)


class Document:
    """Assembles pages' HTML; the parts that depend only on the page and mount path are computed once."""

    def __init__(self, manifest: Manifest, lang: str = "en") -> None:
        self._manifest = manifest
        self._start = _START.format(lang=lang).encode()
        # Computed once per (mount path, page) and per mount path; held by this Document only, so a
        # Document that ``bridge dev`` replaces goes with its parts (``functools.cache`` would keep it).
        self._assets_of: dict[tuple[str, str], tuple[bytes, bytes, bytes]] = {}
        self._asset_urls_of: dict[tuple[str, str], dict[str, str | list[str]]] = {}
        self._import_maps: dict[str, bytes] = {}

    def html(self, base: str, page: str, rendered: Rendered, data: bytes, nonce: str | None = None) -> bytes:
        """The full document; ``data`` is the page data JSON, already escaped for a ``<script>``.

        With a CSP ``nonce``, every script and module preload carries it.
        """
        styles, preload, script = self._assets(base, page)
        import_map = self._import_map(base)
        if nonce is not None:
            attribute = f' nonce="{nonce}"'.encode()
            preload = preload.replace(b"<link ", b"<link" + attribute + b" ")
            script = script.replace(b"<script ", b"<script" + attribute + b" ")
            import_map = import_map.replace(b"<script ", b"<script" + attribute + b" ")
        return b"".join(
            (
                self._start,
                import_map,
                styles,
                rendered.head.encode(),
                preload,
                b"</head><body>",
                rendered.body.encode(),
                ANNOUNCER,
                b'<script id="__BRIDGE_DATA__" type="application/json">',
                data,
                b"</script>",
                script,
                b"</body></html>",
            )
        )

    def fallback_html(self, base: str, error: dict[str, str], data: bytes) -> bytes:
        """A page for when even the 500 page failed to render (dev mode): the error as text, plus the
        page data and the dev client, so the overlay and live reload still work."""
        dev = self._manifest.dev_client
        script = f'<script type="module" src="{html.escape(self._url(base, dev.file))}"></script>' if dev else ""
        text = html.escape(f"{error['type']}: {error['message']}\n\n{error['traceback']}".rstrip())
        return b"".join(
            (
                self._start,
                self._import_map(base),
                b"<title>500: Internal Server Error</title></head><body><h1>500: Internal Server Error</h1><pre>",
                text.encode(),
                b'</pre><script id="__BRIDGE_DATA__" type="application/json">',
                data,
                b"</script>",
                script.encode(),
                b"</body></html>",
            )
        )

    def asset_urls(self, base: str, page: str) -> dict[str, str | list[str]]:
        """The client modules of ``page`` and of the layout, and the stylesheets of both, for the page data:
        worked out once per mount path and page, the same dict each time (serialise it, never change it)."""
        found = self._asset_urls_of.get((base, page))
        if found is None:
            pages = self._manifest.pages
            found = self._asset_urls_of[base, page] = {
                "page": self._url(base, pages[page].file),
                "app": self._url(base, pages["_app"].file),
                "css": [self._url(base, file) for file in self._stylesheets(page)],
            }
        return found

    def _stylesheets(self, page: str) -> list[str]:
        """The layout's stylesheets, then the page's: what the page needs, in cascade order."""
        pages = self._manifest.pages
        return list(dict.fromkeys((*pages["_app"].css, *pages[page].css)))

    def _assets(self, base: str, page: str) -> tuple[bytes, bytes, bytes]:
        found = self._assets_of.get((base, page))
        if found is None:
            found = self._assets_of[base, page] = self._make_assets(base, page)
        return found

    def _make_assets(self, base: str, page: str) -> tuple[bytes, bytes, bytes]:
        manifest = self._manifest
        files: dict[str, None] = {}
        for assets in (manifest.runtime, manifest.pages["_app"], manifest.pages[page]):
            files.update(dict.fromkeys(assets.imports))
            files[assets.file] = None
        files.pop(manifest.runtime.file)
        scripts = [manifest.runtime.file]
        if manifest.dev_client is not None:  # first: it must hook into React before React loads
            scripts.insert(0, manifest.dev_client.file)
            files.update(dict.fromkeys(manifest.dev_client.imports))

        def url(file: str) -> str:
            return html.escape(self._url(base, file))

        # Not with an import map (dev): Chromium fetches a preloaded module's bare imports as URLs (404s).
        preloaded = () if manifest.import_map else files
        preload = "".join(f'<link rel="modulepreload" href="{url(file)}">' for file in preloaded)
        script = "".join(f'<script type="module" src="{url(file)}"></script>' for file in scripts)
        stylesheets = self._stylesheets(page)
        styles = "".join(f'<link rel="stylesheet" href="{url(file)}" data-bridge-css>' for file in stylesheets)
        return styles.encode(), preload.encode(), script.encode()

    def _import_map(self, base: str) -> bytes:
        found = self._import_maps.get(base)
        if found is None:
            found = self._import_maps[base] = self._make_import_map(base)
        return found

    def _make_import_map(self, base: str) -> bytes:
        if not self._manifest.import_map:
            return b""
        imports = {name: self._url(base, file) for name, file in self._manifest.import_map.items()}
        return b'<script type="importmap">' + escape_for_script(orjson.dumps({"imports": imports})) + b"</script>"

    @staticmethod
    def _url(base: str, file: str) -> str:
        return f"{base}{STATIC_PREFIX}{file}"
