"""Behind a reverse proxy (TLS terminated by nginx, Caddy, a load balancer): the request's scheme, host and
client as the browser sent them, read from ``X-Forwarded-Proto``, ``X-Forwarded-Host`` and
``X-Forwarded-For``, but only when the connection comes from a trusted proxy address.

``bridge serve --forwarded-allow-ips`` puts ``ProxyHeaders`` in front of the app. Mounted in your own app,
run your server with the same (uvicorn's ``--proxy-headers --forwarded-allow-ips``), or wrap the app:
``ProxyHeaders(app, trusted_hosts="10.0.0.0/8")``. bridge's CSRF check then compares a form's ``Origin``
with ``https://<forwarded host>``, and the CSRF cookie is ``Secure`` over https.
"""

from __future__ import annotations

import ipaddress

from starlette.types import ASGIApp, Receive, Scope, Send
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware


class TrustedProxies:
    """Proxy addresses: IPs and networks, comma-separated (``"127.0.0.1, 10.0.0.0/8"``), or ``"*"``."""

    KNOWN = 1024
    """How many client addresses' answers are kept: parsing an address is a tenth of a data request's time."""

    def __init__(self, trusted: str | list[str]) -> None:
        items = [item.strip() for item in (trusted.split(",") if isinstance(trusted, str) else trusted)]
        self.everyone = "*" in items
        self.networks = [ipaddress.ip_network(item, strict=False) for item in items if item and item != "*"]
        self._known: dict[str, bool] = {}

    def __contains__(self, host: object) -> bool:
        if self.everyone:
            return True
        text = str(host)
        trusted = self._known.get(text)
        if trusted is None:
            if len(self._known) >= self.KNOWN:
                self._known.clear()
            trusted = self._known[text] = self._trusts(text)
        return trusted

    def _trusts(self, host: str) -> bool:
        try:
            address = ipaddress.ip_address(host)
        except ValueError:
            return False
        return any(address in network for network in self.networks)


class ProxyHeaders:
    """ASGI middleware: from a trusted proxy, ``X-Forwarded-Host`` becomes the ``Host`` header, and
    uvicorn's ProxyHeadersMiddleware sets the scheme and client from ``X-Forwarded-Proto`` and ``-For``."""

    def __init__(self, app: ASGIApp, trusted_hosts: str | list[str] = "127.0.0.1") -> None:
        self.trusted = TrustedProxies(trusted_hosts)
        self.app = app
        self.forwarded = ProxyHeadersMiddleware(app, trusted_hosts)  # type: ignore[arg-type]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        client = scope.get("client")
        if scope["type"] not in ("http", "websocket") or not client or client[0] not in self.trusted:
            await self.app(scope, receive, send)
            return
        forwarded = [value for name, value in scope["headers"] if name == b"x-forwarded-host"]
        if forwarded:
            host = b",".join(forwarded).split(b",")[-1].strip()  # the one the nearest proxy, trusted, set
            headers = [(name, value) for name, value in scope["headers"] if name != b"host"]
            scope = {**scope, "headers": [*headers, (b"host", host)]}
        await self.forwarded(scope, receive, send)  # type: ignore[arg-type]
