"""``Bridge`` through the real ASGI stack (httpx's ASGI transport): pages, errors, data routes and assets.

Most tests serve tests/apps/site; see its pages for what each route does.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest
from conftest import raw_get
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse
from starlette.routing import Mount, Route

from bridge import Bridge, ConfigError, PageError

pytestmark = pytest.mark.anyio

DATA = re.compile(r'<script id="__BRIDGE_DATA__" type="application/json">(.*?)</script>', re.DOTALL)
IMMUTABLE = "public, max-age=31536000, immutable"

AsgiClient = Callable[..., httpx.AsyncClient]


def page_data(html: str) -> Any:
    """The page data embedded in a document."""
    [found] = DATA.findall(html)
    return orjson.loads(found)


def head_and_body(html: str) -> tuple[str, str]:
    head, _, body = html.partition("</head>")
    assert head.startswith("<!DOCTYPE html>")
    return head, body


@pytest.fixture
def build_id(site: Bridge) -> str:
    return site.handler.manifest.build_id


# server-side rendering


async def test_page_renders_its_props(http: httpx.AsyncClient) -> None:
    response = await http.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert '<div id="__bridge"><div class="site-layout"><h1 id="greeting">Hello from Python</h1></div></div>' in (
        response.text
    )


async def test_title_is_hoisted_into_the_head(http: httpx.AsyncClient) -> None:
    head, body = head_and_body((await http.get("/")).text)
    assert "<title>📚 Home page</title>" in head
    assert "<title>" not in body
    assert body.startswith('<body><div id="__bridge">')


async def test_page_data_is_embedded(http: httpx.AsyncClient, build_id: str) -> None:
    html = (await http.get("/")).text
    data = page_data(html)
    assert data["page"] == "index"
    assert data["props"] == {"greeting": "Hello from Python"}
    assert data["build_id"] == build_id
    assert data["route"]["pattern"] == "/"
    assert data["assets"]["page"].startswith("/_bridge/static/pages/index-")
    head, _ = head_and_body(html)
    assert f'<link rel="modulepreload" href="{data["assets"]["page"]}">' in head
    assert html.index('id="__BRIDGE_DATA__"') < html.index('<script type="module"')


async def test_props_are_escaped_in_the_document(http: httpx.AsyncClient) -> None:
    html = (await http.get("/xss")).text
    assert "</script><script>alert(1)</script>" not in html
    assert "<script>alert" not in html
    assert "<!-- not a comment" not in html
    assert html.count("</script>") == 2  # the page data and the runtime module, nothing from the props
    [raw] = DATA.findall(html)
    assert "\u2028" not in raw
    assert "\u2029" not in raw
    assert page_data(html)["props"] == {
        "text": "</script><script>alert(1)</script>",
        "comment": "<!-- not a comment",
        "separators": "a\u2028b\u2029c",
    }
    assert '<p id="text">&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;</p>' in html


async def test_page_without_python(http: httpx.AsyncClient) -> None:
    response = await http.get("/about")
    assert response.status_code == 200
    assert '<p id="about">A page without Python</p>' in response.text
    assert page_data(response.text)["props"] == {}


async def test_dynamic_route(http: httpx.AsyncClient) -> None:
    response = await http.get("/books/42")
    assert response.status_code == 200
    assert '<h1 id="title">Book 42</h1>' in response.text
    data = page_data(response.text)
    assert data["page"] == "books/[id]"
    assert data["route"] == {
        "pathname": "/books/42",
        "pattern": "/books/[id]",
        "query": {},
        "params": {"id": "42"},
        "asPath": "/books/42",
    }


async def test_params_are_url_decoded(http: httpx.AsyncClient) -> None:
    response = await http.get("/books/a%20b%C3%A9")
    assert page_data(response.text)["props"]["id"] == "a bé"


async def test_catch_all(http: httpx.AsyncClient) -> None:
    response = await http.get("/docs/a/b/c")
    assert response.status_code == 200
    assert page_data(response.text)["props"] == {"slug": ["a", "b", "c"]}
    assert (await http.get("/docs")).status_code == 404


async def test_optional_catch_all(http: httpx.AsyncClient) -> None:
    assert page_data((await http.get("/opt")).text)["props"] == {"parts": []}
    assert page_data((await http.get("/opt/x/y")).text)["props"] == {"parts": ["x", "y"]}


async def test_query_with_repeated_keys(http: httpx.AsyncClient) -> None:
    response = await http.get("/echo?tag=a&q=hello+world&tag=b")
    props = page_data(response.text)["props"]
    assert props["query"] == {"tag": ["a", "b"], "q": "hello world"}
    assert props["resolved_url"] == "/echo?tag=a&q=hello+world&tag=b"
    assert props["route"] == "/echo"
    assert props["params"] == {}


async def test_sync_props_run_off_the_event_loop(http: httpx.AsyncClient) -> None:
    assert page_data((await http.get("/echo")).text)["props"]["on_main_thread"] is False
    assert page_data((await http.get("/mix?value=v")).text)["props"]["on_main_thread"] is True


async def test_head_request(http: httpx.AsyncClient) -> None:
    response = await http.head("/books/1")
    assert response.status_code == 200
    assert response.content == b""
    assert int(response.headers["content-length"]) > 0


async def test_response_options_are_applied(http: httpx.AsyncClient) -> None:
    response = await http.get("/response")
    assert response.status_code == 201
    assert response.headers["x-bridge-test"] == "yes"
    cookies = [c for c in response.headers.get_list("set-cookie") if not c.startswith("bridge_csrf=")]
    assert len(cookies) == 3
    assert cookies[0].startswith("session=abc123;")
    assert "HttpOnly" in cookies[0]
    assert "Max-Age=60" in cookies[0]
    assert cookies[1].startswith("theme=dark;")
    assert cookies[2].startswith('old="";')
    assert "Max-Age=0" in cookies[2]
    assert response.cookies["session"] == "abc123"
    assert '<p id="created">created</p>' in response.text


async def test_server_timing(http: httpx.AsyncClient) -> None:
    response = await http.get("/books/1")
    assert re.fullmatch(r"props;dur=\d+\.\d\d, render;dur=\d+\.\d\d", response.headers["server-timing"])
    assert response.headers["cache-control"] == "private, no-cache, no-store, max-age=0, must-revalidate"


async def test_console_output_reaches_python_logging(http: httpx.AsyncClient, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="bridge.console")
    response = await http.get("/console")
    assert response.status_code == 200
    records = [r for r in caplog.records if r.name == "bridge.console.console"]
    assert [(r.levelno, r.getMessage()) for r in records] == [
        (logging.INFO, '[console] rendering the console page {"answer":42}'),
        (logging.WARNING, "[console] careful 🙂"),
    ]


# redirects and not found


@pytest.mark.parametrize(
    ("kind", "status", "location"),
    [
        ("temporary", 307, "/books/1"),
        ("permanent", 308, "/books/2"),
        ("see-other", 303, "/about"),
        ("external", 307, "https://example.com/elsewhere"),
    ],
)
async def test_redirect(http: httpx.AsyncClient, kind: str, status: int, location: str) -> None:
    response = await http.get(f"/go?kind={kind}")
    assert response.status_code == status
    assert response.headers["location"] == location


HOSTILE_DESTINATIONS = [
    "javascript:alert(document.domain)",
    "JavaScript:alert(1)",
    " \x01javascript:alert(1)",  # browsers strip leading control characters and spaces
    "java\tscript:alert(1)",  # and tabs and newlines anywhere
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
]


@pytest.mark.parametrize("destination", HOSTILE_DESTINATIONS)
async def test_redirect_to_a_script_url_is_an_error(
    http: httpx.AsyncClient, build_id: str, destination: str, caplog: pytest.LogCaptureFixture
) -> None:
    for url in ("/go", f"/go?_bridge_data={build_id}"):
        response = await http.get(url, params={"kind": "next", "next": destination})
        assert response.status_code == 500, url
        assert "location" not in response.headers
        assert "redirect" not in response.text
    assert "go.py" in caplog.text and "only http:, https: and relative URLs" in caplog.text


@pytest.mark.parametrize("destination", ["/books/1", "books/1", "?kind=x", "//example.com/x", "HTTPS://example.com/"])
async def test_redirect_to_relative_and_http_urls(http: httpx.AsyncClient, destination: str) -> None:
    response = await http.get("/go", params={"kind": "next", "next": destination})
    assert response.status_code == 307
    assert response.headers["location"] == destination


async def test_not_found_from_props(http: httpx.AsyncClient) -> None:
    response = await http.get("/books/0")
    assert response.status_code == 404
    assert '<h1 id="error">Custom <!-- -->404<!-- --> page</h1>' in response.text
    assert "<title>Not here</title>" in head_and_body(response.text)[0]
    data = page_data(response.text)
    assert data["page"] == "404"
    assert data["props"] == {"statusCode": 404}


@pytest.mark.parametrize("path", ["/no/such/page", "/books", "/books/1/2", "/404", "/_app", "/index"])
async def test_unknown_path_gets_the_404_page(http: httpx.AsyncClient, path: str) -> None:
    response = await http.get(path)
    assert response.status_code == 404
    assert "Custom <!-- -->404<!-- --> page" in response.text
    assert page_data(response.text)["route"]["pathname"] == path


async def test_trailing_slash_redirects_to_the_page(http: httpx.AsyncClient) -> None:
    response = await http.get("/books/3/?a=1&a=2")
    assert response.status_code == 308
    assert response.headers["location"] == "/books/3?a=1&a=2"
    assert (await http.get("/about/")).headers["location"] == "/about"
    assert (await http.get("/nothing/")).status_code == 404


# errors


async def test_python_exception_gives_the_500_page(http: httpx.AsyncClient, caplog: pytest.LogCaptureFixture) -> None:
    response = await http.get("/boom")
    assert response.status_code == 500
    assert "Custom <!-- -->500<!-- --> page: something broke" in response.text
    assert "kaboom" not in response.text
    assert "Traceback" not in response.text
    [record] = [r for r in caplog.records if r.name == "bridge" and r.levelno == logging.ERROR]
    assert record.getMessage() == "GET /boom failed: kaboom: secret detail"
    assert record.exc_info is not None
    assert isinstance(record.exc_info[1], ValueError)
    assert 'boom.py", line 2, in get_server_side_props' in caplog.text


async def test_dev_mode_shows_the_traceback(asgi_client: AsgiClient, site_dev: Bridge) -> None:
    async with asgi_client(site_dev) as http:
        response = await http.get("/boom")
    assert response.status_code == 500
    assert "kaboom: secret detail" in response.text
    assert "Traceback (most recent call last)" in response.text
    assert "boom.py" in response.text


async def test_error_in_a_component_gives_the_500_page(
    http: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    response = await http.get("/jserror")
    assert response.status_code == 500
    assert "Custom <!-- -->500<!-- --> page" in response.text
    assert "component exploded" not in response.text
    assert "Error: component exploded" in caplog.text


async def test_runaway_render_is_stopped(asgi_client: AsgiClient, site_app: Any) -> None:
    # one render thread: the 500 page renders after the stopped engine was replaced, so the count is settled
    app = site_app.bridge(render_threads=1, render_timeout=0.5)
    try:
        async with asgi_client(app) as http:
            started = time.monotonic()
            response = await http.get("/loop")
            elapsed = time.monotonic() - started
            assert response.status_code == 500
            assert "Custom <!-- -->500<!-- --> page" in response.text
            assert elapsed < 0.5 + 3.0  # a CPU-time limit: slower on a busy machine
            assert app.handler.pool.replaced == 1
            assert (await http.get("/")).status_code == 200
    finally:
        app.close()


async def test_runaway_render_does_not_hold_up_other_requests(http: httpx.AsyncClient) -> None:
    async def quick() -> float:
        started = time.monotonic()
        assert (await http.get("/about")).status_code == 200
        return time.monotonic() - started

    loop = asyncio.create_task(http.get("/loop"))
    durations = []
    while not loop.done():  # one render thread is stuck in the loop, the other keeps serving
        durations.append(await quick())
    assert (await loop).status_code == 500
    assert len(durations) >= 5
    assert max(durations) < 0.4


async def test_unserialisable_props(http: httpx.AsyncClient, caplog: pytest.LogCaptureFixture) -> None:
    response = await http.get("/prices")
    assert response.status_code == 500
    assert "Decimal" not in response.text
    assert "prices.py: props.books[3].price: Decimal is not JSON serialisable" in caplog.text


async def test_props_over_the_size_limit(http: httpx.AsyncClient, caplog: pytest.LogCaptureFixture) -> None:
    response = await http.get("/big")
    assert response.status_code == 500
    assert "x" * 1000 not in response.text
    assert "bytes is over the limit of 50000" in caplog.text


async def test_failing_500_page_falls_back_to_plain_html(
    asgi_client: AsgiClient, build_pages: Any, caplog: pytest.LogCaptureFixture
) -> None:
    built = build_pages(
        {
            "500.jsx": "export default function E() { throw new Error('the 500 page broke'); }",
            "index.jsx": "export default function I() { throw new Error('the page broke'); }",
        }
    )
    app = built.bridge(render_threads=1)
    try:
        async with asgi_client(app) as http:
            response = await http.get("/")
    finally:
        app.close()
    assert response.status_code == 500
    assert "<h1>500: Internal Server Error</h1>" in response.text
    assert "rendering the 500 page failed too" in caplog.text


async def test_default_error_pages(asgi_client: AsgiClient, build_pages: Any) -> None:
    app = build_pages({"index.jsx": "export default function I() { return <p>home</p>; }"}).bridge(render_threads=1)
    try:
        async with asgi_client(app) as http:
            response = await http.get("/missing")
    finally:
        app.close()
    assert response.status_code == 404
    assert "<title>404: This page could not be found.</title>" in response.text


async def test_default_error_page_inside_a_layout_main_is_valid_html(asgi_client: AsgiClient, build_pages: Any) -> None:
    app = build_pages(
        {
            "index.jsx": "export default function I() { return <p>home</p>; }",
            "_app.jsx": "export default function App({ Component, pageProps }) {"
            " return <main><Component {...pageProps} /></main>; }",
        }
    ).bridge(render_threads=1)
    try:
        async with asgi_client(app) as http:
            response = await http.get("/missing")
    finally:
        app.close()
    assert response.status_code == 404
    assert response.text.count("<main") == 1  # no <main> inside the layout's <main>
    assert "This page could not be found." in response.text


# concurrency


async def test_concurrent_requests_never_mix_props(http: httpx.AsyncClient) -> None:
    values = [f"value-{i}-{'é' * (i % 3)}" for i in range(50)]
    paths = [f"/mix?value={v}" if i % 2 else f"/echo?value={v}" for i, v in enumerate(values)]
    responses = await asyncio.gather(*(http.get(path) for path in paths))
    for i, (value, response) in enumerate(zip(values, responses, strict=True)):
        assert response.status_code == 200
        props = page_data(response.text)["props"]
        if i % 2:
            assert props["value"] == value
            assert f'<p id="value">{value}</p>' in response.text
        else:
            assert props["query"] == {"value": value}


# data requests: the page's own URL with ?_bridge_data=<build id>


async def test_data_route(http: httpx.AsyncClient, build_id: str) -> None:
    response = await http.get(f"/books/7?x=1&x=2&_bridge_data={build_id}")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    data = response.json()
    assert {"page", "props", "build_id", "route", "assets"} <= data.keys()
    assert data["page"] == "books/[id]"
    assert data["props"] == {"id": "7", "title": "Book 7", "greeting": "Hello from Python"}
    assert data["build_id"] == build_id
    assert data["route"]["params"] == {"id": "7"}
    assert data["route"]["query"] == {"x": ["1", "2"]}
    assert data["route"]["asPath"] == "/books/7?x=1&x=2"
    assets = data["assets"]
    for url in (assets["page"], assets["app"], *assets["css"]):
        assert (await http.get(url)).status_code == 200


async def test_data_route_matches_the_document(http: httpx.AsyncClient, build_id: str) -> None:
    html = (await http.get("/docs/a/b")).text
    data = (await http.get(f"/docs/a/b?_bridge_data={build_id}")).json()
    assert data == page_data(html)


async def test_data_route_of_the_index(http: httpx.AsyncClient, build_id: str) -> None:
    data = (await http.get(f"/?_bridge_data={build_id}")).json()
    assert data["page"] == "index"
    assert data["route"]["pathname"] == "/"


async def test_data_route_etag(http: httpx.AsyncClient, build_id: str) -> None:
    url = f"/books/7?_bridge_data={build_id}"
    etag = (await http.get(url)).headers["etag"]
    again = await http.get(url, headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again.content == b""
    other = await http.get(f"/books/8?_bridge_data={build_id}", headers={"if-none-match": etag})
    assert other.status_code == 200


async def test_data_route_redirect(http: httpx.AsyncClient, build_id: str) -> None:
    response = await http.get(f"/go?kind=permanent&_bridge_data={build_id}")
    assert response.status_code == 200
    assert response.json() == {"redirect": {"destination": "/books/2", "status_code": 308}}


@pytest.mark.parametrize("page", ["books/0", "no/such/page"])
async def test_data_route_not_found(http: httpx.AsyncClient, build_id: str, page: str) -> None:
    response = await http.get(f"/{page}?_bridge_data={build_id}")
    assert response.status_code == 404
    data = response.json()
    assert data["page"] == "404"
    assert data["props"] == {"statusCode": 404}


async def test_data_route_failure(asgi_client: AsgiClient, site_dev: Bridge, build_id: str) -> None:
    async with asgi_client(site_dev) as http:  # even in dev mode the client gets JSON, not the traceback page
        response = await http.get(f"/boom?_bridge_data={build_id}")
    assert response.status_code == 500
    assert response.json()["page"] == "500"


async def test_data_route_of_another_build(http: httpx.AsyncClient, build_id: str) -> None:
    for method in ("GET", "POST"):
        response = await http.request(method, "/books/7?_bridge_data=0123456789abcdef")
        assert response.status_code == 409, method
        assert response.json()["build_id"] == build_id


async def test_the_data_parameter_is_bridges_alone(http: httpx.AsyncClient, build_id: str) -> None:
    """The reserved parameter is removed before props, ``asPath`` and the ETag see the query, wherever it
    stands and however its name is encoded; the last one counts."""
    html = await http.get("/echo?x=1&y=2")
    expected = page_data(html.text)
    assert expected["props"]["query"] == {"x": "1", "y": "2"}
    assert expected["props"]["resolved_url"] == "/echo?x=1&y=2"
    for query in [
        f"x=1&y=2&_bridge_data={build_id}",
        f"x=1&_bridge_data={build_id}&y=2",
        f"x=1&y=2&%5Fbridge%5fdata={build_id}",
        f"_bridge_data=0123456789abcdef&x=1&y=2&_bridge_data={build_id}",
    ]:
        response = await http.get(f"/echo?{query}")
        assert response.status_code == 200, query
        assert response.json() == expected, query
        assert response.headers["etag"] == (await http.get(f"/echo?x=1&y=2&_bridge_data={build_id}")).headers["etag"]


async def test_the_old_data_route_is_gone(http: httpx.AsyncClient, build_id: str) -> None:
    for path in (f"/_bridge/data/{build_id}/books/7.json", f"/_bridge/data/{build_id}/index.json"):
        response = await http.get(path)
        assert response.status_code == 404, path
        assert response.headers["content-type"].startswith("text/html"), path  # the 404 page: no props
        assert "Book 7" not in response.text


async def test_data_request_head_and_trailing_slash(http: httpx.AsyncClient, build_id: str) -> None:
    head = await http.head(f"/books/7?_bridge_data={build_id}")
    assert head.status_code == 200
    assert head.headers["content-type"] == "application/json"
    assert head.content == b""
    redirect = await http.get(f"/books/7/?x=1&_bridge_data={build_id}")
    assert redirect.status_code == 308
    assert redirect.headers["location"] == f"/books/7?x=1&_bridge_data={build_id}"  # still a data request


# static assets


async def test_static_assets_are_cached_for_good(http: httpx.AsyncClient) -> None:
    data = page_data((await http.get("/")).text)
    response = await http.get(data["assets"]["page"])
    assert response.status_code == 200
    assert response.headers["cache-control"] == IMMUTABLE
    assert "javascript" in response.headers["content-type"]
    assert response.text.strip()


async def test_missing_asset(http: httpx.AsyncClient) -> None:
    response = await http.get("/_bridge/static/pages/nope-ABCDEF.js")
    assert response.status_code == 404
    assert response.headers.get("cache-control") != IMMUTABLE


@pytest.mark.parametrize(
    "path",
    [
        "/_bridge/static/../manifest.json",
        "/_bridge/static/../server.js",
        "/_bridge/static/%2e%2e/manifest.json",
        "/_bridge/static/..%2fmanifest.json",
        "/_bridge/static/pages/../../manifest.json",
        "/_bridge/static//etc/passwd",
        "/_bridge/static/../../pages/index.py",
    ],
)
async def test_no_traversal_out_of_static(site: Bridge, path: str) -> None:
    status, headers, body = await raw_get(site, path)
    assert status in (400, 403, 404)
    assert site.handler.manifest.build_id.encode() not in body
    assert b"__bridgeRender" not in body
    assert b"root:" not in body
    assert b"get_server_side_props" not in body
    assert headers.get("cache-control") != IMMUTABLE


async def test_encoded_traversal_through_httpx(http: httpx.AsyncClient, build_id: str) -> None:
    response = await http.get("/_bridge/static/%2e%2e/manifest.json")
    assert response.status_code == 404
    assert build_id not in response.text


# methods and the wrapped app


async def test_other_methods_on_pages_without_an_app(http: httpx.AsyncClient) -> None:
    for method in ("POST", "PUT", "DELETE"):
        response = await http.request(method, "/books/1")
        assert response.status_code == 405
        assert response.headers["allow"] == "GET, HEAD"


@pytest.fixture(scope="module")
def wrapped(site_app: Any) -> Any:
    async def api(request: Request) -> JSONResponse:
        return JSONResponse(
            {
                "method": request.method,
                "path": request.url.path,
                "query": request.url.query,
                "body": (await request.body()).decode(),
                "header": request.headers.get("x-test"),
            }
        )

    async def form(request: Request) -> PlainTextResponse:
        return PlainTextResponse(f"inner app got {request.method} {request.url.path}", 201)

    inner = Starlette(
        routes=[Route("/api/{rest:path}", api, methods=["GET", "POST"]), Route("/books/{id}", form, methods=["POST"])]
    )
    app = site_app.bridge(app=inner, render_threads=1)
    yield app
    app.close()


async def test_wrapped_app_gets_other_paths(asgi_client: AsgiClient, wrapped: Bridge) -> None:
    async with asgi_client(wrapped) as http:
        response = await http.post("/api/things?a=1", content=b"payload", headers={"x-test": "kept"})
        assert response.json() == {
            "method": "POST",
            "path": "/api/things",
            "query": "a=1",
            "body": "payload",
            "header": "kept",
        }
        assert (await http.get("/api/x")).json()["method"] == "GET"
        unknown = await http.get("/not/a/page")
        assert unknown.status_code == 404
        assert unknown.text == "Not Found"  # Starlette's own 404, not bridge's page


async def test_wrapped_app_gets_other_methods_on_pages(asgi_client: AsgiClient, wrapped: Bridge) -> None:
    async with asgi_client(wrapped) as http:
        response = await http.post("/books/3", content=b"x")
        assert response.status_code == 201
        assert response.text == "inner app got POST /books/3"
        page = await http.get("/books/3")
        assert '<h1 id="title">Book 3</h1>' in page.text
        assert (await http.get("/books/3/")).headers["location"] == "/books/3"


async def test_lifespan_without_an_app(site: Bridge) -> None:
    incoming = [{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return incoming.pop(0)

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await site({"type": "lifespan", "asgi": {"version": "3.0"}}, receive, send)
    assert sent == [{"type": "lifespan.startup.complete"}, {"type": "lifespan.shutdown.complete"}]


# mounted under a prefix


@pytest.fixture
async def mounted(asgi_client: AsgiClient, site: Bridge) -> AsyncIterator[httpx.AsyncClient]:
    async with asgi_client(Starlette(routes=[Mount("/app", app=site)])) as http:
        yield http


async def test_mounted_page(mounted: httpx.AsyncClient) -> None:
    response = await mounted.get("/app/books/5")
    assert response.status_code == 200
    assert '<h1 id="title">Book 5</h1>' in response.text
    data = page_data(response.text)
    assert data["base"] == "/app"
    assert data["route"]["pathname"] == "/books/5"
    head, body = head_and_body(response.text)
    assets = re.findall(r'(?:href|src)="([^"]+)"', head + body)
    assert assets
    assert all(url.startswith("/app/_bridge/static/") for url in assets)
    for url in assets:
        asset = await mounted.get(url)
        assert asset.status_code == 200
        assert asset.headers["cache-control"] == IMMUTABLE


async def test_mounted_index(mounted: httpx.AsyncClient) -> None:
    response = await mounted.get("/app/")
    assert response.status_code == 200
    assert page_data(response.text)["page"] == "index"


async def test_mounted_data_route(mounted: httpx.AsyncClient, build_id: str) -> None:
    data = (await mounted.get(f"/app/books/5?_bridge_data={build_id}")).json()
    assert data["props"]["id"] == "5"
    assert data["assets"]["page"].startswith("/app/_bridge/static/")


@pytest.mark.parametrize(
    ("kind", "location"),
    [("temporary", "/app/books/1"), ("see-other", "/app/about"), ("external", "https://example.com/elsewhere")],
)
async def test_mounted_redirect_gets_the_prefix(mounted: httpx.AsyncClient, kind: str, location: str) -> None:
    response = await mounted.get(f"/app/go?kind={kind}")
    assert response.headers["location"] == location


async def test_mounted_trailing_slash_and_not_found(mounted: httpx.AsyncClient) -> None:
    assert (await mounted.get("/app/books/5/")).headers["location"] == "/app/books/5"
    response = await mounted.get("/app/nope")
    assert response.status_code == 404
    assert page_data(response.text)["base"] == "/app"


async def test_mounted_under_a_root_path(site: Bridge) -> None:
    """A proxy's prefix (uvicorn --root-path) reaches bridge as root_path, with the path under it."""
    status, _, body = await raw_get(site, "/prefix/books/9", root_path="/prefix")
    assert status == 200
    assert b'<h1 id="title">Book 9</h1>' in body
    assert b'href="/prefix/_bridge/static/' in body
    status, _, body = await raw_get(site, "/prefix/", root_path="/prefix")
    assert status == 200
    assert b'<h1 id="greeting">' in body


