"""An encoded slash (``%2F``) in a URL stays inside its segment, as in Next.js: routing splits the path the
client sent (``raw_path``) on ``/`` and decodes each segment after. Through the real ASGI stack (also mounted
and under a proxy's root_path) and through the WSGI adapter."""

from __future__ import annotations

import asyncio
import io
import re
from collections.abc import Iterator
from typing import Any

import httpx
import orjson
import pytest
from conftest import BuiltApp, raw_get
from starlette.applications import Starlette
from starlette.routing import Mount
from werkzeug.test import Client

from bridge import Bridge
from bridge.adapters.wsgi import BridgeWSGI

DATA = re.compile(r'<script id="__BRIDGE_DATA__" type="application/json">(.*?)</script>', re.DOTALL)


def props(html: str) -> Any:
    [found] = DATA.findall(html)
    return orjson.loads(found)["props"]


def get(app: Any, *paths: str) -> list[httpx.Response]:
    async def fetch() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            return [await client.get(path) for path in paths]

    return asyncio.run(fetch())


def test_an_encoded_slash_stays_in_its_segment(site: Bridge) -> None:
    build = site.handler.manifest.build_id
    doc, doc_data, book, book_data = get(
        site,
        "/docs/test1/te%2Fst2",
        f"/docs/test1/te%2Fst2?_bridge_data={build}",
        "/books/a%2Fb",
        f"/books/a%2Fb?_bridge_data={build}",
    )
    assert props(doc.text) == {"slug": ["test1", "te/st2"]}
    assert doc_data.json()["props"] == {"slug": ["test1", "te/st2"]}
    assert doc_data.json()["route"]["params"] == {"slug": ["test1", "te/st2"]}
    assert book.status_code == 200, "a%2Fb is one segment: /books/[id] serves it"
    assert props(book.text)["id"] == "a/b"
    assert book_data.json()["props"]["id"] == "a/b"


def test_other_encodings_still_decode(site: Bridge) -> None:
    plain, percent, unicode, static = get(site, "/docs/a/b", "/books/100%25", "/books/caf%C3%A9", "/%61bout")
    assert props(plain.text) == {"slug": ["a", "b"]}
    assert props(percent.text)["id"] == "100%"
    assert props(unicode.text)["id"] == "café"
    assert static.status_code == 200, "an encoded letter in a static route still matches it"


def test_a_trailing_slash_redirect_keeps_the_encoded_slash(site: Bridge) -> None:
    [response] = get(site, "/books/a%2Fb/")
    assert response.status_code == 308
    assert response.headers["location"] == "/books/a%2Fb"


def test_mounted_and_under_a_root_path(site: Bridge) -> None:
    build = site.handler.manifest.build_id
    mounted = Starlette(routes=[Mount("/app", app=site)])
    page, data = get(mounted, "/app/docs/x/y%2Fz", f"/app/books/a%2Fb?_bridge_data={build}")
    assert props(page.text) == {"slug": ["x", "y/z"]}
    assert data.json()["props"]["id"] == "a/b"

    for raw_path in (b"/prefix/books/a%2Fb", b"/books/a%2Fb"):  # servers differ: with or without the prefix
        status, body = asyncio.run(_raw_get(site, raw_path, root_path="/prefix"))
        assert status == 200, raw_path
        assert props(body.decode())["id"] == "a/b", raw_path


async def _raw_get(app: Bridge, raw_path: bytes, root_path: str) -> tuple[int, bytes]:
    """A GET as uvicorn --root-path sends it: ``path`` decoded and with the prefix, ``raw_path`` as received."""
    from urllib.parse import unquote

    path = unquote(raw_path.decode())
    path = path if path.startswith(root_path) else root_path + path
    status, _, body = await raw_get(app, path, root_path, raw_path=raw_path)
    return status, body


@pytest.fixture(scope="module")
def wsgi(site_app: BuiltApp) -> Iterator[BridgeWSGI]:
    app = BridgeWSGI(pages=site_app.pages, build_dir=site_app.build_dir, render_threads=1)
    yield app
    app.close()


def test_wsgi_uses_the_raw_uri(wsgi: BridgeWSGI) -> None:
    """werkzeug (like gunicorn) keeps the request line in RAW_URI / REQUEST_URI; PATH_INFO is decoded."""
    client = Client(wsgi)
    assert props(client.get("/docs/test1/te%2Fst2").text) == {"slug": ["test1", "te/st2"]}
    build = wsgi.handler.manifest.build_id
    assert client.get(f"/books/a%2Fb?_bridge_data={build}").json["props"]["id"] == "a/b"
    mounted = client.get("/shop/books/a%2Fb", environ_overrides={"SCRIPT_NAME": "/shop", "PATH_INFO": "/books/a/b"})
    assert mounted.status_code == 200
    assert props(mounted.text)["id"] == "a/b"


def test_wsgi_without_a_raw_uri_routes_the_decoded_path(wsgi: BridgeWSGI) -> None:
    """wsgiref gives only the decoded PATH_INFO: a literal % in it is not decoded a second time."""
    for path_info, expected in (("/books/100%", {"id": "100%"}), ("/books/%41", {"id": "%41"}), ("/docs/a/b", None)):
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path_info.encode().decode("latin-1"),
            "QUERY_STRING": "",
            "SERVER_NAME": "testserver",
            "SERVER_PORT": "80",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(),
        }
        started: list[str] = []
        body = b"".join(wsgi(environ, lambda status, headers, exc_info=None, seen=started: seen.append(status)))
        assert started == ["200 OK"], path_info
        page = props(body.decode())
        if expected is None:
            assert page == {"slug": ["a", "b"]}
        else:
            assert page.items() >= expected.items(), path_info
