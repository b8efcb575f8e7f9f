"""examples/django_app through Django's real stacks, WSGI and ASGI, with BridgeMiddleware after
AuthenticationMiddleware.

Django can be configured only once per process, so every Django test lives in this module, which configures
it once from the example's own settings module (with the database moved to a temp folder).
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import os
import re
import sys
from collections.abc import AsyncIterator, Iterator
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

import django
import httpx
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from werkzeug.exceptions import NotFound
from werkzeug.middleware.dispatcher import DispatcherMiddleware
from werkzeug.test import Client as WerkzeugClient

from .conftest import BuildExample
from .support import asset_urls, link_hrefs, page_data

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(scope="module", autouse=True)
def site(example: BuildExample, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Django configured from the example's settings, migrated, with one user: ada / lovelace."""
    if settings.configured:
        pytest.fail("Django's settings were configured before this module ran: keep Django tests here")
    folder = example("django_app")
    sys.path.insert(0, str(folder))
    saved = os.environ.get("DJANGO_SETTINGS_MODULE")
    try:
        example_settings = importlib.import_module("mysite.settings")
        values = {name: getattr(example_settings, name) for name in dir(example_settings) if name.isupper()}
        values["DATABASES"] = {
            "default": {**values["DATABASES"]["default"], "NAME": str(tmp_path_factory.mktemp("db") / "db.sqlite3")}
        }
        settings.configure(**values)
        django.setup()
        call_command("migrate", verbosity=0)
        from django.contrib.auth.models import User

        User.objects.create_user("ada", password="lovelace")
        yield folder
    finally:
        sys.path.remove(str(folder))
        if saved is None:
            os.environ.pop("DJANGO_SETTINGS_MODULE", None)  # set by mysite.wsgi / mysite.asgi on import
        _close_bridge_middleware()


@contextlib.contextmanager
def _closing_new_bridges() -> Iterator[None]:
    """Closes the BridgeMiddleware instances made inside the block (by a handler of the test's own)."""
    from bridge.adapters.django import BridgeMiddleware

    before = {id(item) for item in gc.get_objects() if type(item) is BridgeMiddleware}
    try:
        yield
    finally:
        for item in gc.get_objects():
            if type(item) is BridgeMiddleware and id(item) not in before:
                item.bridge.close()


def _close_bridge_middleware() -> None:
    from bridge.adapters.django import BridgeMiddleware

    for item in gc.get_objects():
        if type(item) is BridgeMiddleware:  # not isinstance: that would evaluate lazy objects
            item.bridge.close()


@pytest.fixture(scope="module")
def client_handler() -> Iterator[Client]:
    yield Client(enforce_csrf_checks=True)  # one handler (so one bridge) for the module


@pytest.fixture
def client(client_handler: Client) -> Client:
    """Django's test Client (WSGI), enforcing CSRF checks, with no cookies from an earlier test."""
    client_handler.cookies = SimpleCookie()
    return client_handler


@pytest.fixture(scope="module")
def wsgi_application() -> Any:
    return importlib.import_module("mysite.wsgi").application


@pytest.fixture(scope="module")
def asgi_application() -> Any:
    return importlib.import_module("mysite.asgi").application


def sign_in(client: Client, prefix: str = "") -> None:
    page = client.get(f"{prefix}/")
    token = CSRF_INPUT.search(page.content.decode())
    assert token is not None
    response = client.post(
        f"{prefix}/login",
        {"username": "ada", "password": "lovelace", "csrfmiddlewaretoken": token.group(1), "next": f"{prefix}/"},
    )
    assert response.status_code == 302
    assert response.headers["location"] == f"{prefix}/"


def test_props_see_request_user_and_the_csrf_token_works(client: Client) -> None:
    anonymous = client.get("/")
    assert anonymous.status_code == 200
    html = anonymous.content.decode()
    props = page_data(html)["props"]
    assert props["user"] is None
    assert props["csrfToken"]
    assert "csrftoken" in anonymous.cookies  # set by Django's CSRF middleware on bridge's response
    assert 'action="/login"' in html

    sign_in(client)  # the form's token, from props, passes Django's CSRF check
    home = client.get("/")
    assert page_data(home.content.decode())["props"]["user"] == "ada"
    assert "<h1>Hello, ada</h1>" in home.content.decode()
    account = client.get("/account")
    props = page_data(account.content.decode())["props"]
    assert props["user"] == "ada"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT.*", props["joined"])  # a datetime, serialised
    assert client.get("/api/whoami").json() == {"user": "ada"}


