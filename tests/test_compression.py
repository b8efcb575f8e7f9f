"""Compression: brotli or gzip as the client's Accept-Encoding prefers, Vary on what could be compressed,
nothing compressed that the client did not ask for or that is compressed already; the build's modules
pre-compressed."""

from __future__ import annotations

import gzip
from collections.abc import AsyncIterator
from typing import Any

import brotli
import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response, StreamingResponse
from starlette.routing import Route

from bridge.compression import Compression, choose_encoding, compress

pytestmark = pytest.mark.anyio

HTML = "<!DOCTYPE html><ul>" + "".join(f"<li>Book {i}: a title</li>" for i in range(200)) + "</ul>"


@pytest.mark.parametrize(
    ("accept", "chosen"),
    [
        ("gzip, deflate, br, zstd", "br"),
        ("gzip", "gzip"),
        ("br;q=0.5, gzip;q=0.8", "gzip"),
        ("gzip;q=0.8, br;q=0.8", "br"),
        ("br;q=0, gzip;q=0", None),
        ("*", "br"),
        ("*;q=0.5, br;q=0", "gzip"),
        ("identity", None),
        ("", None),
        ("GZIP; Q=1", "gzip"),
        ("gzip;q=x", None),
    ],
)
def test_choose_encoding(accept: str, chosen: str | None) -> None:
    assert choose_encoding(accept) == chosen


async def html(request: Request) -> Response:
    return HTMLResponse(HTML)


async def small(request: Request) -> Response:
    return HTMLResponse("<p>hi</p>")


async def encoded(request: Request) -> Response:
    return Response(gzip.compress(HTML.encode()), media_type="text/html", headers={"content-encoding": "gzip"})


async def image(request: Request) -> Response:
    return Response(b"\x89PNG" + bytes(2000), media_type="image/png")


async def stream(request: Request) -> Response:
    async def parts() -> AsyncIterator[bytes]:
        for i in range(50):
            yield f"<p>part {i} of a long streamed page</p>".encode()

    return StreamingResponse(parts(), media_type="text/html")


async def events(request: Request) -> Response:
    async def parts() -> AsyncIterator[bytes]:
        yield b"data: " + b"x" * 2000 + b"\n\n"

    return StreamingResponse(parts(), media_type="text/event-stream")


APP = Compression(
    Starlette(
        routes=[
            Route(path, endpoint)
            for path, endpoint in {
                "/html": html,
                "/small": small,
                "/encoded": encoded,
                "/image": image,
                "/stream": stream,
                "/events": events,
            }.items()
        ]
    )
)


async def fetch(path: str, accept: str, app: Any = APP, method: str = "GET") -> tuple[httpx.Response, bytes]:
    """The response and its body as sent, not decoded."""
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
        request = client.build_request(method, path, headers={"accept-encoding": accept})
        response = await client.send(request, stream=True)
        raw = b"".join([part async for part in response.aiter_raw()])
        await response.aclose()
        return response, raw


@pytest.mark.parametrize(("accept", "decode"), [("br, gzip", brotli.decompress), ("gzip", gzip.decompress)])
async def test_html_is_compressed_as_the_client_prefers(accept: str, decode: Any) -> None:
    response, raw = await fetch("/html", accept)
    assert response.headers["content-encoding"] == accept.split(",")[0]
    assert response.headers["vary"] == "Accept-Encoding"
    assert int(response.headers["content-length"]) == len(raw) < len(HTML) / 5
    assert decode(raw).decode() == HTML


@pytest.mark.parametrize("accept", ["", "identity", "br;q=0, gzip;q=0"])
async def test_nothing_is_compressed_for_a_client_that_did_not_ask(accept: str) -> None:
    response, raw = await fetch("/html", accept)
    assert "content-encoding" not in response.headers
    assert response.headers["vary"] == "Accept-Encoding"
    assert raw.decode() == HTML


async def test_a_compressed_response_is_not_compressed_again() -> None:
    response, raw = await fetch("/encoded", "br, gzip")
    assert response.headers["content-encoding"] == "gzip"
    assert gzip.decompress(raw).decode() == HTML


