"""The document around rendered pages: kept per app, and let go when ``bridge dev`` replaces it."""

from __future__ import annotations

import asyncio
import gc
import weakref

import httpx
from conftest import BuildPages


def test_a_replaced_document_is_freed(build_pages: BuildPages) -> None:
    # bridge dev makes a new Document on each rebuild: the old ones must not pile up.
    app = build_pages({"index.jsx": "export default () => <h1>hi</h1>;"}).bridge(render_threads=1)

    async def get() -> httpx.Response:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as client:
            return await client.get("/")

    try:
        assert asyncio.run(get()).status_code == 200  # the document's per-page parts are computed now
        old = weakref.ref(app.handler.document)
        app.handler.reload_assets()
        assert asyncio.run(get()).status_code == 200
        gc.collect()
        assert old() is None, "the replaced Document is still referenced"
    finally:
        app.close()
