"""console.* during server rendering goes to Python logging, on both engines: logger
``bridge.console.<page>``, the level by method, and at most 100 lines and 16 Ki characters per render
(js/src/console.js), the rest replaced by one warning that says how many lines were dropped."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import httpx
import pytest

from .conftest import App

pytestmark = pytest.mark.anyio

LOGGER = "bridge.console.console"
MAX_LINES = 100
MAX_CHARS = 16 * 1024
METHOD_LINES = 6  # what /console logs before its bulk lines


@pytest.fixture
async def http(app: App, engine: str) -> AsyncIterator[httpx.AsyncClient]:
    bridge = app.bridge(engine=engine, render_threads=1)
    try:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=bridge), base_url="http://t") as client:
            yield client
    finally:
        bridge.close()


async def logged(http: httpx.AsyncClient, caplog: pytest.LogCaptureFixture, **query: int) -> list[logging.LogRecord]:
    caplog.clear()
    caplog.set_level(logging.DEBUG, logger="bridge.console")
    response = await http.get("/console", params=query)
    assert response.status_code == 200
    assert '<p id="console">logged</p>' in response.text
    return [record for record in caplog.records if record.name == LOGGER]


def texts(records: list[logging.LogRecord]) -> list[str]:
    prefix = "[console] "
    assert all(record.getMessage().startswith(prefix) for record in records)
    return [record.getMessage()[len(prefix) :] for record in records]


async def test_levels_by_method(http: httpx.AsyncClient, caplog: pytest.LogCaptureFixture) -> None:
    records = await logged(http, caplog)
    levels = [record.levelno for record in records]
    assert levels == [logging.INFO, logging.INFO, logging.DEBUG, logging.WARNING, logging.ERROR, logging.DEBUG]
    lines = texts(records)
    assert lines[:4] == ['log line {"answer":42}', "info line", "debug line", "warn line"]
    assert lines[4].startswith("error line Error: an error object\n")  # an Error is logged with its stack
    assert lines[5] == "trace line"


async def test_at_most_100_lines_per_render(http: httpx.AsyncClient, caplog: pytest.LogCaptureFixture) -> None:
    records = await logged(http, caplog, lines=200, size=10)
    lines = texts(records)
    assert len(lines) == MAX_LINES + 1
    dropped = METHOD_LINES + 200 - MAX_LINES
    assert lines[-1] == f"console output truncated: {dropped} more lines dropped"
    assert records[-1].levelno == logging.WARNING
    assert lines[-2] == f"bulk {MAX_LINES - METHOD_LINES - 1} {'z' * 10}"
    # the next render starts afresh
    assert len(await logged(http, caplog)) == METHOD_LINES


async def test_at_most_16k_characters_per_render(http: httpx.AsyncClient, caplog: pytest.LogCaptureFixture) -> None:
    records = await logged(http, caplog, lines=40, size=1000)
    lines = texts(records)
    kept, notice = lines[:-1], lines[-1]
    assert sum(len(line) for line in kept) <= MAX_CHARS
    assert sum(len(line) for line in kept) > MAX_CHARS - 1100  # full up to one more bulk line
    assert notice == f"console output truncated: {METHOD_LINES + 40 - len(kept)} more lines dropped"
    assert all(line.startswith("bulk ") for line in kept[METHOD_LINES:])


async def test_a_line_over_the_bound_is_dropped_whole(
    http: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    lines = texts(await logged(http, caplog, lines=1, size=100_000))
    assert len(lines) == METHOD_LINES + 1
    assert lines[-1] == "console output truncated: 1 more lines dropped"
    assert all(len(line) < 2000 for line in lines)