@pytest.mark.parametrize("path", ["/small", "/image", "/events"])
async def test_small_binary_and_event_stream_responses_pass_as_they_are(path: str) -> None:
    response, raw = await fetch(path, "br, gzip")
    assert "content-encoding" not in response.headers
    assert len(raw) > 0


async def test_a_streamed_response_is_compressed_part_by_part() -> None:
    response, raw = await fetch("/stream", "gzip")
    assert response.headers["content-encoding"] == "gzip"
    assert "content-length" not in response.headers
    assert gzip.decompress(raw).decode() == "".join(f"<p>part {i} of a long streamed page</p>" for i in range(50))
    response, raw = await fetch("/stream", "br")
    assert brotli.decompress(raw).decode().endswith("<p>part 49 of a long streamed page</p>")


async def test_bridge_compresses_its_pages_data_and_assets_when_asked(build_pages: Any) -> None:
    rows = "".join(f"<li key={{{i}}}>Row {i} of the list</li>" for i in range(100))
    built = build_pages(
        {
            "index.jsx": f"export default function Home({{ items }}) {{ return <ul>{rows}{{items.join()}}</ul>; }}",
            "index.py": "def get_server_side_props(context):\n    return {'props': {'items': ['x'] * 500}}\n",
        }
    )
    plain = built.bridge(render_threads=1)
    packed = built.bridge(render_threads=1, compression=True)
    try:
        page, raw = await fetch("/", "gzip, br", app=packed)
        assert page.headers["content-encoding"] == "br"
        reference, _ = await fetch("/", "gzip, br", app=plain)
        assert "content-encoding" not in reference.headers
        assert len(brotli.decompress(raw)) > 5 * len(raw)
        build_id = packed.handler.manifest.build_id
        data, raw = await fetch(f"/?_bridge_data={build_id}", "gzip", app=packed)
        assert data.headers["content-encoding"] == "gzip" and b'"items"' in gzip.decompress(raw)
        assert data.headers["etag"].startswith('W/"')
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=packed), base_url="http://test") as client:
            first = await client.get(data.url, headers={"accept-encoding": "gzip"})  # sets the CSRF cookie
            again = await client.get(data.url, headers={"if-none-match": first.headers["etag"]})
            assert first.headers["etag"].startswith('W/"') and again.status_code == 304
        runtime = packed.handler.manifest.runtime.file
        precompressed = (built.build_dir / "static" / f"{runtime}.br").read_bytes()
        for app in (plain, packed):  # the build's .br, as written, whether or not the adapter compresses
            asset, raw = await fetch(f"/_bridge/static/{runtime}", "br", app=app)
            assert asset.headers["content-encoding"] == "br" and raw == precompressed
        asset, raw = await fetch(f"/_bridge/static/{runtime}", "gzip;q=0.5, br;q=0.1", app=packed)
        assert asset.headers["content-encoding"] == "gzip"
        assert raw == (built.build_dir / "static" / f"{runtime}.gz").read_bytes()
    finally:
        plain.close()
        packed.close()


def test_brotli_sizes_its_window_to_the_body() -> None:
    """A response is compressed whole, so a window larger than the body only costs memory and time (with
    the default 4 MB window, a 39 KB page took brotli several times as long in a busy server)."""
    body = "".join(f"<li>row {i}: the {i * 7 % 97} quiet orchards</li>" for i in range(1000)).encode()
    assert 32 * 1024 < len(body) <= 64 * 1024
    packed = compress(body, "br")
    assert _window_bits(packed) <= 18  # (brotli's fastest levels use 256 KB at least)
    assert _window_bits(brotli.compress(body, quality=1)) == 22  # what it would be by default: 4 MB
    assert brotli.decompress(packed) == body
    assert len(packed) < len(body) / 5
    tiny = compress(b"<p>hi</p>", "br")
    assert brotli.decompress(tiny) == b"<p>hi</p>"


def _window_bits(stream: bytes) -> int:
    """The window size (log2) a brotli stream declares in its first bits (RFC 7932, 9.1)."""
    bits = stream[0] | stream[1] << 8
    if not bits & 1:
        return 16
    if n := bits >> 1 & 7:
        return 17 + n
    m = bits >> 4 & 7
    assert m != 1, "a large-window stream (beyond RFC 7932)"
    return 8 + m if m else 17
