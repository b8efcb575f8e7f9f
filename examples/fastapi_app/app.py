"""bridge inside a FastAPI app: the app's JSON API and its docs stay FastAPI's, the pages are bridge's.

    cd examples/fastapi_app
    bridge build            # compiles pages/ into .bridge/
    uvicorn app:app         # pages at / and /about, the API at /api/..., FastAPI's docs at /docs

``add_middleware`` puts each new middleware outside the ones added before it, so ``Bridge`` is added first
and ``SessionMiddleware`` after it: the session is then in the request when a page's props run.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from fastapi import FastAPI, Request
from pydantic import BaseModel
from starlette.middleware.sessions import SessionMiddleware
from starlette.staticfiles import StaticFiles

from bridge import Bridge

HERE = Path(__file__).resolve().parent
SECRET_KEY = os.environ.get("EXAMPLE_SECRET_KEY", "not-a-secret: set EXAMPLE_SECRET_KEY")

app = FastAPI(title="bridge in FastAPI")


class Preferences(BaseModel):
    theme: Literal["light", "dark"] = "light"


@app.get("/api/preferences")
async def get_preferences(request: Request) -> Preferences:
    return Preferences(**request.session.get("preferences", {}))


@app.post("/api/preferences")
async def set_preferences(preferences: Preferences, request: Request) -> Preferences:
    request.session["preferences"] = preferences.model_dump()
    return preferences


app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
app.add_middleware(Bridge, pages=HERE / "pages")  # inner: added first
app.add_middleware(SessionMiddleware, secret_key=SECRET_KEY)  # outer: runs before bridge
