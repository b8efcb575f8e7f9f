"""Do both apps show the same thing? The visible text and the links of a page's body, and the props of its
data route, compared between servers."""

from __future__ import annotations

import gzip
import html
import json
import re
import urllib.request
from dataclasses import dataclass
from typing import Any

import brotli

_BODY = re.compile(r"<body[^>]*>(.*)</body>", re.DOTALL | re.IGNORECASE)
_HIDDEN = re.compile(r"<(script|style|noscript|template)\b[^>]*>.*?</\1\s*>", re.DOTALL | re.IGNORECASE)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
_HREF = re.compile(r"<a\b[^>]*?\bhref=\"([^\"]*)\"", re.IGNORECASE)


@dataclass(frozen=True)
class View:
    """What a reader sees of a page: its text (whitespace collapsed) and where its links go."""

    text: str
    links: tuple[str, ...]


def view(document: str) -> View:
    """The visible text and link targets of an HTML document's body; scripts, styles and comments dropped."""
    match = _BODY.search(document)
    body = _HIDDEN.sub(" ", match.group(1) if match else document)
    links = tuple(html.unescape(href) for href in _HREF.findall(body))
    text = _TAG.sub(" ", _COMMENT.sub("", body))
    return View(" ".join(html.unescape(text).split()), links)


def get(url: str) -> tuple[int, bytes]:
    """Status and body of a GET."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            status: int = response.status
            return status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def get_view(url: str) -> View:
    """The view of the page at ``url``; raises if it does not answer 200."""
    status, body = get(url)
    if status != 200:
        raise CheckError(f"GET {url} answered {status}")
    return view(body.decode())


def get_cached(url: str) -> tuple[View, bool]:
    """The view of the bridge page at ``url``, and whether its render came from bridge's render cache (its
    Server-Timing header says ``desc="cache hit"``); raises on an HTTP error."""
    with urllib.request.urlopen(url, timeout=30) as response:
        timing = response.headers.get("server-timing", "")
        return view(response.read().decode()), 'desc="cache hit"' in timing


def get_encoded(url: str, headers: dict[str, str]) -> tuple[str, View]:
    """The ``Content-Encoding`` of the page at ``url`` fetched with ``headers``, and its view once decoded
    (brotli or gzip); raises on an HTTP error."""
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30) as response:
        encoding: str = response.headers.get("content-encoding", "")
        body = response.read()
    decoded = brotli.decompress(body) if encoding == "br" else gzip.decompress(body) if encoding == "gzip" else body
    return encoding, view(decoded.decode())


def get_json(url: str) -> Any:
    """The JSON document at ``url``; raises if it does not answer 200."""
    status, body = get(url)
    if status != 200:
        raise CheckError(f"GET {url} answered {status}")
    return json.loads(body)


class CheckError(RuntimeError):
    """A page could not be fetched for the check."""


def differences(name: str, expected: View, actual: View) -> list[str]:
    """Human-readable differences between two views of the same page (empty when they agree)."""
    problems = []
    if expected.text != actual.text:
        at = next((i for i, (a, b) in enumerate(zip(expected.text, actual.text, strict=False)) if a != b), None)
        at = min(len(expected.text), len(actual.text)) if at is None else at
        problems.append(
            f"{name}: visible text differs at character {at}: "
            f"{expected.text[max(0, at - 40) : at + 40]!r} vs {actual.text[max(0, at - 40) : at + 40]!r}"
        )
    if expected.links != actual.links:
        problems.append(f"{name}: links differ: {expected.links[:5]}... vs {actual.links[:5]}...")
    return problems