def test_redirect_and_data_route(client: Client) -> None:
    redirect = client.get("/account")
    assert redirect.status_code == 307
    assert redirect.headers["location"] == "/"
    sign_in(client)
    build_id = page_data(client.get("/about").content.decode())["build_id"]
    data = client.get(f"/account?_bridge_data={build_id}")
    assert data.status_code == 200
    assert data.headers["content-type"] == "application/json"
    assert data.json()["props"]["user"] == "ada"


def test_the_apps_own_views_are_untouched(client: Client) -> None:
    assert client.get("/api/whoami").json() == {"user": None}
    note = client.post("/api/notes", '{"text": "hi"}', content_type="application/json")
    assert note.status_code == 201
    assert note.json() == {"text": "hi", "by": None}
    assert client.get("/login").status_code == 405  # the view's own require_POST
    assert client.post("/login", {"username": "ada"}).status_code == 403  # Django's CSRF check, still there
    assert client.post("/about").status_code == 404  # a POST on a page route: Django's URLconf has none
    missing = client.get("/no/such/page")
    assert missing.status_code == 404
    assert b"__BRIDGE_DATA__" not in missing.content


def test_a_page_action_is_checked_by_djangos_csrf_middleware(client: Client) -> None:
    page = client.get("/notes")
    html = page.content.decode()
    data = page_data(html)
    assert data["csrf"]["field"] == "csrfmiddlewaretoken"  # <Form> renders Django's field and token
    token = CSRF_INPUT.search(html)
    assert token is not None and token.group(1) == data["csrf"]["token"]
    assert 'name="csrf_token"' not in html and "bridge_csrf" not in page.cookies  # not bridge's own scheme
    assert "csrftoken" in page.cookies

    right = token.group(1)
    refusals = [
        (client.post("/notes", {"text": "no token"}), "CSRF token missing."),
        (client.post("/notes", {"text": "wrong", "csrfmiddlewaretoken": "x" * 64}), "CSRF token from POST incorrect."),
        (
            client.post("/notes", {"text": "elsewhere", "csrfmiddlewaretoken": right}, HTTP_ORIGIN="http://evil.test"),
            "Origin checking failed - http://evil.test does not match any trusted origins.",
        ),
    ]
    for refused, reason in refusals:  # Django's reasons
        assert (refused.status_code, refused.content.decode()) == (403, f"403 Forbidden: {reason}")
    assert page_data(client.get("/notes").content.decode())["props"]["notes"] == []

    saved = client.post("/notes", {"text": "hello", "csrfmiddlewaretoken": right})
    assert saved.status_code == 303
    assert saved.headers["location"] == "/notes"
    assert "<li>hello</li>" in client.get("/notes").content.decode()  # kept in Django's session

    invalid = client.post("/notes", {"text": "  ", "csrfmiddlewaretoken": right})
    assert invalid.status_code == 422
    props = page_data(invalid.content.decode())["props"]
    assert props["errors"] == {"text": "Write something first."} and props["values"]["text"] == "  "
    assert props["notes"] == ["hello"]

    # with JavaScript, <Form> posts the same fields to the data route (the header works too, as for Django views)
    url = f"/notes?_bridge_data={data['build_id']}"
    fetched = client.post(url, {"text": "fetched"}, headers={"X-CSRFToken": right})
    assert fetched.status_code == 200
    assert fetched.json() == {"redirect": {"destination": "/notes", "status_code": 303}}
    assert client.post(url, {"text": "refused"}).json() == {"error": "CSRF token missing."}
    assert page_data(client.get("/notes").content.decode())["props"]["notes"] == ["hello", "fetched"]


def test_the_csrf_route_gives_a_first_visitor_djangos_token_and_cookie(client: Client) -> None:
    # what <Form> fetches when submitted on a page cached publicly, whose data holds no token
    answer = client.get("/_bridge/csrf")
    assert answer.status_code == 200 and answer.headers["cache-control"] == "private, no-store"
    assert answer.json()["field"] == "csrfmiddlewaretoken"
    assert "csrftoken" in answer.cookies  # set by Django's CSRF middleware
    saved = client.post("/notes", {"text": "token fetched", "csrfmiddlewaretoken": answer.json()["token"]})
    assert saved.status_code == 303


