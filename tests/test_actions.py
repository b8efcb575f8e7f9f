"""Page actions (post/put/patch/delete in a page's .py): results, CSRF, bodies, through the ASGI stack."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator

import httpx
import orjson
import pytest
from conftest import BuildPages, BuiltApp

from bridge import Bridge

NOTES = """
import threading

NOTES: list[str] = []
LOCK = threading.Lock()


def get_server_side_props(context):
    return {"props": {"notes": list(NOTES)}}


def post(context):
    form = context.form()
    text = form.get("text", "").strip()
    if not text:
        return {"errors": {"text": "Write something"}}
    if text == "boom":
        raise ValueError("boom")
    with LOCK:
        NOTES.append(text)
    return {"redirect": {"destination": "/notes"}}


async def delete(context):
    NOTES.clear()
    return {"props": {"notes": [], "cleared": True}}


def put(context):
    data = context.json()
    NOTES[:] = data["notes"]
    return {"redirect": {"destination": "/notes", "status_code": 302}}
"""

PAGE = """
import { Form } from "bridge/form";
export default function Notes({ notes, errors, values, cleared }) {
  return (
    <Form method="post">
      <title>Notes</title>
      <ul>{notes.map((n) => <li key={n}>{n}</li>)}</ul>
      <input name="text" defaultValue={values?.text ?? ""} />
      {errors?.text && <p className="error">{errors.text}</p>}
      {cleared && <p>cleared</p>}
      <button>Add</button>
    </Form>
  );
}
"""


@pytest.fixture(scope="module")
def notes_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Bridge]:
    build_pages: BuildPages = _builder(tmp_path_factory)
    app = build_pages({"notes.jsx": PAGE, "notes.py": NOTES, "plain.jsx": "export default () => <p>plain</p>;"})
    bridge = app.bridge(max_body_bytes=2000)
    yield bridge
    bridge.close()


def _builder(factory: pytest.TempPathFactory) -> BuildPages:
    from bridge.build.bundler import build

    def make(files: dict[str, str]) -> BuiltApp:
        root = factory.mktemp("notes")
        for name, source in files.items():
            (root / "pages").mkdir(exist_ok=True)
            (root / "pages" / name).write_text(source)
        build(root / "pages", root / ".bridge")
        return BuiltApp(root / "pages", root / ".bridge")

    return make


def _run(app: Bridge, *requests: tuple[str, str, dict[str, object]]) -> list[httpx.Response]:
    async def go() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            responses = []
            for method, path, options in requests:
                responses.append(await client.request(method, path, **options))  # type: ignore[arg-type]
            return responses

    return asyncio.run(go())


def _token(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "the form carries no CSRF token"
    return found.group(1)


def _session(app: Bridge) -> tuple[str, dict[str, str]]:
    [page] = _run(app, ("GET", "/notes", {}))
    token = _token(page.text)
    cookie = page.headers["set-cookie"].split(";")[0]
    assert cookie == f"bridge_csrf={token}"
    return token, {"cookie": cookie}


def test_a_valid_post_redirects_with_303(notes_app: Bridge) -> None:
    token, headers = _session(notes_app)
    [response] = _run(
        notes_app, ("POST", "/notes", {"data": {"text": "hello", "csrf_token": token}, "headers": headers})
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/notes"
    [page] = _run(notes_app, ("GET", "/notes", {"headers": headers}))
    assert "<li>hello</li>" in page.text


def test_validation_errors_render_the_page_with_422_and_the_typed_values(notes_app: Bridge) -> None:
    token, headers = _session(notes_app)
    data = {"text": "  ", "csrf_token": token}
    [response] = _run(notes_app, ("POST", "/notes", {"data": data, "headers": headers}))
    assert response.status_code == 422
    assert '<p class="error">Write something</p>' in response.text
    assert '"errors":{"text":"Write something"}' in response.text
    assert '"values":{"text":"  "}' in response.text  # (never the token it was sent with)


def test_the_data_route_answers_actions_in_json(notes_app: Bridge) -> None:
    token, headers = _session(notes_app)
    build_id = notes_app.handler.manifest.build_id
    url = f"/notes?_bridge_data={build_id}"
    ok, invalid = _run(
        notes_app,
        ("POST", url, {"data": {"text": "via fetch", "csrf_token": token}, "headers": headers}),
        ("POST", url, {"data": {"text": "", "csrf_token": token}, "headers": headers}),
    )
    assert ok.status_code == 200 and orjson.loads(ok.content) == {
        "redirect": {"destination": "/notes", "status_code": 303}
    }
    assert invalid.status_code == 422
    body = orjson.loads(invalid.content)
    assert body["page"] == "notes" and body["props"]["errors"] == {"text": "Write something"}


@pytest.mark.parametrize(
    ("token", "extra", "reason"),
    [
        (None, {}, "CSRF token is missing or wrong"),
        ("wrong" * 10, {}, "CSRF token is missing or wrong"),
        ("RIGHT", {"origin": "https://evil.example"}, "another origin"),
        ("RIGHT", {"sec-fetch-site": "cross-site"}, "another site"),
    ],
)
def test_csrf_failures_are_refused_with_403_and_nothing_written(
    notes_app: Bridge, token: str | None, extra: dict[str, str], reason: str
) -> None:
    right, headers = _session(notes_app)
    data = {"text": "should not be saved"}
    if token is not None:
        data["csrf_token"] = right if token == "RIGHT" else token
    response, page = _run(
        notes_app,
        ("POST", "/notes", {"data": data, "headers": {**headers, **extra}}),
        ("GET", "/notes", {"headers": headers}),
    )
    assert response.status_code == 403
    assert reason in response.text
    assert "should not be saved" not in page.text


@pytest.mark.parametrize("where", ["field", "header"])
def test_a_non_ascii_token_is_refused_with_403_not_a_crash(notes_app: Bridge, where: str) -> None:
    _, headers = _session(notes_app)
    token = "é" * 43
    if where == "field":
        options = {"data": {"text": "x", "csrf_token": token}, "headers": headers}
    else:
        options = {"data": {"text": "x"}, "headers": {**headers, "x-csrf-token": token.encode()}}
    [response] = _run(notes_app, ("POST", "/notes", options))
    assert response.status_code == 403
    assert "CSRF token is missing or wrong" in response.text


def test_the_token_can_come_in_a_header_for_json_submissions(notes_app: Bridge) -> None:
    token, headers = _session(notes_app)
    body = {"json": {"notes": ["a", "b"]}, "headers": {**headers, "x-csrf-token": token}}
    response, page = _run(notes_app, ("PUT", "/notes", body), ("GET", "/notes", {"headers": headers}))
    assert response.status_code == 302
    assert "<li>a</li><li>b</li>" in page.text


def test_method_override_lets_a_plain_form_delete(notes_app: Bridge) -> None:
    token, headers = _session(notes_app)
    data = {"_method": "DELETE", "csrf_token": token}
    [response] = _run(notes_app, ("POST", "/notes", {"data": data, "headers": headers}))
    assert response.status_code == 200 and "<p>cleared</p>" in response.text


def test_bad_bodies(notes_app: Bridge) -> None:
    token, headers = _session(notes_app)
    big = {"data": {"text": "x" * 5000, "csrf_token": token}, "headers": headers}
    broken = {
        "content": b"{not json",
        "headers": {**headers, "content-type": "application/json", "x-csrf-token": token},
    }
    too_large, malformed = _run(notes_app, ("POST", "/notes", big), ("PUT", "/notes", broken))
    assert too_large.status_code == 413 and "limit is 2000" in too_large.text
    assert malformed.status_code == 400 and "not valid JSON" in malformed.text


def test_an_exception_in_an_action_gives_the_500_page(notes_app: Bridge) -> None:
    token, headers = _session(notes_app)
    [response] = _run(
        notes_app, ("POST", "/notes", {"data": {"text": "boom", "csrf_token": token}, "headers": headers})
    )
    assert response.status_code == 500
    assert "boom" not in response.text


def test_methods_without_a_handler_get_405_with_allow(notes_app: Bridge) -> None:
    patch, plain = _run(notes_app, ("PATCH", "/notes", {}), ("POST", "/plain", {}))
    assert patch.status_code == 405 and patch.headers["allow"] == "GET, HEAD, DELETE, POST, PUT"
    assert plain.status_code == 405 and plain.headers["allow"] == "GET, HEAD"


def test_a_route_of_the_wrapped_app_can_reuse_bridges_csrf_check(notes_app: Bridge) -> None:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route

    from bridge.csrf import BridgeCsrf

    async def api(request: Request) -> PlainTextResponse:
        form = await request.form()
        reason = BridgeCsrf().check(request, form)
        if reason is not None:
            return PlainTextResponse(reason, status_code=403)
        return PlainTextResponse(f"saved {form['text']}", status_code=201)

    async def anything(request: Request) -> PlainTextResponse:
        return PlainTextResponse(f"the app's {request.method}")

    inner = Starlette(routes=[Route("/api/notes", api, methods=["POST"]), Route("/notes", anything, methods=["PATCH"])])
    settings = notes_app.handler.settings
    app = Bridge(inner, pages=settings.pages, build_dir=settings.build_dir)
    try:
        [page] = _run(app, ("GET", "/notes", {}))
        token, cookie = _token(page.text), {"cookie": page.headers["set-cookie"].split(";")[0]}
        refused, foreign, saved, action, patch = _run(
            app,
            ("POST", "/api/notes", {"data": {"text": "hi"}, "headers": cookie}),
            (
                "POST",
                "/api/notes",
                {"data": {"text": "hi", "csrf_token": token}, "headers": {**cookie, "origin": "https://evil.example"}},
            ),
            ("POST", "/api/notes", {"data": {"text": "hi", "csrf_token": token}, "headers": cookie}),
            ("POST", "/notes", {"data": {"text": "from the page", "csrf_token": token}, "headers": cookie}),
            ("PATCH", "/notes", {}),  # the page has no patch action: the app's
        )
    finally:
        app.close()
    assert (refused.status_code, refused.text) == (
        403,
        "the CSRF token is missing or wrong: reload the page and submit again",
    )
    assert foreign.status_code == 403 and "another origin" in foreign.text
    assert (saved.status_code, saved.text) == (201, "saved hi")
    assert action.status_code == 303  # the page's own action, answered by bridge
    assert patch.text == "the app's PATCH"


def test_values_keep_every_value_of_a_repeated_name() -> None:
    from io import BytesIO

    from starlette.datastructures import FormData, UploadFile

    from bridge.props.body import Body

    upload = UploadFile(BytesIO(b"x"), filename="x.txt")
    form = FormData([("tags", "a"), ("title", "T"), ("tags", "b"), ("tags", "c"), ("file", upload)])
    assert Body(form=form).values() == {"tags": ["a", "b", "c"], "title": "T"}  # uploads are not refilled
    assert Body(json={"a": 1}).values() == {"a": 1}
    assert Body(json=[1]).values() == {} == Body().values()


def test_the_default_body_limit_is_one_mebibyte(notes_app: Bridge) -> None:
    settings = notes_app.handler.settings
    default = Bridge(pages=settings.pages, build_dir=settings.build_dir)
    try:
        token, headers = _session(default)
        body = {"text": "x" * (1024 * 1024), "csrf_token": token}
        [response] = _run(default, ("POST", "/notes", {"data": body, "headers": headers}))
    finally:
        default.close()
    assert response.status_code == 413, f"a body over 1 MiB was answered {response.status_code}"
    assert "limit is 1048576" in response.text


def test_empty_fields_count_toward_the_field_limit(notes_app: Bridge) -> None:
    token, headers = _session(notes_app)
    content = f"csrf_token={token}&text=empties".encode() + b"&" * 1000
    form = {**headers, "content-type": "application/x-www-form-urlencoded"}
    response, page = _run(
        notes_app, ("POST", "/notes", {"content": content, "headers": form}), ("GET", "/notes", {"headers": headers})
    )
    assert response.status_code == 400, f"1002 fields (1000 empty) were answered {response.status_code}"
    assert "more than 1000 fields" in response.text
    assert "empties" not in page.text


@pytest.mark.parametrize(
    "headers",
    [
        [(b"sec-fetch-site", b"cross-site")],  # another site
        [],  # no token cookie: no token can be right
        [(b"cookie", b"bridge_csrf=" + b"a" * 43), (b"x-csrf-token", b"b" * 43)],  # a wrong token in the header
    ],
)
def test_a_request_the_headers_condemn_is_refused_before_its_body_is_read(
    notes_app: Bridge, headers: list[tuple[bytes, bytes]]
) -> None:
    """The body never comes: the 403 must not wait for it (nor parse megabytes of it first)."""
    body_read = asyncio.Event()
    sent: list[dict[str, object]] = []

    async def receive() -> dict[str, object]:
        body_read.set()
        await asyncio.sleep(3600)
        raise AssertionError("unreachable")

    async def send(message: dict[str, object]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/notes",
        "raw_path": b"/notes",
        "root_path": "",
        "query_string": b"",
        "headers": [
            (b"host", b"testserver"),
            (b"content-type", b"application/x-www-form-urlencoded"),
            (b"content-length", b"1000"),
            *headers,
        ],
        "server": ("testserver", 80),
        "client": ("127.0.0.1", 1234),
    }

    async def go() -> None:
        await asyncio.wait_for(notes_app(scope, receive, send), 5)

    try:
        asyncio.run(go())
    except TimeoutError:
        pytest.fail("the request was not refused before its body was read")
    assert sent[0]["status"] == 403
    assert not body_read.is_set()


EDIT = """
from dataclasses import dataclass


