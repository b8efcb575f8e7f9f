"""Reading route params and query-string values, which are a string or, when repeated, a list."""

from __future__ import annotations

Value = str | list[str]


def first(value: Value | None) -> str:
    """One string from a param or query value: the first if repeated, "" if absent."""
    if value is None:
        return ""
    if isinstance(value, list):
        return value[0] if value else ""
    return value


def as_list(value: Value | None) -> list[str]:
    """A catch-all param (or repeated query value) as a list."""
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def positive_int(text: str) -> int | None:
    """``text`` as an int if written canonically: "7", not "07", "+7", "7.0" or "-7"."""
    if text.isascii() and text.isdigit() and not text.startswith("0"):
        return int(text)
    return None
