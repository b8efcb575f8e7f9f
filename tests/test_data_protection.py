"""A rule that an app, a middleware or a proxy applies to a page's path applies to the page's data and actions
too (issue 16.2), through Starlette's real stack: the runtime asks for a page's data at the page's own URL,
and no other URL gives a page's props."""

from __future__ import annotations

import json
import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from apps.guarded.app import PathRule, behind_proxy, exactly_admin, under_admin, with_middleware
from conftest import APPS

from bridge.build.bundler import build

pytestmark = pytest.mark.anyio

SECRET = "admin-secret-7c1d"
"""What pages/admin.py gives: nobody but an admin may see it."""
ADMIN = {"x-role": "admin"}


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/apps/guarded/pages, copied and built."""
    root = tmp_path_factory.mktemp("guarded")
    shutil.copytree(APPS / "guarded" / "pages", root / "pages", ignore=shutil.ignore_patterns("__pycache__"))
    build(root / "pages", root / ".bridge")
    return root / "pages"


def build_id(pages: Path) -> str:
    return str(json.loads((pages.parent / ".bridge" / "manifest.json").read_text())["build_id"])


def data_urls(pages: Path, path: str) -> list[str]:
    """The URLs that could answer ``path``'s data: the page's own URL asking for data (what the runtime
    fetches), and the separate data route bridge had before, which must give nothing any more."""
    build = build_id(pages)
    return [f"{path}?_bridge_data={build}", f"{path}?q=1&_bridge_data={build}", f"/_bridge/data/{build}{path}.json"]


@asynccontextmanager
async def client(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        try:
            yield http
        finally:
            from adapters.support import close_bridges

            close_bridges(app)


async def assert_refused(http: httpx.AsyncClient, pages: Path, path: str) -> None:
    """Neither ``path`` nor any URL of its data gives a non-admin the secret."""
    for url in [path, *data_urls(pages, path)]:
        response = await http.get(url)
        assert SECRET not in response.text, f"GET {url} gave a non-admin the protected props"
        assert response.status_code in (401, 404), f"GET {url}: {response.status_code}"


async def assert_admin_gets_data(http: httpx.AsyncClient, pages: Path) -> None:
    """The rule lets an admin through, to the page and to its data at the URL the runtime fetches."""
    page = await http.get("/admin", headers=ADMIN)
    assert page.status_code == 200 and SECRET in page.text
    data = await http.get(data_urls(pages, "/admin")[0], headers=ADMIN)
    assert data.headers["content-type"] == "application/json"
    assert data.json()["props"] == {"secret": SECRET}
    assert data.json()["route"]["asPath"] == "/admin"  # the reserved parameter is bridge's, never the page's


@pytest.mark.parametrize("rule", [exactly_admin, under_admin], ids=["exact", "prefix"])
async def test_a_middleware_rule_on_a_page_path_covers_its_data(pages: Path, rule: PathRule) -> None:
    async with client(with_middleware(pages, rule)) as http:
        await assert_refused(http, pages, "/admin")
        await assert_admin_gets_data(http, pages)


async def test_a_proxy_rule_on_a_path_prefix_covers_data_and_actions(pages: Path) -> None:
    async with client(behind_proxy(pages)) as http:
        await assert_refused(http, pages, "/admin")
        await assert_refused(http, pages, "/admin/users")
        await assert_admin_gets_data(http, pages)
        await http.get("/")
        token = http.cookies["bridge_csrf"]  # the visitor's own, valid CSRF token: only the rule stands in the way
        for url in ["/admin/users", *data_urls(pages, "/admin/users")]:
            response = await http.post(url, data={"name": "mallory", "csrf_token": token})
            assert response.status_code in (401, 404, 405), f"POST {url} ran the action: {response.status_code}"
        users = await http.get(data_urls(pages, "/admin/users")[0], headers=ADMIN)
        assert users.json()["props"] == {"users": ["ada"]}, "a non-admin's POST reached the action"
        added = await http.post(
            data_urls(pages, "/admin/users")[0], data={"name": "grace", "csrf_token": token}, headers=ADMIN
        )
        assert added.json() == {"redirect": {"destination": "/admin/users", "status_code": 303}}
        users = await http.get(data_urls(pages, "/admin/users")[0], headers=ADMIN)
        assert users.json()["props"] == {"users": ["ada", "grace"]}
