"""The build's client files (``<build dir>/static``), held in memory and served with far-future caching.

Only files that the build wrote can be served: a request path is a key in a dict, never a file system
path, so no ``..`` or encoding trick can reach anything else. Names carry content hashes, so responses
are cacheable forever; JavaScript is also kept gzipped for clients that accept it.
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
    """Serves the files under ``static_dir`` at ``<mount>/_bridge/static/<path>``."""

    def __init__(self, static_dir: Path) -> None:
        self._assets: dict[str, _Asset] = {}
        for file in sorted(static_dir.rglob("*")):
            if not file.is_file():
                continue
            body = file.read_bytes()
            media_type = _TYPES.get(file.suffix) or mimetypes.guess_type(file.name)[0] or "application/octet-stream"
            packed = gzip.compress(body, 6, mtime=0) if file.suffix in _COMPRESSIBLE and len(body) > 1024 else None
            self._assets[file.relative_to(static_dir).as_posix()] = _Asset(body, packed, media_type)

    def response(self, path: str, method: str, accept_encoding: str) -> Response:
        """The response for ``path`` (relative to the static prefix): the file, 404, or 405."""
        if method not in ("GET", "HEAD"):
            return PlainTextResponse("Method Not Allowed", 405, {"allow": "GET, HEAD"})
        asset = self._assets.get(path)
        if asset is None:
            return PlainTextResponse("Not Found", 404, {"x-content-type-options": "nosniff"})
        headers = dict(_HEADERS)
        body = asset.body
        if asset.gzipped is not None:
            headers["vary"] = "accept-encoding"
            if "gzip" in accept_encoding:
                body = asset.gzipped
                headers["content-encoding"] = "gzip"
        return Response(body, 200, headers, media_type=asset.media_type)  # servers drop the body for HEAD