# start-up errors


def test_page_module_that_fails_to_import(build_pages: Any) -> None:
    built = build_pages(
        {
            "index.jsx": "export default function I() { return <p>home</p>; }",
            "books/[id].jsx": "export default function B() { return <p>book</p>; }",
            "books/[id].py": "import bridge_test_no_such_module\n",
        }
    )
    with pytest.raises(PageError) as caught:
        built.bridge()
    assert caught.value.file == str(built.pages / "books" / "[id].py")
    assert str(caught.value).startswith(f"{built.pages / 'books' / '[id].py'}: importing the page failed")
    assert "bridge_test_no_such_module" in str(caught.value)


def test_no_build(write_pages: Callable[[dict[str, str]], Path], tmp_path: Path) -> None:
    pages = write_pages({"index.jsx": "export default () => null;"})
    with pytest.raises(ConfigError, match=f"no build found at {re.escape(str(tmp_path / '.bridge'))}"):
        Bridge(pages=pages)
    with pytest.raises(ConfigError, match=f"no build found at {re.escape(str(tmp_path / 'elsewhere'))}"):
        Bridge(pages=pages, build_dir=tmp_path / "elsewhere")


def test_no_pages_folder(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=f"pages folder not found: {re.escape(str(tmp_path / 'pages'))}"):
        Bridge(pages=tmp_path / "pages")


def test_page_missing_from_the_build(write_pages: Callable[[dict[str, str]], Path], site_app: Any) -> None:
    pages = write_pages({"index.jsx": "", "added-later.jsx": ""})
    with pytest.raises(ConfigError, match=r"pages \['added-later'\] are missing from the build"):
        Bridge(pages=pages, build_dir=site_app.build_dir)