def test_head_on_a_page(client: Client) -> None:
    response = client.head("/about")
    assert response.status_code == 200
    assert int(response.headers["content-length"]) > 1000
    assert response.content == b""


def test_wsgi_under_script_name(wsgi_application: Any) -> None:
    client = WerkzeugClient(DispatcherMiddleware(NotFound(), {"/app": wsgi_application}))
    page = client.get("/app/")
    assert page.status_code == 200
    urls = asset_urls(page.text)
    assert urls
    assert all(url.startswith("/app/_bridge/static/") for url in urls)
    assert client.get(urls[0]).status_code == 200
    assert {"/app/account", "/app/about", "/app/api/whoami"} <= set(link_hrefs(page.text))
    assert 'action="/app/login"' in page.text
    data = page_data(page.text)
    assert data["base"] == "/app"
    json = client.get(f"/app/about?_bridge_data={data['build_id']}")
    assert json.status_code == 200
    assert json.json["base"] == "/app"
    redirect = client.get("/app/account")
    assert redirect.status_code == 307
    assert redirect.headers["location"] == "/app/"
    assert client.get("/app/api/whoami").json == {"user": None}
    assert client.get("/about").status_code == 404


@pytest.fixture
async def asgi_client(asgi_application: Any) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=asgi_application)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


@pytest.mark.anyio
async def test_asgi(asgi_client: httpx.AsyncClient) -> None:
    page = await asgi_client.get("/")
    assert page.status_code == 200
    token = page_data(page.text)["props"]["csrfToken"]
    login = await asgi_client.post(
        "/login", data={"username": "ada", "password": "lovelace", "csrfmiddlewaretoken": token, "next": "/"}
    )
    assert login.status_code == 302
    home = await asgi_client.get("/")
    assert page_data(home.text)["props"]["user"] == "ada"
    build_id = page_data(home.text)["build_id"]
    data = await asgi_client.get(f"/account?_bridge_data={build_id}")
    assert data.json()["props"]["user"] == "ada"
    assert (await asgi_client.get("/api/whoami")).json() == {"user": "ada"}
    note = await asgi_client.post("/api/notes", json={"text": "hi"})
    assert note.status_code == 201
    assert note.json() == {"text": "hi", "by": "ada"}
    # a page action, under ASGI: Django's CSRF check, then the action, which writes to Django's session
    notes = await asgi_client.get("/notes")
    token = page_data(notes.text)["csrf"]["token"]
    assert (await asgi_client.post("/notes", data={"text": "via asgi"})).status_code == 403
    saved = await asgi_client.post("/notes", data={"text": "via asgi", "csrfmiddlewaretoken": token})
    assert saved.status_code == 303
    assert page_data((await asgi_client.get("/notes")).text)["props"]["notes"] == ["via asgi"]


@pytest.mark.anyio
async def test_asgi_under_root_path(asgi_application: Any) -> None:
    transport = httpx.ASGITransport(app=asgi_application, root_path="/app")
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        page = await client.get("/app/")
        assert page.status_code == 200
        assert all(url.startswith("/app/_bridge/static/") for url in asset_urls(page.text))
        assert page_data(page.text)["base"] == "/app"
        redirect = await client.get("/app/account")
        assert redirect.status_code == 307
        assert redirect.headers["location"] == "/app/"
        build_id = page_data(page.text)["build_id"]
        assert (await client.get(f"/app/?_bridge_data={build_id}")).status_code == 200
        assert (await client.get("/app/api/whoami")).json() == {"user": None}


def test_bad_bridge_settings_fail_when_django_loads_the_middleware(tmp_path: Path) -> None:
    from django.http import HttpResponse
    from django.test import override_settings

    from bridge import ConfigError
    from bridge.adapters.django import BridgeMiddleware

    def view(request: object) -> HttpResponse:
        return HttpResponse()

    with override_settings(BRIDGE={"pages": "does/not/exist"}), pytest.raises(ConfigError, match="does/not/exist"):
        BridgeMiddleware(view)
    (tmp_path / "pages").mkdir()
    with (
        override_settings(BRIDGE={"pages": tmp_path / "pages"}),
        pytest.raises(ConfigError, match="run `bridge build`"),
    ):
        BridgeMiddleware(view)


