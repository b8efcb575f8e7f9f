"""Files in ``public/`` beside the pages folder are served at the root."""

from __future__ import annotations

import asyncio

import httpx
from conftest import BuildPages

from bridge.assets import PUBLIC_CACHE


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
    assert robots.headers["cache-control"] == PUBLIC_CACHE
    assert robots.headers["content-type"].startswith("text/plain")
    assert logo.status_code == 200 and logo.headers["content-type"].startswith("image/svg+xml")
    assert dotted.status_code == 200  # httpx normalises the path: it asks for /robots.txt
    assert missing.status_code == 404 and "<!DOCTYPE html>" in missing.text  # the 404 page, not a file
    assert home.status_code == 200 and "home" in home.text
    assert post.status_code == 404  # no page, no inner app: public files answer GET and HEAD only
