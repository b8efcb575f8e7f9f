"""The build's client files (``<build dir>/static``), served with far-future caching.

Only files that the build wrote can be served: a request path is looked up in the set of file names
listed from the build folder, never joined onto a file system path, so no ``..`` or encoding trick can
reach anything else. Names carry content hashes, so responses are cacheable forever. A file is read
on its first request and kept in memory with its compressed forms: the ``<file>.br`` and ``<file>.gz``
that ``bridge build`` wrote beside it, else gzip made then; the client's ``Accept-Encoding`` picks one.
"""

from __future__ import annotations

import gzip
import mimetypes
from dataclasses import dataclass
from pathlib import Path

from starlette.responses import PlainTextResponse, Response

from .compression import choose_encoding

_COMPRESSIBLE = {".js", ".css", ".map", ".json", ".svg", ".html"}
PRECOMPRESSED = {"br": ".br", "gzip": ".gz"}
"""The compressed copies ``bridge build`` writes beside a client file, by encoding."""
_TYPES = {".js": "text/javascript; charset=utf-8", ".map": "application/json", ".css": "text/css; charset=utf-8"}
_HEADERS = {"cache-control": "public, max-age=31536000, immutable", "x-content-type-options": "nosniff"}


@dataclass(frozen=True)
class _Asset:
    body: bytes
    encoded: dict[str, bytes]
    media_type: str


class StaticAssets:
    """Serves the build's files under ``static_dir`` at ``<mount>/_bridge/static/<path>``, forever cacheable."""

    def __init__(self, static_dir: Path) -> None:
        self._dir = static_dir
        self._headers = _HEADERS
        self._loaded: dict[str, _Asset] = {}
        self.rescan()

    def rescan(self) -> None:
        """Lists the files again, after a rebuild (``bridge dev``)."""
        files = self._dir.rglob("*") if self._dir.is_dir() else ()
        names = {f.relative_to(self._dir).as_posix() for f in files if f.is_file()}
        copies = {f"{name}{suffix}" for name in names for suffix in PRECOMPRESSED.values()}
        self._files = names - copies

    def response(self, path: str, method: str, accept_encoding: str) -> Response:
        """The response for ``path`` (relative to the static prefix): the file, 404, or 405."""
        if method not in ("GET", "HEAD"):
            return PlainTextResponse("Method Not Allowed", 405, {"allow": "GET, HEAD"})
        asset = self._loaded.get(path) or self._load(path)
        if asset is None:
            return PlainTextResponse("Not Found", 404, {"x-content-type-options": "nosniff"})
        headers = dict(self._headers)
        body = asset.body
        if asset.encoded:
            headers["vary"] = "accept-encoding"
            encoding = choose_encoding(accept_encoding, tuple(asset.encoded))
            if encoding is not None:
                body = asset.encoded[encoding]
                headers["content-encoding"] = encoding
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
        encoded: dict[str, bytes] = {}
        for encoding, suffix in PRECOMPRESSED.items():
            if (copy := file.with_name(file.name + suffix)).is_file():
                encoded[encoding] = copy.read_bytes()
        if not encoded and file.suffix in _COMPRESSIBLE and len(body) > 1024:
            encoded["gzip"] = gzip.compress(body, 6, mtime=0)
        asset = self._loaded[path] = _Asset(body, encoded, media_type)
        return asset
