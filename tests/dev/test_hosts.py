"""`bridge dev` answers only host names that cannot be an attacker's (DNS rebinding): loopback names, IP
addresses and the ones passed with ``--allowed-host``; any other Host header gets 400 and nothing else."""

from __future__ import annotations

import http.client
from collections.abc import Iterator

import pytest

from .support import DevProcess, copy_app


@pytest.fixture(scope="module")
def allowing(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DevProcess]:
    """`bridge dev` allowing one extra host name, through its environment variable."""
    server = DevProcess(copy_app(tmp_path_factory.mktemp("hosts")), {"BRIDGE_ALLOWED_HOSTS": "dev.example.test"})
    server.start()
    try:
        yield server
    finally:
        server.stop()


def get(server: DevProcess, path: str, host: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        connection.request("GET", path, headers={"Host": host})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


@pytest.mark.parametrize("path", ["/", "/_bridge/events"])
def test_another_host_name_gets_400(allowing: DevProcess, path: str) -> None:
    status, body = get(allowing, path, f"evil.example:{allowing.port}")
    assert status == 400, f"Host: evil.example was answered {status}"
    assert b"--allowed-host" in body


@pytest.mark.parametrize("host", ["localhost", "app.localhost", "127.0.0.1", "[::1]", "dev.example.test"])
def test_loopback_names_addresses_and_allowed_hosts_are_served(allowing: DevProcess, host: str) -> None:
    status, _ = get(allowing, "/", f"{host}:{allowing.port}")
    assert status == 200
