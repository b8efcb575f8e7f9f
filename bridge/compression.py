"""Response compression: brotli or gzip, whichever the client prefers (``Accept-Encoding`` with q-values).

``Compression`` is ASGI middleware. It compresses HTML, JSON, JS, CSS, SVG and other text of at least
``minimum_size`` bytes, and only when the client's ``Accept-Encoding`` allows an encoding; it never touches a
response that already has a ``Content-Encoding`` (the build's pre-compressed assets, or an app's own), a
range or partial response, or an event stream. ``Vary: Accept-Encoding`` goes on every response it could
compress, so caches keep the variants apart, and a compressed response's strong ``ETag`` becomes weak.
``bridge serve`` runs it (``--no-compression`` turns it off); ``Bridge(app, compression=True)`` applies it
to bridge's own responses.
"""

from __future__ import annotations

import gzip
import zlib
from typing import Protocol

import brotli
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

ENCODINGS = ("br", "gzip")
"""What bridge compresses with, preferred first when the client likes both equally."""
_TEXT = ("text/", "application/json", "application/javascript", "application/manifest+json", "image/svg+xml")
_SKIPPED = ("text/event-stream",)


def choose_encoding(accept_encoding: str, available: tuple[str, ...] = ENCODINGS) -> str | None:
    """The encoding of ``available`` the client prefers, by q-value (ties: ``available``'s order), or None
    for identity. ``*`` stands for encodings not named; ``q=0`` refuses one."""
    weights: dict[str, float] = {}
    for item in accept_encoding.split(","):
        name, _, params = item.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if name.strip():
            weights[name.strip().lower()] = quality
    best, best_quality = None, 0.0
    for encoding in available:
        quality = weights.get(encoding, weights.get("*", 0.0))
        if quality > best_quality:
            best, best_quality = encoding, quality
    return best


def compressible(media_type: str) -> bool:
    """Whether a ``Content-Type`` is text that compresses well."""
    media_type = media_type.split(";")[0].strip().lower()
    return media_type.startswith(_TEXT) and media_type not in _SKIPPED


BROTLI_QUALITY = 1
GZIP_LEVEL = 1
"""Responses are compressed as they go out, so with each format's fastest level (nginx's ``gzip_comp_level``
default is 1 too); the build's JS and CSS are compressed once, at the best. Measured on the bench's 39 KB
list page, in a server process between renders (its caches cold): brotli 1 makes it 6.5x smaller in 0.1 ms
of CPU, where brotli 5 made it 8.9x smaller in 0.5-0.75 ms, a third of what a V8 server spends on the
whole request, and gzip 6 8.0x in 0.3 ms."""


def compress(data: bytes, encoding: str) -> bytes:
    """``data`` compressed whole with ``encoding`` at the level for responses made per request."""
    if encoding == "br":
        window = max(10, min(24, (len(data) - 1).bit_length()))  # (all of it in sight, and no larger)
        return bytes(brotli.compress(data, quality=BROTLI_QUALITY, lgwin=window))
    return gzip.compress(data, GZIP_LEVEL, mtime=0)


class _Stream(Protocol):
    def __call__(self, data: bytes, last: bool) -> bytes: ...


def _streamer(encoding: str) -> _Stream:
    if encoding == "br":
        compressor = brotli.Compressor(quality=BROTLI_QUALITY)

        def br(data: bytes, last: bool) -> bytes:
            out = bytes(compressor.process(data))
            return out + bytes(compressor.finish() if last else compressor.flush())

        return br
    packer = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, 31)  # wbits 31: the gzip container

    def gz(data: bytes, last: bool) -> bytes:
        return packer.compress(data) + packer.flush(zlib.Z_FINISH if last else zlib.Z_SYNC_FLUSH)

    return gz


class Compression:
    """ASGI middleware compressing the app's text responses for clients that accept it."""

    def __init__(self, app: ASGIApp, minimum_size: int = 512) -> None:
        self.app = app
        self.minimum_size = minimum_size

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        encoding = choose_encoding(Headers(scope=scope).get("accept-encoding", ""))
        await self.app(scope, receive, _Responder(send, encoding, self.minimum_size).send)


class _Responder:
    """Holds the response start until the first body part shows whether to compress."""

    def __init__(self, send: Send, encoding: str | None, minimum_size: int) -> None:
        self._send = send
        self._encoding = encoding
        self._minimum_size = minimum_size
        self._start: Message | None = None
        self._stream: _Stream | None = None
        self._passing = False

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = Headers(raw=message["headers"])
            if (
                "content-encoding" in headers
                or "content-range" in headers
                or message["status"] in (204, 206, 304)
                or not compressible(headers.get("content-type", ""))
            ):
                self._passing = True
                await self._send(message)
                return
            MutableHeaders(raw=message["headers"]).add_vary_header("Accept-Encoding")
            if self._encoding is None:
                self._passing = True
                await self._send(message)
                return
            self._start = message
            return
        if self._passing or message["type"] != "http.response.body":
            await self._send(message)
            return
        body: bytes = message.get("body", b"")
        more: bool = message.get("more_body", False)
        if self._start is not None:
            start, self._start = self._start, None
            headers = MutableHeaders(raw=start["headers"])
            if not more and len(body) < self._minimum_size:
                self._passing = True
                await self._send(start)
                await self._send(message)
                return
            assert self._encoding is not None
            headers["content-encoding"] = self._encoding
            etag = headers.get("etag")
            if etag is not None and not etag.startswith("W/"):  # other bytes now: no longer the same strong tag
                headers["etag"] = f"W/{etag}"
            if not more:
                body = compress(body, self._encoding)
                headers["content-length"] = str(len(body))
                await self._send(start)
                await self._send({"type": "http.response.body", "body": body})
                return
            del headers["content-length"]
            self._stream = _streamer(self._encoding)
            await self._send(start)
        assert self._stream is not None
        await self._send({"type": "http.response.body", "body": self._stream(body, not more), "more_body": more})
