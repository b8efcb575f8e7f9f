"""Reading an action's request body before the handler runs: bounded in size, parsed by content type.

``application/x-www-form-urlencoded`` and ``multipart/form-data`` become a Starlette ``FormData``
(uploads as ``UploadFile``), ``application/json`` a parsed value. Too large a body is a 413, a
malformed one a 400, each with a message saying what was wrong. Parsing runs on the event loop: the body
limit (1 MiB by default) and the field count, checked before parsing, keep it short.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import orjson
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException
from starlette.requests import Request
from starlette.types import Message

MAX_FILES = 100
MAX_FIELDS = 1000


class BodyError(Exception):
    """The body cannot be accepted: ``status`` is 413 (too large) or 400 (malformed)."""

    def __init__(self, status: int, message: str) -> None:
        self.status = status
        super().__init__(message)


@dataclass(frozen=True)
class Body:
    """A parsed request body: form data, JSON, or neither."""

    form: FormData | None = None
    json: Any = None

    def values(self) -> dict[str, Any]:
        """The submitted values to refill a form with: the text fields of a form (a list for a name sent
        more than once, such as checked boxes, as in ``context.query``), or a JSON object."""
        if self.form is None:
            return self.json if isinstance(self.json, dict) else {}
        return grouped((key, value) for key, value in self.form.multi_items() if isinstance(value, str))


def grouped(pairs: Iterable[tuple[str, str]]) -> dict[str, str | list[str]]:
    """Name/value pairs as Next.js gives a query: one value per name, a list when the name repeats."""
    values: dict[str, str | list[str]] = {}
    for key, value in pairs:
        existing = values.get(key)
        if existing is None:
            values[key] = value
        elif isinstance(existing, list):
            existing.append(value)
        else:
            values[key] = [existing, value]
    return values


async def read_body(request: Request, max_bytes: int) -> Body:
    """Reads and parses the body of ``request``; raises BodyError."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > max_bytes:
        raise BodyError(413, f"the request body is {declared} bytes; the limit is {max_bytes}")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > max_bytes:
            raise BodyError(413, f"the request body is over the limit of {max_bytes} bytes")
        chunks.append(chunk)
    raw = b"".join(chunks)
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type == "application/x-www-form-urlencoded" and raw.count(b"&") >= MAX_FIELDS:
        # every field counts, empty ones too (Starlette's parser skips those, parsing them all first)
        raise BodyError(400, f"the form data is malformed: more than {MAX_FIELDS} fields")
    if media_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        return Body(form=await _parse_form(request, raw))
    if media_type == "application/json" or media_type.endswith("+json"):
        try:
            return Body(json=orjson.loads(raw))
        except orjson.JSONDecodeError as exc:
            raise BodyError(400, f"the request body is not valid JSON: {exc}") from None
    return Body()


async def _parse_form(request: Request, raw: bytes) -> FormData:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": raw, "more_body": False}

    try:
        return await Request(request.scope, replay).form(max_files=MAX_FILES, max_fields=MAX_FIELDS)
    except (MultiPartException, HTTPException) as exc:
        detail = exc.message if isinstance(exc, MultiPartException) else exc.detail
        raise BodyError(400, f"the form data is malformed: {detail}") from None
