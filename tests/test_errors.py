"""A failing page reaches the host app's error reporting: the on_error hook (ASGI and WSGI), Flask's
got_request_exception signal and 500 handlers, Starlette's exception handlers. (Django's: test_django.)"""

from __future__ import annotations

import asyncio
import logging
import sys
import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from conftest import BuiltApp, build_app
from flask import Flask, got_request_exception
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from werkzeug.test import Client

from bridge import Bridge
from bridge.adapters.wsgi import BridgeWSGI

PAGES = {
    "boom.py": "def get_server_side_props(context):\n    raise ValueError('the page broke')\n",
    "boom.jsx": "export default () => <p>never</p>;",
    "fine.jsx": "export default () => <p>fine</p>;",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuiltApp:
    return build_app(tmp_path_factory.mktemp("errors"), PAGES)


class Tracker:
    """What an error tracker such as Sentry does: read the exception being handled (``sys.exc_info()``)."""

    def __init__(self) -> None:
        self.seen: list[tuple[BaseException | None, int]] = []

    def __call__(self, *args: Any, **kwargs: Any) -> None:
        self.seen.append((sys.exc_info()[1], threading.get_ident()))

    @property
    def messages(self) -> list[str]:
        return [str(exc) for exc, _ in self.seen]


def _get(app: Any, path: str) -> httpx.Response:
    async def go() -> httpx.Response:
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            return await client.get(path)

    return asyncio.run(go())


def test_on_error_sees_the_exception_under_asgi(built: BuiltApp) -> None:
    tracker = Tracker()
    app = Bridge(pages=built.pages, build_dir=built.build_dir, on_error=tracker)
    try:
        failed = _get(app, "/boom")
        assert failed.status_code == 500  # bridge's 500 page, as before
        assert _get(app, "/fine").status_code == 200
    finally:
        app.close()
    assert tracker.messages == ["the page broke"]


def test_raise_errors_lets_the_host_answer_under_asgi(built: BuiltApp) -> None:
    tracker = Tracker()

    async def host_500(request: Request, exc: Exception) -> Response:
        return PlainTextResponse(f"the host's 500: {exc}", 500)

    middleware = Middleware(Bridge, pages=built.pages, build_dir=built.build_dir, raise_errors=True, on_error=tracker)
    app = Starlette(middleware=[middleware], exception_handlers={500: host_500})
    failed = _get(app, "/boom")
    assert (failed.status_code, failed.text) == (500, "the host's 500: the page broke")
    assert tracker.messages == ["the page broke"]


def test_a_failing_hook_is_logged_and_the_page_still_answers(built: BuiltApp, caplog: pytest.LogCaptureFixture) -> None:
    def broken(request: Request, exc: BaseException) -> None:
        raise RuntimeError("the tracker is down")

    app = Bridge(pages=built.pages, build_dir=built.build_dir, on_error=broken)
    try:
        with caplog.at_level(logging.ERROR, "bridge"):
            assert _get(app, "/boom").status_code == 500
    finally:
        app.close()
    assert any("reporting the error of GET /boom failed" in r.getMessage() for r in caplog.records)


def test_on_error_runs_in_the_wsgi_request_thread(built: BuiltApp) -> None:
    tracker = Tracker()
    app = BridgeWSGI(pages=built.pages, build_dir=built.build_dir, on_error=tracker)
    threads: list[int] = []

    def marking(environ: Any, start_response: Any) -> Any:
        threads.append(threading.get_ident())
        return app(environ, start_response)

    try:
        assert Client(marking).get("/boom").status_code == 500
    finally:
        app.close()
    assert tracker.messages == ["the page broke"]
    assert [thread for _, thread in tracker.seen] == threads


@pytest.fixture
def flask_app(built: BuiltApp, request: pytest.FixtureRequest) -> Iterator[tuple[Flask, Tracker]]:
    app = Flask("host")
    tracker = Tracker()

    @app.errorhandler(500)
    def host_500(error: Exception) -> tuple[str, int]:
        return "the host's 500", 500

    app.wsgi_app = BridgeWSGI(  # type: ignore[method-assign]
        app.wsgi_app, pages=built.pages, build_dir=built.build_dir, raise_errors=request.param
    )
    got_request_exception.connect(tracker, app)
    try:
        yield app, tracker
    finally:
        got_request_exception.disconnect(tracker, app)
        app.wsgi_app.close()  # type: ignore[attr-defined]


@pytest.mark.parametrize("flask_app", [False], indirect=True)
def test_flask_got_request_exception_sees_the_exception(flask_app: tuple[Flask, Tracker]) -> None:
    app, tracker = flask_app
    failed = app.test_client().get("/boom")
    assert failed.status_code == 500
    assert "the host's 500" not in failed.text  # bridge's own 500 page
    assert tracker.messages == ["the page broke"]


@pytest.mark.parametrize("flask_app", [True], indirect=True)
def test_raise_errors_lets_flask_answer_with_its_500_handler(flask_app: tuple[Flask, Tracker]) -> None:
    app, tracker = flask_app
    failed = app.test_client().get("/boom")
    assert (failed.status_code, failed.text) == (500, "the host's 500")
    assert tracker.messages == ["the page broke"]  # once: Flask's own signal
    assert app.test_client().get("/fine").status_code == 200
