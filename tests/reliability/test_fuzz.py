"""Bad requests, property-based (hypothesis), through the real ASGI app with the request sent exactly as
generated (raw paths, raw query bytes, raw headers: no client in between normalises them).

For every request: exactly one response, a status in range and below 500 (the fuzzed pages' own code never
fails), a content-type whenever there is a body, a content-length that matches the body, nothing of bridge's
internals (tracebacks, file paths) in it, and for the built assets under /_bridge/static/ only the files of
the build, byte for byte, with ``X-Content-Type-Options: nosniff``. An exception escaping the app fails the
test. Pages whose own code fails, sleeps or spins by design (/boom, /loop, /slow, ...) are not fuzzed.
"""

from __future__ import annotations

import asyncio
import gzip
import os
import string
from collections.abc import Iterator
from urllib.parse import quote, quote_from_bytes

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bridge import Bridge

from .conftest import App
from .support import RawResponse, asgi_request

EXAMPLES = int(os.environ.get("RELIABILITY_FUZZ_EXAMPLES", "250"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
)
# pages that fail, sleep, spin or scan by design, or parse their query without care: not fuzzed
UNFUZZED = {"boom", "jserror", "loop", "bomb", "recurse", "deep", "big", "slow", "scan", "console"}
FUZZED = ["", "about", "list", "user", "xss", "go", "counter"]
COUNTS: dict[str, int] = {}


@pytest.fixture(scope="module")
def loop() -> Iterator[asyncio.AbstractEventLoop]:
    loop = asyncio.new_event_loop()
    yield loop
    loop.close()


@pytest.fixture(scope="module")
def fuzzed(app: App) -> Iterator[Bridge]:
    bridge = app.bridge(render_threads=2, render_timeout=1.0, max_props_bytes=1 << 20)
    yield bridge
    bridge.close()


@pytest.fixture(scope="module")
def static_files(app: App) -> dict[str, bytes]:
    root = app.build_dir / "static"
    return {f.relative_to(root).as_posix(): f.read_bytes() for f in root.rglob("*") if f.is_file()}


def send(
    loop: asyncio.AbstractEventLoop,
    app: Bridge,
    method: str,
    raw_path: bytes,
    query: bytes = b"",
    headers: list[tuple[bytes, bytes]] | None = None,
) -> RawResponse:
    return loop.run_until_complete(asgi_request(app, method, raw_path, query, headers))


def skipped(app: Bridge, raw_path: bytes) -> bool:
    """Whether the path would run one of the pages that are not fuzzed."""
    path = raw_path.decode("latin-1")
    for candidate in (path, path.rstrip("/")):
        target = app.handler.target(candidate)
        if target is not None and target.route is not None and target.route.page in UNFUZZED:
            return True
    return False


def check(response: RawResponse, method: str, app: App, static: dict[str, bytes] | None = None) -> None:
    """What every response must be."""
    assert response.starts == 1
    assert not response.more_body_after_end
    assert 100 <= response.status <= 599
    assert response.status < 500, (response.status, response.body[:300])
    length = response.header("content-length")
    assert length is not None and int(length) == len(response.body)
    if response.body:
        assert response.header("content-type")
    assert b"Traceback" not in response.body
    assert str(app.pages.parent).encode() not in response.body


def check_static(response: RawResponse, path: str, static: dict[str, bytes]) -> None:
    """Under /_bridge/static/: a built file, byte for byte, or nothing."""
    assert response.header("x-content-type-options") == "nosniff"
    if response.status == 200:
        assert path in static, f"served {path!r}, which the build did not write"
        gzipped = response.header("content-encoding") == "gzip"
        assert (gzip.decompress(response.body) if gzipped else response.body) == static[path]
    else:
        assert response.status in (404, 405)


segments = st.one_of(
    st.sampled_from(
        [
            *FUZZED,
            "",
            ".",
            "..",
            "%2e%2e",
            "%2E%2e",
            ".%2e",
            "%2e.",
            "%00",
            "\x00",
            "%ff",
            "%c0%ae%c0%ae",
            "%2f",
            "%5c",
            "\\",
            "..\\..",
            "%252e%252e",
            "_bridge",
            "static",
            "data",
            "_app",
            "404",
            "500",
            "index",
            "index.json",
            "manifest.json",
            "server.js",
            "pages",
            "ü",
            "%F0%9F%98%80",
            "😀",
            "\u202e",
            "~",
            "%",
            "%zz",
            ";",
            "books;x=1",
            "etc",
            "passwd",
        ]
    ),
    st.text(max_size=12).map(lambda text: quote(text, safe="")),
    st.text(st.characters(codec="utf-8", exclude_characters="/?#"), max_size=8),
    st.binary(max_size=12).map(lambda data: quote_from_bytes(data, safe="")),
    st.integers(100, 9000).map(lambda n: "a" * n),
)
prefixes = st.sampled_from(["/", "//", "/_bridge/", "/_bridge/static/", "/_bridge/code/", "/_bridge/static//", "\\"])


@st.composite
def raw_paths(draw: st.DrawFn, build_id: str) -> bytes:
    prefix = draw(prefixes)
    if prefix == "/_bridge/code/" and draw(st.booleans()):
        prefix += build_id + "/"
    path = prefix + "/".join(draw(st.lists(segments, max_size=6)))
    if draw(st.booleans()):
        path += draw(st.sampled_from([".json", "/", ".js", "%2ejson", "//"]))
    return path.encode("utf-8", errors="surrogateescape")


def test_fuzzed_paths(
    loop: asyncio.AbstractEventLoop, fuzzed: Bridge, app: App, static_files: dict[str, bytes]
) -> None:
    build_id = fuzzed.handler.manifest.build_id

    @FUZZ
    @given(raw_path=raw_paths(build_id), method=st.sampled_from(["GET", "GET", "HEAD"]))
    def fuzz(raw_path: bytes, method: str) -> None:
        if skipped(fuzzed, raw_path):
            return
        COUNTS["paths"] = COUNTS.get("paths", 0) + 1
        response = send(loop, fuzzed, method, raw_path)
        check(response, method, app)
        if raw_path.startswith(b"/_bridge/static/"):
            from urllib.parse import unquote

            check_static(response, unquote(raw_path.decode("latin-1"))[len("/_bridge/static/") :], static_files)

    fuzz()
    assert COUNTS["paths"] >= EXAMPLES * 0.8


query_values = st.one_of(
    st.text(max_size=30),
    st.binary(max_size=30).map(lambda data: quote_from_bytes(data)),
    st.integers(1000, 200_000).map(lambda n: "v" * n),
    st.sampled_from(
        ["%ff%fe", "%", "%%", "%zz", "+", "&", "=", "a=b=c", "%00", "\x00", "é", "😀", "-1", "99999999999"]
    ),
)


@st.composite
def query_strings(draw: st.DrawFn) -> bytes:
    if draw(st.integers(0, 4)) == 0:
        return draw(st.binary(max_size=300))  # anything at all, invalid UTF-8 included
    keys = st.sampled_from(["n", "name", "log", "keep", "permanent", "x", "", "n[]", "%6e", "a" * 300])
    pairs = draw(st.lists(st.tuples(keys, query_values), max_size=8))
    separator = draw(st.sampled_from(["&", ";", "&&"]))
    return separator.join(f"{key}={value}" for key, value in pairs).encode("utf-8", errors="surrogateescape")


def test_fuzzed_query_strings(loop: asyncio.AbstractEventLoop, fuzzed: Bridge, app: App) -> None:
    build_id = fuzzed.handler.manifest.build_id

    @FUZZ
    @given(page=st.sampled_from(FUZZED), data=st.booleans(), query=query_strings())
    def fuzz(page: str, data: bool, query: bytes) -> None:
        COUNTS["queries"] = COUNTS.get("queries", 0) + 1
        if data:  # the page's data: the build id in the reserved parameter, last
            query += b"&" * bool(query) + f"_bridge_data={build_id}".encode()
        response = send(loop, fuzzed, "GET", f"/{page}".encode(), query)
        check(response, "GET", app)
        if response.status == 200:
            expected = "application/json" if data else "text/html; charset=utf-8"
            assert response.header("content-type") == expected

    fuzz()
    assert COUNTS["queries"] >= EXAMPLES * 0.8


header_names = st.one_of(
    st.sampled_from(
        [
            b"cookie",
            b"accept-encoding",
            b"if-none-match",
            b"content-length",
            b"content-type",
            b"origin",
            b"sec-fetch-site",
            b"x-forwarded-for",
            b"x-forwarded-proto",
            b"x-csrf-token",
            b"range",
            b"accept",
            b"user-agent",
            b"transfer-encoding",
            b"host",
        ]
    ),
    st.text(string.ascii_lowercase + string.digits + "-_.!#$%&'*+^`|~", min_size=1, max_size=20).map(str.encode),
)
header_values = st.one_of(
    st.binary(max_size=100).map(lambda v: v.replace(b"\r", b"").replace(b"\n", b"")),
    st.sampled_from([b"gzip", b"*", b"bridge_csrf=" + b"x" * 64, b"bridge_csrf=; a=b", b'"abc"', b"-1", b'W/"x"']),
    st.integers(100, 20_000).map(lambda n: b"h" * n),
)


def test_fuzzed_headers(
    loop: asyncio.AbstractEventLoop, fuzzed: Bridge, app: App, static_files: dict[str, bytes]
) -> None:
    build_id = fuzzed.handler.manifest.build_id
    asset = next(name for name in static_files if name.endswith(".js"))
    paths = ["/", "/about", "/list", "/xss", "/go", "/nowhere", f"/about?_bridge_data={build_id}"]
    paths += [f"/_bridge/static/{asset}", "/_bridge/static/nothing.js", "/about?_bridge_data=0000"]

    @FUZZ
    @given(
        path=st.sampled_from(paths),
        method=st.sampled_from(["GET", "HEAD"]),
        headers=st.lists(st.tuples(header_names, header_values), max_size=8),
    )
    def fuzz(path: str, method: str, headers: list[tuple[bytes, bytes]]) -> None:
        COUNTS["headers"] = COUNTS.get("headers", 0) + 1
        raw_path, _, query = path.partition("?")
        response = send(loop, fuzzed, method, raw_path.encode(), query.encode(), headers)
        check(response, method, app)
        if path.startswith("/_bridge/static/"):
            check_static(response, path[len("/_bridge/static/") :], static_files)

    fuzz()
    assert COUNTS["headers"] >= EXAMPLES * 0.8


def test_fuzzed_methods(loop: asyncio.AbstractEventLoop, fuzzed: Bridge, app: App) -> None:
    """Other methods on pages without an inner app and without actions: 405 with Allow; elsewhere 404/405."""
    methods = st.one_of(
        st.sampled_from(["POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT", "PROPFIND"]),
        st.text(string.ascii_uppercase, min_size=1, max_size=10),
    )

    @FUZZ
    @given(
        method=methods, page=st.sampled_from([*FUZZED, "nowhere", "_bridge/static/x.js"]), body=st.binary(max_size=200)
    )
    def fuzz(method: str, page: str, body: bytes) -> None:
        if method in ("GET", "HEAD"):
            return
        COUNTS["methods"] = COUNTS.get("methods", 0) + 1
        response = loop.run_until_complete(
            asgi_request(fuzzed, method, f"/{page}".encode(), headers=[(b"content-type", b"text/plain")], body=body)
        )
        check(response, method, app)
        if page in FUZZED or page.startswith("_bridge/static/"):
            assert response.status == 405
            assert response.header("allow") == "GET, HEAD"
        else:
            assert response.status in (404, 405)

    fuzz()
    assert COUNTS["methods"] >= EXAMPLES * 0.8
