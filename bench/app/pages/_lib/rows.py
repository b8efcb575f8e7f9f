"""The rows both apps render: bench/shared/rows.js ported to Python, from the same word lists.

Deterministic and cheap, so that the render, not the data, dominates. The runner checks that both apps
show the same text.
"""

from __future__ import annotations

import json
import re
from operator import itemgetter
from pathlib import Path
from typing import Any

WORDS: dict[str, list[str]] = json.loads((Path(__file__).parents[3] / "shared" / "words.json").read_text("utf-8"))
DEFAULT_N = 10
MAX_N = 5000
MAX_ID = 1_000_000
_DIGITS = re.compile(r"[0-9]+")  # as JS's /^\d+$/: ASCII digits only


_LISTS = itemgetter("adjectives", "nouns", "firsts", "lasts", "tags")
"""The word lists, taken apart as rows.js destructures them (a generator there cost a fifth of the rows' time)."""


def row(id: int) -> dict[str, Any]:
    """Row ``id`` (1-based): id, title, author, year and two different tags."""
    adjectives, nouns, firsts, lasts, tags = _LISTS(WORDS)
    first = id % len(tags)
    second = (first + 1 + id % (len(tags) - 1)) % len(tags)
    return {
        "id": id,
        "title": f"The {adjectives[id % len(adjectives)]} {nouns[id * 7 % len(nouns)]}",
        "author": f"{firsts[id * 3 % len(firsts)]} {lasts[id * 5 % len(lasts)]}",
        "year": 1800 + id * 37 % 220,
        "tags": [tags[first], tags[second]],
    }


def row_count(value: str | list[str] | None) -> int:
    """``?n=`` as a row count: DEFAULT_N when absent or not a number, clamped to 1..MAX_N."""
    text = value[0] if isinstance(value, list) else value
    n = int(text) if text is not None and _DIGITS.fullmatch(text) else DEFAULT_N
    return min(max(n, 1), MAX_N)


def list_props(n: int) -> dict[str, Any]:
    """Props of the list page."""
    return {"n": n, "rows": [row(id) for id in range(1, n + 1)]}


def item_props(value: str) -> dict[str, Any] | None:
    """Props of the detail page, or None for an id that is not 1..MAX_ID."""
    if not _DIGITS.fullmatch(value):
        return None
    id = int(value)
    if not 1 <= id <= MAX_ID:
        return None
    return {"item": row(id), "related": [row((id + k - 1) % MAX_ID + 1) for k in (1, 2, 3)]}
