"""An ASGI app for `uvicorn mounted:app`: the fixture app mounted at /app inside a Starlette app, the way
README's "Use it in your app" does it. $BRIDGE_TEST_PAGES names the (built) pages folder."""

from __future__ import annotations

import os

from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Mount, Route

from bridge import Bridge


async def outside(request: object) -> PlainTextResponse:
    return PlainTextResponse("not a bridge page")


app = Starlette(
    routes=[
        Route("/", outside),
        Mount("/app", app=Bridge(pages=os.environ["BRIDGE_TEST_PAGES"])),
    ]
)
