"""The HTTP protocol of ``bridge serve``: uvicorn's httptools protocol with the limits a public server needs.

uvicorn's httptools protocol has no bound on the size or number of request headers and no time limit on
receiving them or a request body, so a client can hold memory and connections at will (slowloris). Here:

- request line and headers over 32 KiB (Node.js allows 16 KiB, nginx 32 KiB), or more than 100 header lines,
  get **431** and the connection is closed;
- a connection whose request headers are not complete 10 s after they started (or after the connection
  opened) gets **408** and is closed;
- a request body that stalls, with no bytes for 30 s, is closed (the app receives ``http.disconnect``); at
  shutdown that becomes 1 s, so a half-sent body does not hold ``docker stop`` until its SIGKILL.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol


@dataclass(frozen=True)
class HttpLimits:
    """The limits of ``bridge serve``'s HTTP protocol (``--header-timeout``, ``--body-timeout``)."""

    max_header_bytes: int = 32 * 1024
    """The most bytes of request line and headers a request may have."""
    max_headers: int = 100
    """The most header lines a request may have."""
    header_timeout: float = 10.0
    """Seconds a client has to send its request line and headers."""
    body_timeout: float = 30.0
    """Seconds a request body may go without a byte before the connection is closed."""
    shutdown_body_timeout: float = 1.0
    """``body_timeout`` once the server is shutting down."""


class _TooLarge(Exception):
    """Raised from a parser callback: the request's headers are over a limit."""


class LimitedHttpProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with header size and count limits and header and body time limits."""

    limits = HttpLimits()

    @classmethod
    def with_limits(cls, limits: HttpLimits) -> type[LimitedHttpProtocol]:
        """This protocol with other limits, for uvicorn's ``Config(http=...)``."""
        return type(cls.__name__, (cls,), {"limits": limits})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._limits = self.limits
        self._header_bytes = 0  # received since the current request began, while its headers are incomplete
        self._parsed_bytes = 0  # of the request line and header lines parsed so far
        self._header_lines = 0
        self._in_headers = True
        self._too_large = False
        self._body_timeout = self.limits.body_timeout
        self._timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm(self._limits.header_timeout, self._headers_timed_out)

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._in_headers:
            self._header_bytes += len(data)
            if self._timer is None:  # the first bytes of a request on a kept-alive connection
                self._arm(self._limits.header_timeout, self._headers_timed_out)
        super().data_received(data)
        if self.transport.is_closing():
            self._disarm()
        elif self._in_headers and self._header_bytes > self._limits.max_header_bytes:
            self._refuse(431, "Request Header Fields Too Large")
        elif self._receiving_body():
            self._arm(self._body_timeout, self._body_stalled)

    def on_message_begin(self) -> None:
        self._parsed_bytes = self._header_lines = 0
        super().on_message_begin()

    def on_url(self, url: bytes) -> None:
        self._count(len(url))
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        self._header_lines += 1
        self._count(len(name) + len(value) + 4)
        super().on_header(name, value)

    def on_headers_complete(self) -> None:
        self._in_headers = False
        self._disarm()
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self._in_headers, self._header_bytes = True, 0
        self._disarm()  # armed again by the next request's first bytes

    def send_400_response(self, msg: str) -> None:
        if self._too_large:  # a parser callback refused the headers
            self._refuse(431, "Request Header Fields Too Large")
        else:
            super().send_400_response(msg)

    def shutdown(self) -> None:
        super().shutdown()
        self._body_timeout = self._limits.shutdown_body_timeout
        if self._receiving_body():
            self._arm(self._body_timeout, self._body_stalled)

    def _count(self, size: int) -> None:
        self._parsed_bytes += size
        if self._parsed_bytes > self._limits.max_header_bytes or self._header_lines > self._limits.max_headers:
            self._too_large = True
            raise _TooLarge

    def _receiving_body(self) -> bool:
        cycle = self.cycle
        return not self._in_headers and cycle is not None and cycle.more_body and not cycle.response_complete

    def _arm(self, seconds: float, callback: Any) -> None:
        self._disarm()
        self._timer = self.loop.call_later(seconds, callback)

    def _disarm(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _headers_timed_out(self) -> None:
        self._timer = None
        if self._in_headers and not self.transport.is_closing():
            self._refuse(408, "Request Timeout")

    def _body_stalled(self) -> None:
        self._timer = None
        if self._receiving_body() and not self.transport.is_closing():
            self.logger.info("closing a connection whose request body stalled for %.0f s", self._body_timeout)
            self.transport.close()

    def _refuse(self, status: int, phrase: str) -> None:
        self._disarm()
        text = f"{status} {phrase}".encode()
        head = f"HTTP/1.1 {status} {phrase}\r\ncontent-type: text/plain; charset=utf-8\r\n"
        self.transport.write(head.encode() + b"content-length: %d\r\nconnection: close\r\n\r\n" % len(text) + text)
        self.transport.close()
