"""The browser runtime's own tests (node's test runner) and its size budget."""

from __future__ import annotations

import asyncio
import subprocess

import httpx
from conftest import BuildPages, BuiltApp

from bridge.build.manifest import Manifest
from bridge.build.toolchain import find_node, js_dir

RUNTIME_BUDGET = 5_460
"""Gzipped bytes bridge's browser runtime may take beyond React. It was 5 kB (the runtime 4.4 kB) until
viewport prefetch, the route announcer and focus, partial reloads (+0.65 kB) and stylesheets switched on
before a navigation paints (+0.22 kB) came in: 5.33 kB; then forms on pages cached publicly fetching their
CSRF token (+0.09 kB): 5.42 kB; then code prefetches counted apart from a hover's (+7 B): 5,457 B."""


def _get(app: object, *paths: str) -> list[httpx.Response]:
    async def fetch() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            return [await client.get(path) for path in paths]

    return asyncio.run(fetch())


def test_node_unit_tests_pass() -> None:
    node = find_node()
    tests = sorted(str(path) for path in (js_dir() / "test").glob("*.test.mjs"))
    assert tests, "no JS unit tests found"
    command = [str(node.node), "--test", "--test-reporter=tap", *tests]
    result = subprocess.run(command, capture_output=True, text=True, env=node.env, timeout=300)  # (a hung test)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "\n# fail 0\n" in result.stdout
    assert "\n# pass 0\n" not in result.stdout


def test_runtime_stays_within_its_size_budget(site_app: BuiltApp) -> None:
    size = Manifest.read(site_app.build_dir).runtime_gzip
    assert 1024 < size <= RUNTIME_BUDGET, f"the runtime is {size} bytes gzipped; the budget is {RUNTIME_BUDGET}"


def test_render_fallback_client_serves_the_props_without_markup(build_pages: BuildPages) -> None:
    app = build_pages(
        {
            "broken.jsx": "export default function Broken({ name }) { throw new Error('no ' + name); }",
            "broken.py": "def get_server_side_props(context):\n    return {'props': {'name': 'markup'}}\n",
        }
    )
    bridge = app.bridge(render_fallback="client")
    try:
        [response] = _get(bridge, "/broken")
    finally:
        bridge.close()
    assert response.status_code == 200
    assert '<div id="__bridge"></div>' in response.text
    assert '"props":{"name":"markup"}' in response.text


def test_csp_nonce_on_every_script(build_pages: BuildPages) -> None:
    app = build_pages({"index.jsx": "export default function Home() { return <p>hi</p>; }"})
    bridge = app.bridge(csp="script-src 'nonce-{nonce}' 'strict-dynamic'; object-src 'none'")
    try:
        first, second = _get(bridge, "/", "/")
    finally:
        bridge.close()
    policy = first.headers["content-security-policy"]
    nonce = policy.split("'nonce-")[1].split("'")[0]
    assert len(nonce) >= 16 and nonce != second.headers["content-security-policy"].split("'nonce-")[1].split("'")[0]
    scripts = first.text.count('<script type="module"')
    assert scripts == 0  # every module script carries the nonce first
    assert first.text.count(f'<script nonce="{nonce}" type="module"') == 1
    assert first.text.count('<link rel="modulepreload"') == 0
    assert first.text.count(f'<link nonce="{nonce}" rel="modulepreload"') >= 1