HEADERS_PY = """
def get_server_side_props(context):
    context.response.set_cookie("theme", "dark")
    context.response.delete_cookie("theme", path="/old")  # the same name on another path: both must go out
    context.response.headers.append("link", "</a.css>; rel=preload; as=style")
    context.response.headers.append("link", "</b.css>; rel=preload; as=style")
    return {"props": {}}
"""


def _serve_once(pages: Path, path: str, **bridge: object) -> tuple[str, list[tuple[str, str]], bytes]:
    """GET ``path`` through Django's WSGI stack, its middleware loaded afresh with ``BRIDGE`` set to ``pages``:
    status, headers and body."""
    from django.core.handlers.wsgi import WSGIHandler
    from django.test import override_settings
    from werkzeug.test import EnvironBuilder

    sent: list[tuple[str, list[tuple[str, str]]]] = []
    with override_settings(BRIDGE={"pages": pages, **bridge}), _closing_new_bridges():
        handler = WSGIHandler()
        body = b"".join(handler(EnvironBuilder(path=path).get_environ(), lambda *answer: sent.append(answer)))
    [(status, headers)] = sent
    return status, headers, body


def test_repeated_headers_and_cookies_all_reach_the_client(tmp_path: Path) -> None:
    from bridge.build.bundler import build

    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "headers.py").write_text(HEADERS_PY)
    (pages / "headers.jsx").write_text("export default () => <p>headers</p>;")
    build(pages, tmp_path / ".bridge")
    _, sent, body = _serve_once(pages, "/headers")
    assert b"<p>headers</p>" in body
    cookies = [value.strip() for key, value in sent if key == "Set-Cookie" and value.strip().startswith("theme=")]
    assert cookies == ["theme=dark; Path=/; SameSite=lax", 'theme=""; Max-Age=0; Path=/old; SameSite=lax']
    assert dict(sent)["link"] == "</a.css>; rel=preload; as=style, </b.css>; rel=preload; as=style"


@pytest.mark.parametrize("raise_errors", [False, True])
def test_a_failing_page_reaches_djangos_error_reporting(tmp_path: Path, raise_errors: bool) -> None:
    from django.core.signals import got_request_exception

    from bridge.build.bundler import build

    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "boom.py").write_text("def get_server_side_props(context):\n    raise ValueError('the page broke')\n")
    (pages / "boom.jsx").write_text("export default () => <p>never</p>;")
    build(pages, tmp_path / ".bridge")
    seen: list[tuple[BaseException | None, object]] = []

    def tracker(sender: object, request: object = None, **kwargs: object) -> None:  # as Sentry's receiver reads it
        seen.append((sys.exc_info()[1], request))

    got_request_exception.connect(tracker)
    try:
        status, _, body = _serve_once(pages, "/boom", raise_errors=raise_errors)
    finally:
        got_request_exception.disconnect(tracker)
    assert status.startswith("500")
    assert [str(exc) for exc, _ in seen] == ["the page broke"]  # once, raised or not
    assert type(seen[0][1]).__name__ == "WSGIRequest"
    # raise_errors: Django's handler500 answers (its default page); else bridge's own 500 page
    assert (b"<h1>Server Error (500)</h1>" in body) == raise_errors


@pytest.mark.anyio
async def test_props_see_the_scheme_under_asgi(asgi_application: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    # Under ASGI, Django's META has no wsgi.url_scheme: the request that props get must still say https.
    from starlette.requests import Request

    seen: list[str] = []

    def request(scope: dict[str, Any], receive: Any) -> Request:
        seen.append(str(Request(scope).url))
        return Request(scope, receive)

    monkeypatch.setattr("bridge.adapters.django.Request", request)
    transport = httpx.ASGITransport(app=asgi_application)
    async with httpx.AsyncClient(transport=transport, base_url="https://testserver") as client:
        assert (await client.get("/about?x=1")).status_code == 200
    assert seen == ["https://testserver/about?x=1"]
