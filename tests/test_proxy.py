"""bridge behind a TLS-terminating proxy: from a trusted address, X-Forwarded-Proto/-Host make the CSRF
origin check and the cookie follow what the browser sees; from any other address they are ignored."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from processes import bridge_command

from bridge.proxy import ProxyHeaders, TrustedProxies

pytestmark = pytest.mark.anyio

PAGES = {
    "index.jsx": "import { Form } from 'bridge/form';\n"
    "export default function Home({ n }) { return <Form method='post'><button>go {n}</button></Form>; }",
    "index.py": "def get_server_side_props(context):\n    return {'props': {'n': 1}}\n\n"
    "def post(context):\n    return {'redirect': {'destination': '/?done=1'}}\n",
}
FORWARDED = {"x-forwarded-proto": "https", "x-forwarded-host": "shop.example", "x-forwarded-for": "203.0.113.9"}


@pytest.fixture
async def proxied(build_pages: Any) -> AsyncIterator[Any]:
    bridge = build_pages(PAGES).bridge(render_threads=1)

    def client(trusted: str) -> httpx.AsyncClient:
        transport = httpx.ASGITransport(app=ProxyHeaders(bridge, trusted), client=("10.0.0.5", 4321))
        return httpx.AsyncClient(transport=transport, base_url="http://backend:8000")

    yield client
    bridge.close()


async def post_form(client: httpx.AsyncClient, origin: str) -> httpx.Response:
    page = await client.get("/", headers=FORWARDED)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token is not None
    # The cookie goes back by hand: the client talks plain http to the backend, so it keeps a Secure cookie.
    headers = {**FORWARDED, "origin": origin, "cookie": f"bridge_csrf={token[1]}"}
    return await client.post("/", data={"csrf_token": token[1]}, headers=headers)


async def test_a_trusted_proxys_scheme_and_host_pass_the_origin_check(proxied: Any) -> None:
    async with proxied("10.0.0.0/8") as client:
        first = await client.get("/", headers=FORWARDED)
        assert "; Secure" in first.headers["set-cookie"]
        answer = await post_form(client, "https://shop.example")
        assert answer.status_code == 303, answer.text
        refused = await post_form(client, "https://evil.example")
        assert refused.status_code == 403
        assert "(https://evil.example, not https://shop.example)" in refused.text


async def test_forwarded_headers_from_an_untrusted_address_are_ignored(proxied: Any) -> None:
    async with proxied("127.0.0.1") as client:
        first = await client.get("/", headers=FORWARDED)
        assert "Secure" not in first.headers["set-cookie"]
        answer = await post_form(client, "https://shop.example")
        assert answer.status_code == 403
        assert "(https://shop.example, not http://backend:8000)" in answer.text


def test_trusted_proxies_take_addresses_networks_and_a_star() -> None:
    trusted = TrustedProxies("127.0.0.1, 10.0.0.0/8,::1")
    assert "10.200.1.1" in trusted and "127.0.0.1" in trusted and "::1" in trusted
    assert "192.168.0.1" not in trusted and "unix-socket" not in trusted
    assert "192.168.0.1" in TrustedProxies("*")


def test_trusted_proxies_remember_answers_within_a_bound() -> None:
    trusted = TrustedProxies("10.0.0.0/8")
    for i in range(TrustedProxies.KNOWN + 10):  # more addresses than it keeps: still right for each
        assert (f"10.0.{i // 256}.{i % 256}" in trusted) is True
        assert (f"11.0.{i // 256}.{i % 256}" in trusted) is False
    assert len(trusted._known) <= TrustedProxies.KNOWN
    assert "not an address" not in trusted
    assert "not an address" not in trusted  # (the second answer comes from memory)


def test_bridge_serve_checks_forwarded_allow_ips(tmp_path: Path) -> None:
    import subprocess

    result = subprocess.run(
        [*bridge_command(), "serve", "--forwarded-allow-ips", "10.0.0.0/33"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "Invalid value for --forwarded-allow-ips" in result.stderr
    assert "10.0.0.0/33" in result.stderr
