"""bridge inside a Starlette app: pages next to the app's own routes, behind its session and auth middleware.

    cd examples/starlette_app
    bridge build                       # compiles pages/ into .bridge/
    uvicorn app:app                    # pages at /, the app's API at /api/...
    uvicorn --factory app:mounted      # the same pages mounted under /app

``Bridge`` is an ASGI middleware here: ``Middleware(Bridge, pages=...)`` listed after (so inside)
``SessionMiddleware`` and ``AuthenticationMiddleware``, so ``scope["session"]`` and ``scope["user"]`` are set
when a page's ``get_server_side_props`` runs. GET and HEAD on page routes are bridge's; every other request
(the API, static files, POSTs) goes on to the app's routes.

The app's own POST routes check requests with bridge's CSRF check (``BridgeCsrf``): the login and logout
forms carry the page's token, and the JSON API wants it in the ``X-CSRF-Token`` header and a JSON body, so
another site can neither sign a visitor in to its own account (login CSRF) nor post a note as them (a
``text/plain`` form needs no preflight).
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qs

from starlette.applications import Starlette
from starlette.authentication import AuthCredentials, AuthenticationBackend, BaseUser, SimpleUser
from starlette.datastructures import FormData
from starlette.middleware import Middleware
from starlette.middleware.authentication import AuthenticationMiddleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import HTTPConnection, Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from bridge import Bridge
from bridge.csrf import BridgeCsrf

HERE = Path(__file__).resolve().parent
PAGES = HERE / "pages"
SECRET_KEY = os.environ.get("EXAMPLE_SECRET_KEY", "not-a-secret: set EXAMPLE_SECRET_KEY")


class SessionAuth(AuthenticationBackend):
    """The signed-in user is the name the login form put into the session."""

    async def authenticate(self, conn: HTTPConnection) -> tuple[AuthCredentials, BaseUser] | None:
        name = conn.session.get("user")
        return (AuthCredentials(["authenticated"]), SimpleUser(name)) if name else None


async def form(request: Request) -> FormData:
    """A url-encoded form body (without python-multipart)."""
    fields = parse_qs((await request.body()).decode())
    return FormData([(key, values[0]) for key, values in fields.items()])


def refused(request: Request, fields: FormData | None) -> Response | None:
    """403 with the reason when the request may be forged (another site, no or a wrong token), else None."""
    reason = BridgeCsrf().check(request, fields)
    return None if reason is None else JSONResponse({"error": reason}, 403)


async def login(request: Request) -> Response:
    fields = await form(request)
    if (refusal := refused(request, fields)) is not None:
        return refusal
    name = str(fields.get("name", "")).strip()
    if not name:
        return JSONResponse({"error": "name is required"}, 400)
    request.session["user"] = name
    request.session["flash"] = f"Signed in as {name}."
    return RedirectResponse(local(str(fields.get("next", "/"))), 303)


async def logout(request: Request) -> Response:
    fields = await form(request)
    if (refusal := refused(request, fields)) is not None:
        return refusal
    request.session.clear()
    return RedirectResponse(local(str(fields.get("next", "/"))), 303)


def local(url: str) -> str:
    """``url`` if it is a path on this site, else ``/``: never redirect elsewhere."""
    return url if url.startswith("/") and not url.startswith("//") and "\\" not in url else "/"


async def whoami(request: Request) -> Response:
    user = request.user.display_name if request.user.is_authenticated else None
    return JSONResponse({"user": user})


NOTES: list[str] = []


async def add_note(request: Request) -> Response:
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        return JSONResponse({"error": "send the note as application/json"}, 415)
    if (refusal := refused(request, None)) is not None:  # the token in the X-CSRF-Token header
        return refusal
    text = str((await request.json()).get("text", ""))
    NOTES.append(text)
    return JSONResponse({"id": len(NOTES), "text": text}, 201)


ROUTES: list[BaseRoute] = [
    Route("/login", login, methods=["POST"]),
    Route("/logout", logout, methods=["POST"]),
    Route("/api/whoami", whoami),
    Route("/api/notes", add_note, methods=["POST"]),
    Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
]


def middleware(*inner: Middleware) -> list[Middleware]:
    """Sessions and authentication outermost, then ``inner``."""
    return [
        Middleware(SessionMiddleware, secret_key=SECRET_KEY),
        Middleware(AuthenticationMiddleware, backend=SessionAuth()),
        *inner,
    ]


# Pages at the root: bridge sits inside the middleware stack, in front of the routes.
app = Starlette(routes=ROUTES, middleware=middleware(Middleware(Bridge, pages=PAGES)))


def mounted() -> Starlette:
    """The same app with the pages under ``/app``: links, assets and data URLs there carry the prefix."""
    return Starlette(routes=[*ROUTES, Mount("/app", app=Bridge(pages=PAGES))], middleware=middleware())
