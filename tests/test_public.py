"""Files in ``public/`` beside the pages folder are served at the root."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx
from conftest import BuildPages

from bridge.public import CACHE_CONTROL


def test_public_files_are_served_at_the_root(build_pages: BuildPages) -> None:
    app = build_pages({"index.jsx": "export default function Home() { return <p>home</p>; }"})
    public = app.pages.parent / "public"
    (public / "img").mkdir(parents=True)
    (public / "robots.txt").write_text("User-agent: *\n")
    (public / "img" / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    bridge = app.bridge()

    async def fetch() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=bridge)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            paths = ["/robots.txt", "/img/logo.svg", "/img/../robots.txt", "/nope.txt", "/"]
            return [await client.get(path) for path in paths] + [await client.post("/robots.txt")]

    try:
        robots, logo, dotted, missing, home, post = asyncio.run(fetch())
    finally:
        bridge.close()
    assert robots.status_code == 200 and robots.text == "User-agent: *\n"
    assert robots.headers["cache-control"] == CACHE_CONTROL == "public, no-cache"  # revalidated each use
    assert robots.headers["content-type"].startswith("text/plain")
    assert logo.status_code == 200 and logo.headers["content-type"].startswith("image/svg+xml")
    assert dotted.status_code == 200  # httpx normalises the path: it asks for /robots.txt
    assert missing.status_code == 404 and "<!DOCTYPE html>" in missing.text  # the 404 page, not a file
    assert home.status_code == 200 and "home" in home.text
    assert post.status_code == 404  # no page, no inner app: public files answer GET and HEAD only


def _client_run(bridge: Any, *requests: tuple[str, dict[str, str]]) -> list[httpx.Response]:
    async def fetch() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=bridge)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            return [await client.get(path, headers=headers) for path, headers in requests]

    return asyncio.run(fetch())


def test_dotfiles_and_links_out_of_public_are_never_served(build_pages: BuildPages, tmp_path: Path) -> None:
    app = build_pages({"index.jsx": "export default function Home() { return <p>home</p>; }"})
    public = app.pages.parent / "public"
    (public / ".git").mkdir(parents=True)
    (public / ".well-known").mkdir()
    (public / ".env").write_text("SECRET_KEY=hunter2\n")
    (public / ".git" / "config").write_text("[core]\n")
    (public / ".well-known" / "security.txt").write_text("Contact: mailto:security@example.com\n")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("private\n")
    (public / "secret.txt").symlink_to(outside / "secret.txt")
    (public / "linked").symlink_to(outside, target_is_directory=True)
    (public / "robots.txt").write_text("User-agent: *\n")
    (public / "robots-link.txt").symlink_to(public / "robots.txt")  # inside public/: fine
    for dev in (False, True):
        bridge = app.bridge(dev=dev)
        try:
            env, git, secret, linked, well_known, inside = _client_run(
                bridge,
                *[(path, {}) for path in ("/.env", "/.git/config", "/secret.txt", "/linked/secret.txt")],
                ("/.well-known/security.txt", {}),
                ("/robots-link.txt", {}),
            )
        finally:
            bridge.close()
        for refused in (env, git, secret, linked):
            assert refused.status_code == 404, (dev, refused.url)
            assert "hunter2" not in refused.text and "private" not in refused.text
        assert well_known.status_code == 200
        assert inside.status_code == 200 and inside.text == "User-agent: *\n"


def test_public_files_revalidate_and_serve_ranges(build_pages: BuildPages) -> None:
    app = build_pages({"index.jsx": "export default function Home() { return <p>home</p>; }"})
    public = app.pages.parent / "public"
    public.mkdir()
    (public / "style.css").write_text("body { color: teal; }\n")
    bridge = app.bridge()
    try:
        [first] = _client_run(bridge, ("/style.css", {}))
        etag, modified = first.headers["etag"], first.headers["last-modified"]
        by_tag, by_date, ranged = _client_run(
            bridge,
            ("/style.css", {"if-none-match": etag}),
            ("/style.css", {"if-modified-since": modified}),
            ("/style.css", {"range": "bytes=0-3"}),
        )
    finally:
        bridge.close()
    assert first.headers["cache-control"] == "public, no-cache"
    assert first.headers["content-type"].startswith("text/css")
    assert (by_tag.status_code, by_tag.content) == (304, b"")
    assert by_date.status_code == 304
    assert (ranged.status_code, ranged.content, ranged.headers["content-range"]) == (206, b"body", "bytes 0-3/22")


def test_under_dev_public_is_looked_up_on_each_request(build_pages: BuildPages) -> None:
    app = build_pages({"index.jsx": "export default function Home() { return <p>home</p>; }"})
    public = app.pages.parent / "public"
    public.mkdir()
    bridge = app.bridge(dev=True)
    try:
        [before] = _client_run(bridge, ("/added.txt", {}))
        (public / "added.txt").write_text("new\n")
        [after] = _client_run(bridge, ("/added.txt", {}))
        (public / "added.txt").unlink()
        [removed] = _client_run(bridge, ("/added.txt", {}))
    finally:
        bridge.close()
    assert (before.status_code, after.status_code, after.text, removed.status_code) == (404, 200, "new\n", 404)


def test_built_assets_honour_accept_encoding_q_values(build_pages: BuildPages) -> None:
    app = build_pages({"index.jsx": "export default function Home() { return <p>home</p>; }"})
    bridge = app.bridge()
    runtime = "/_bridge/static/" + bridge.handler.manifest.runtime.file  # a few kB of JS: pre-compressed
    headers = ["gzip", "br, gzip;q=0.5", "GZIP; Q=1", "*", "gzip;q=0", "gzip;q=0.0, *", "identity", "deflate, br"]
    try:
        answers = _client_run(bridge, *[(runtime, {"accept-encoding": header}) for header in headers])
    finally:
        bridge.close()
    encodings = {
        header: answer.headers.get("content-encoding") for header, answer in zip(headers, answers, strict=True)
    }
    assert encodings == {  # the build wrote a brotli and a gzip copy of the file
        "gzip": "gzip",
        "br, gzip;q=0.5": "br",
        "GZIP; Q=1": "gzip",
        "*": "br",
        "gzip;q=0": None,
        "gzip;q=0.0, *": "br",
        "identity": None,
        "deflate, br": "br",
    }
