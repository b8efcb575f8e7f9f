"""examples/flask_app through the real WSGI stack: BridgeWSGI in front of Flask, under an outer WSGI middleware
(HTTP Basic auth setting REMOTE_USER), at the root and mounted under /app (SCRIPT_NAME)."""

from __future__ import annotations

import http.client
import threading
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest
from werkzeug.serving import make_server
from werkzeug.test import Client, EnvironBuilder

from .conftest import BuildExample
from .support import asset_urls, close_bridges, link_hrefs, load_module, page_data

ADA = ("ada", "lovelace")


@pytest.fixture(scope="module")
def module(example: BuildExample) -> Iterator[ModuleType]:
    module = load_module(example("flask_app") / "app.py", "example_flask_app")
    yield module
    close_bridges(module.app)


@pytest.fixture
def client(module: ModuleType) -> Client:
    return Client(module.app)


@pytest.fixture
def mounted(module: ModuleType) -> Client:
    return Client(module.mounted())


def test_page_props_read_the_environ_of_the_outer_middleware(client: Client) -> None:
    anonymous = client.get("/")
    assert anonymous.status_code == 200
    assert page_data(anonymous.text)["props"]["user"] is None
    assert "Hello, stranger" in anonymous.text

    signed_in = client.get("/", auth=ADA)
    assert page_data(signed_in.text)["props"]["user"] == "ada"
    assert "<h1>Hello, ada</h1>" in signed_in.text
    assert client.get("/", auth=("ada", "wrong")).status_code == 401  # the outer middleware's answer


def test_data_route_and_redirects(client: Client) -> None:
    build_id = page_data(client.get("/about").text)["build_id"]
    data = client.get(f"/account?_bridge_data={build_id}", auth=ADA)
    assert data.status_code == 200
    assert data.json == {**data.json, "page": "account", "props": {"user": "ada"}}
    redirect = client.get("/account")
    assert redirect.status_code == 307
    assert redirect.headers["location"] == "/"


def test_the_apps_own_routes_are_untouched(client: Client) -> None:
    assert client.get("/api/whoami", auth=ADA).json == {"user": "ada"}
    note = client.post("/api/notes", json={"text": "hello"})
    assert note.status_code == 201
    assert note.json == {"id": note.json["id"], "text": "hello"}
    with client.get("/static/hello.txt") as static:  # a file response: close it
        assert static.status_code == 200
        assert static.text.strip() == "a static file served by Flask"
    # POST on a page route and unknown paths are Flask's: its HTML 404 and 405 pages, not bridge's.
    post_on_page = client.post("/about")
    assert post_on_page.status_code == 404
    assert "The requested URL was not found on the server." in post_on_page.text
    assert client.get("/no/such/page").status_code == 404
    assert client.get("/api/notes").status_code == 405


def test_head_on_a_page_sends_headers_only(module: ModuleType) -> None:
    started: list[Any] = []
    environ = EnvironBuilder(path="/about", method="HEAD").get_environ()
    body = b"".join(
        module.app.wsgi_app(environ, lambda status, headers, exc_info=None: started.append((status, headers)))
    )
    status, headers = started[0]
    assert status == "200 OK"
    assert int(dict(headers)["content-length"]) > 1000
    assert body == b""


def test_mounted_under_script_name(mounted: Client) -> None:
    page = mounted.get("/app/")
    assert page.status_code == 200
    urls = asset_urls(page.text)
    assert urls
    assert all(url.startswith("/app/_bridge/static/") for url in urls)
    assert {"/app/account", "/app/about", "/app/api/whoami"} <= set(link_hrefs(page.text))
    assert mounted.get(urls[0]).status_code == 200
    data = page_data(page.text)
    assert data["base"] == "/app"

    json = mounted.get(f"/app/?_bridge_data={data['build_id']}", auth=ADA)
    assert json.status_code == 200
    assert json.json["props"]["user"] == "ada"
    assert json.json["base"] == "/app"
    redirect = mounted.get("/app/account")
    assert redirect.status_code == 307
    assert redirect.headers["location"] == "/app/"
    slash = mounted.get("/app/about/?x=1")
    assert slash.status_code == 308
    assert slash.headers["location"] == "/app/about?x=1"

    assert mounted.get("/app/api/whoami", auth=ADA).json == {"user": "ada"}
    with mounted.get("/app/static/hello.txt") as static:
        assert static.status_code == 200
    assert mounted.get("/").status_code == 404  # outside the mount
    assert mounted.get("/about").status_code == 404


@pytest.fixture
def server(module: ModuleType) -> Iterator[str]:
    """The app mounted under /app in werkzeug's threaded WSGI server, on a free port."""
    httpd = make_server("127.0.0.1", 0, module.mounted(), threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    thread.join(5)


def test_a_real_wsgi_server(server: str) -> None:
    def request(method: str, path: str) -> tuple[http.client.HTTPResponse, bytes]:
        connection = http.client.HTTPConnection(server, timeout=10)
        connection.request(method, path)
        response = connection.getresponse()
        body = response.read()
        connection.close()
        return response, body

    response, body = request("GET", "/app/about")
    assert response.status == 200
    assert b"<h1>About</h1>" in body
    assert page_data(body.decode())["props"] == {}
    _, body = request("GET", "/app/")
    assert page_data(body.decode())["props"]["server"].startswith("Werkzeug/")
    head, body = request("HEAD", "/app/about")
    assert head.status == 200
    assert int(head.headers["content-length"]) > 1000
    assert body == b""
    api, body = request("GET", "/app/api/whoami")
    assert api.status == 200
    assert body == b'{"user":null}\n'
