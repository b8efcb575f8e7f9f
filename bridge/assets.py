"""The build's client files (``<build dir>/static``), served with far-future caching.

Only files that the build wrote can be served: a request path is looked up in the set of file names
listed from the build folder, never joined onto a file system path, so no ``..`` or encoding trick can
reach anything else. Names carry content hashes, so responses are cacheable forever. A file is read
(and, if it is text, gzipped) on its first request and kept in memory.
"""

from __future__ import annotations

import gzip
import mimetypes
from dataclasses import dataclass
from pathlib import Path

from starlette.responses import PlainTextResponse, Response

_COMPRESSIBLE = {".js", ".css", ".map", ".json", ".svg", ".html"}
_TYPES = {".js": "text/javascript; charset=utf-8", ".map": "application/json", ".css": "text/css; charset=utf-8"}
_HEADERS = {"cache-control": "public, max-age=31536000, immutable", "x-content-type-options": "nosniff"}


@dataclass(frozen=True)
class _Asset:
    body: bytes
    gzipped: bytes | None
    media_type: str


class StaticAssets:
    """Serves the build's files under ``static_dir`` at ``<mount>/_bridge/static/<path>``, forever cacheable."""

    def __init__(self, static_dir: Path) -> None:
        self._dir = static_dir
        self._headers = _HEADERS
        self._loaded: dict[str, _Asset] = {}
        self.rescan()

    def __contains__(self, path: str) -> bool:
        return path in self._files

    def rescan(self) -> None:
        """Lists the files again, after a rebuild (``bridge dev``)."""
        files = self._dir.rglob("*") if self._dir.is_dir() else ()
        self._files = {f.relative_to(self._dir).as_posix() for f in files if f.is_file()}

    def response(self, path: str, method: str, accept_encoding: str) -> Response:
        """The response for ``path`` (relative to the static prefix): the file, 404, or 405."""
        if method not in ("GET", "HEAD"):
            return PlainTextResponse("Method Not Allowed", 405, {"allow": "GET, HEAD"})
        asset = self._loaded.get(path) or self._load(path)
        if asset is None:
            return PlainTextResponse("Not Found", 404, {"x-content-type-options": "nosniff"})
        headers = dict(self._headers)
        body = asset.body
        if asset.gzipped is not None:
            headers["vary"] = "accept-encoding"
            if accepts_gzip(accept_encoding):
                body = asset.gzipped
                headers["content-encoding"] = "gzip"
        return Response(body, 200, headers, media_type=asset.media_type)  # servers drop the body for HEAD

    def _load(self, path: str) -> _Asset | None:
        if path not in self._files:
            return None
        file = self._dir / path
        try:
            body = file.read_bytes()
        except FileNotFoundError:  # bridge dev: esbuild removed it in a rebuild since the last rescan
            return None
        media_type = _TYPES.get(file.suffix) or mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        packed = gzip.compress(body, 6, mtime=0) if file.suffix in _COMPRESSIBLE and len(body) > 1024 else None
        asset = self._loaded[path] = _Asset(body, packed, media_type)
        return asset


def accepts_gzip(accept_encoding: str) -> bool:
    """Whether an ``Accept-Encoding`` header allows gzip: named, or ``*``, with a q-value above 0
    (``gzip;q=0`` refuses it, even beside ``*``)."""
    wildcard = False
    for item in accept_encoding.lower().split(","):
        name, *params = (part.strip() for part in item.split(";"))
        quality = next((param[2:] for param in params if param.startswith("q=")), "1")
        try:
            allowed = float(quality) > 0
        except ValueError:
            allowed = False
        if name == "gzip":
            return allowed
        if name == "*":
            wildcard = allowed
    return wildcard
