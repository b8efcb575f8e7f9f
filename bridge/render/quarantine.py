"""Which render inputs ran past their time limit lately, so that the render pool refuses them for a moment.

A render's input is its page and its page data. When one input runs past the time limit, that input is
quarantined for ``QUARANTINE`` time limits: renders of it fail at once instead of spinning until their
limit. Other inputs of the same page still render (``/table?n=20000`` must not take ``/table?n=5`` down for
everyone), but the page is *suspect* for as long: the pool renders one input of a suspect page at a time,
so a flood of different runaway inputs of one page holds at most one engine, and other pages keep the rest.

Refusals are logged here, not by the caller: one line per page at most every ``LOG_EVERY`` seconds, with a
count, instead of one traceback per refused request.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time

from ..errors import RenderQuarantined

logger = logging.getLogger("bridge.render")

QUARANTINE = 2
"""How many time limits an input that timed out is not rendered for (and its page is suspect)."""
LOG_EVERY = 10.0
"""Seconds between two log lines about refused renders of one page."""

InputKey = tuple[str, bytes]
"""A render's input: the page and a digest of its page data."""


def input_key(page: str, data_json: str) -> InputKey:
    """The identity of a render's input."""
    return page, hashlib.blake2b(data_json.encode(), digest_size=16).digest()


class Quarantine:
    """The inputs quarantined after a timeout, and the pages they make suspect; safe to share by threads."""

    def __init__(self, timeout: float) -> None:
        self._seconds = QUARANTINE * timeout
        self._lock = threading.Lock()
        self._inputs: dict[InputKey, float] = {}  # input -> until when (time.monotonic()) it is refused
        self._pages: dict[str, float] = {}  # page -> until when it is suspect
        self._refused: dict[str, int] = {}  # page -> refusals not logged yet
        self._logged: dict[str, float] = {}  # page -> when refusals were last logged

    def add(self, key: InputKey) -> None:
        """Quarantines an input that ran past its time limit, and makes its page suspect."""
        now = time.monotonic()
        with self._lock:
            self._inputs = {k: until for k, until in self._inputs.items() if until > now}  # forget expired ones
            self._inputs[key] = self._pages[key[0]] = now + self._seconds

    def suspect(self, page: str) -> bool:
        """Whether an input of ``page`` timed out lately."""
        return time.monotonic() < self._pages.get(page, 0.0)

    def refusal(self, key: InputKey) -> RenderQuarantined | None:
        """The error to fail a render of a quarantined input with (counted and logged), else None."""
        now = time.monotonic()
        page = key[0]
        with self._lock:
            if now >= self._inputs.get(key, 0.0):
                return None
            refused = self._refused[page] = self._refused.get(page, 0) + 1
            if now - self._logged.get(page, -LOG_EVERY) >= LOG_EVERY:
                self._logged[page], self._refused[page] = now, 0
                logger.warning(
                    "%s: refused %d render(s) of input that ran past its time limit moments ago "
                    "(logged at most every %.0f s)",
                    page,
                    refused,
                    LOG_EVERY,
                )
        return RenderQuarantined(f"{page} ran past its time limit moments ago with the same data")
