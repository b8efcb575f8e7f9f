"""examples/starlette_app through Starlette's real stack: Bridge as a middleware inside the session and auth
middleware, and Bridge mounted under /app."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from types import ModuleType

import httpx
import pytest
from starlette.applications import Starlette

from .conftest import BuildExample
from .support import asset_urls, close_bridges, link_hrefs, load_module, page_data

pytestmark = pytest.mark.anyio


@pytest.fixture(scope="module")
def module(example: BuildExample) -> ModuleType:
    return load_module(example("starlette_app") / "app.py", "example_starlette_app")


@pytest.fixture(scope="module")
def app(module: ModuleType) -> Iterator[Starlette]:
    app: Starlette = module.app
    yield app
    close_bridges(app)


@pytest.fixture(scope="module")
def mounted(module: ModuleType) -> Iterator[Starlette]:
    app: Starlette = module.mounted()
    yield app
    close_bridges(app)


@pytest.fixture
async def client(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as client:
        yield client


@pytest.fixture
async def mounted_client(mounted: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=mounted), base_url="http://testserver") as client:
        yield client


async def token(client: httpx.AsyncClient, path: str = "/") -> str:
    """The CSRF token of the page at ``path`` (its cookie now in the client's jar)."""
    return str(page_data((await client.get(path)).text)["csrf"]["token"])


async def test_page_props_see_the_auth_user_and_the_session(client: httpx.AsyncClient) -> None:
    anonymous = await client.get("/")
    assert anonymous.status_code == 200
    assert "Hello, stranger" in anonymous.text
    assert page_data(anonymous.text)["props"] == {"user": None, "flash": None}

    csrf = page_data(anonymous.text)["csrf"]["token"]
    assert f'name="csrf_token" value="{csrf}"' in anonymous.text  # the login form carries the token
    signed_in = await client.post("/login", data={"name": "ada", "next": "/", "csrf_token": csrf})
    assert signed_in.status_code == 303
    assert signed_in.headers["location"] == "/"

    home = await client.get("/")
    assert page_data(home.text)["props"] == {"user": "ada", "flash": "Signed in as ada."}
    assert "<h1>Hello, ada</h1>" in home.text
    # The page popped the message from the session: SessionMiddleware wrote the change into the cookie.
    again = await client.get("/")
    assert page_data(again.text)["props"] == {"user": "ada", "flash": None}


async def test_a_prefetch_leaves_the_one_time_message_for_the_visit(client: httpx.AsyncClient) -> None:
    """index.py sets ``prefetch = False``: hovering the link to / no longer pops the flash from the session."""
    await client.post("/login", data={"name": "grace", "csrf_token": await token(client, "/about")})
    build_id = page_data((await client.get("/about")).text)["build_id"]
    prefetch = await client.get(f"/?_bridge_data={build_id}", headers={"Purpose": "prefetch"})
    assert prefetch.status_code == 200
    assert "props" not in prefetch.json()
    visit = await client.get(f"/?_bridge_data={build_id}")
    assert visit.json()["props"] == {"user": "grace", "flash": "Signed in as grace."}


async def test_data_route_runs_props_with_the_session(client: httpx.AsyncClient) -> None:
    await client.post("/login", data={"name": "alan", "csrf_token": await token(client)})
    build_id = page_data((await client.get("/about")).text)["build_id"]
    data = await client.get(f"/account?_bridge_data={build_id}")
    assert data.status_code == 200
    assert data.headers["content-type"] == "application/json"
    assert data.json()["props"]["user"] == "alan"
    assert data.json()["props"]["session"] == {"user": "alan", "flash": "Signed in as alan."}


async def test_redirect_from_props(client: httpx.AsyncClient) -> None:
    response = await client.get("/account")
    assert response.status_code == 307
    assert response.headers["location"] == "/"


async def test_the_apps_own_routes_are_untouched(client: httpx.AsyncClient) -> None:
    whoami = await client.get("/api/whoami")
    assert whoami.json() == {"user": None}
    note = await client.post("/api/notes", json={"text": "hi"}, headers={"x-csrf-token": await token(client)})
    assert note.status_code == 201
    assert note.json()["text"] == "hi"
    static = await client.get("/static/hello.txt")
    assert static.status_code == 200
    assert "StaticFiles" in static.text
    refused = await client.post("/login", data={"csrf_token": await token(client)})
    assert refused.status_code == 400
    assert refused.json() == {"error": "name is required"}


async def test_other_methods_and_unknown_paths_go_to_the_app(client: httpx.AsyncClient) -> None:
    # POST on a page route and an unknown path are the app's to answer: Starlette's plain 404s and 405s.
    post = await client.post("/about")
    assert post.status_code == 404
    assert post.text == "Not Found"
    unknown = await client.get("/no/such/page")
    assert unknown.status_code == 404
    assert unknown.text == "Not Found"
    wrong_method = await client.get("/api/notes")
    assert wrong_method.status_code == 405


async def test_head_on_a_page(client: httpx.AsyncClient) -> None:
    response = await client.head("/about")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert int(response.headers["content-length"]) > 0
    assert response.content == b""


async def test_mounted_under_a_prefix(mounted_client: httpx.AsyncClient) -> None:
    redirect = await mounted_client.get("/app")
    assert redirect.status_code in (307, 308)
    assert redirect.headers["location"].endswith("/app/")
    page = await mounted_client.get("/app/")
    assert page.status_code == 200
    urls = asset_urls(page.text)
    assert urls
    assert all(url.startswith("/app/_bridge/static/") for url in urls)
    data = page_data(page.text)
    assert data["base"] == "/app"
    assets = data["assets"]
    assert {assets["page"], assets["app"], *assets["css"]} <= set(urls)
    assert {"/app/account", "/app/about"} <= set(link_hrefs(page.text))
    assert re.search(r'<input type="hidden" name="next" value="/app/?"/>', page.text)  # router.href(asPath)
    script = await mounted_client.get(urls[-1])
    assert script.status_code == 200
    assert script.headers["content-type"].startswith("text/javascript")
    # Nothing of bridge's at the root any more.
    assert (await mounted_client.get(urls[-1].removeprefix("/app"))).status_code == 404
    assert (await mounted_client.get("/about")).status_code == 404


async def test_mounted_data_route_and_redirects_carry_the_prefix(mounted_client: httpx.AsyncClient) -> None:
    build_id = page_data((await mounted_client.get("/app/about")).text)["build_id"]
    redirect = await mounted_client.get("/app/account")
    assert redirect.status_code == 307
    assert redirect.headers["location"] == "/app/"
    anonymous = await mounted_client.get(f"/app/account?_bridge_data={build_id}")
    assert anonymous.json() == {"redirect": {"destination": "/", "status_code": 307}}  # the client adds the base

    csrf = await token(mounted_client, "/app/")
    login = await mounted_client.post("/login", data={"name": "grace", "next": "/app/", "csrf_token": csrf})
    assert login.headers["location"] == "/app/"
    data = await mounted_client.get(f"/app/?_bridge_data={build_id}")
    assert data.status_code == 200
    assert data.json()["props"] == {"user": "grace", "flash": "Signed in as grace."}
    assert data.json()["base"] == "/app"
    stale = await mounted_client.get("/app/?_bridge_data=0000000000000000")
    assert stale.status_code == 409
    assert (await mounted_client.get("/api/whoami")).json() == {"user": "grace"}


async def test_mounted_without_an_inner_app(mounted_client: httpx.AsyncClient) -> None:
    post = await mounted_client.post("/app/about")
    assert post.status_code == 405
    assert post.headers["allow"] == "GET, HEAD"
    missing = await mounted_client.get("/app/no/such/page")
    assert missing.status_code == 404
    assert "404" in missing.text
    assert missing.headers["content-type"].startswith("text/html")


@pytest.mark.parametrize(
    "headers", [{}, {"origin": "https://evil.example", "sec-fetch-site": "cross-site"}], ids=["no token", "cross-site"]
)
async def test_a_forged_login_is_refused(client: httpx.AsyncClient, headers: dict[str, str]) -> None:
    """Login CSRF: another site's form signing the visitor in to the attacker's account."""
    await client.get("/")  # the visitor has been here: a token cookie
    response = await client.post("/login", data={"name": "mallory", "next": "/"}, headers=headers)
    assert response.status_code == 403, f"a forged login was answered {response.status_code}"
    assert (await client.get("/api/whoami")).json() == {"user": None}


async def test_a_cross_site_text_plain_note_is_refused(client: httpx.AsyncClient) -> None:
    """A form with enctype=text/plain posts JSON-looking text cross-site without a preflight."""
    await client.get("/")
    response = await client.post(
        "/api/notes",
        content=b'{"text": "forged", "x": "="}',
        headers={"content-type": "text/plain", "origin": "https://evil.example", "sec-fetch-site": "cross-site"},
    )
    assert response.status_code in (403, 415), f"a cross-site text/plain note was answered {response.status_code}"
    same_site_without_token = await client.post("/api/notes", json={"text": "forged"})
    assert same_site_without_token.status_code == 403