@dataclass
class Book:
    title: str


def get_server_side_props(context):
    return {"props": Book(title="Dune")}


def put(context):
    return {"errors": {"title": "Too short"}}
"""

EDIT_PAGE = """
import { Form } from "bridge/form";
export default function Edit({ title, errors, values }) {
  return (
    <Form method="put">
      <p>{title}</p>
      <input name="title" defaultValue={values?.title ?? title} />
      {errors?.title && <em>{errors.title}</em>}
    </Form>
  );
}
"""


@pytest.fixture(scope="module")
def edit_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Bridge]:
    app = _builder(tmp_path_factory)({"edit.jsx": EDIT_PAGE, "edit.py": EDIT})
    bridge = app.bridge()
    yield bridge
    bridge.close()


def test_errors_on_a_page_with_dataclass_props_render_it_with_its_props(edit_app: Bridge) -> None:
    [page] = _run(edit_app, ("GET", "/edit", {}))
    data = {"_method": "PUT", "title": "X", "csrf_token": _token(page.text)}
    headers = {"cookie": page.headers["set-cookie"].split(";")[0]}
    [response] = _run(edit_app, ("POST", "/edit", {"data": data, "headers": headers}))
    assert response.status_code == 422
    assert "<p>Dune</p>" in response.text and "<em>Too short</em>" in response.text
    assert 'value="X"' in response.text  # what the user typed, kept


def test_a_post_to_a_page_whose_only_action_is_put_gets_405(edit_app: Bridge) -> None:
    [page] = _run(edit_app, ("GET", "/edit", {}))
    data = {"title": "X", "csrf_token": _token(page.text)}  # no _method=PUT: a POST the page cannot answer
    headers = {"cookie": page.headers["set-cookie"].split(";")[0]}
    [response] = _run(edit_app, ("POST", "/edit", {"data": data, "headers": headers}))
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, HEAD, PUT"
